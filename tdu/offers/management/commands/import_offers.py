from pathlib import Path

from tdu.offers.imports import import_offers
from tdu.utils.commands import TduCommand
from tdu.utils.csv_import import ImportFileError


class Command(TduCommand):
    help = (
        "Importe des offres d'emploi depuis un fichier CSV (colonnes : siret_entreprise, nom_entreprise, commune, "
        "intitule, code_rome, type_contrat, duree_mois, postes, description, identifiant). "
        "Une seule ligne fausse et rien n'est importé."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)

    def run(self, *args, **options):
        try:
            result = import_offers(options["file"])
        except ImportFileError as error:
            self.fail(str(error))
        self.success(f"Offres importées : {result.created} créées, {result.updated} mises à jour.")
