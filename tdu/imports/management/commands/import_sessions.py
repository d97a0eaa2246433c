from tdu.imports.commands import ImportCommand
from tdu.imports.csv_files import import_sessions_csv
from tdu.imports.models import ImportSource
from tdu.utils.csv_import import ImportFileError


class Command(ImportCommand):
    help = "Importe des sessions de formation financées depuis un fichier CSV (colonnes : siret_organisme, nom_organisme, intitule_formation, certification, codes_rome, niveau_entree, niveau_sortie, commune, date_debut, date_fin, places_financees, region_financeuse, recrutement_ouvert, identifiant). Par défaut, une seule ligne fausse et rien n'est importé (--partial : les lignes valides le sont)."
    source = ImportSource.SESSIONS_CSV
    default_partial = False  # a hand-made file: all or nothing

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")

    def run(self, *args, **options):
        try:
            self.execute_import(
                lambda partial: import_sessions_csv(options["file"], partial=partial),
                origin=options["file"],
                options=options,
            )
        except ImportFileError as error:
            self.fail(str(error))
