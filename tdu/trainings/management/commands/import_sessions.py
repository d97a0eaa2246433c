from pathlib import Path

from tdu.trainings.imports import import_sessions
from tdu.utils.commands import TduCommand
from tdu.utils.csv_import import ImportFileError


class Command(TduCommand):
    help = (
        "Importe des sessions de formation depuis un fichier CSV (colonnes : siret_organisme, nom_organisme, "
        "intitule_formation, certification, codes_rome, niveau_entree, niveau_sortie, commune, date_debut, "
        "date_fin, places_financees, region_financeuse, recrutement_ouvert, identifiant). "
        "Une seule ligne fausse et rien n'est importé."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)

    def run(self, *args, **options):
        try:
            result = import_sessions(options["file"])
        except ImportFileError as error:
            self.fail(str(error))
        self.success(f"Sessions importées : {result.created} créées, {result.updated} mises à jour.")
