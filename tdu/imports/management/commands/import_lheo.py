from tdu.imports.commands import ImportCommand
from tdu.imports.lheo import import_lheo
from tdu.imports.models import ImportSource
from tdu.utils.sources import local_copy


class Command(ImportCommand):
    help = (
        "Importe l'offre de formation d'une Région depuis un flux LHEO 2.2 ou 2.3 (fichier, « - » ou adresse "
        "http(s)/file). Par défaut les sessions valides sont importées et les autres rapportées (--all-or-nothing : "
        "rien si une seule est rejetée). --full : le flux est complet, les sessions qui en ont disparu sont fermées."
    )
    source = ImportSource.LHEO

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("source", help="Chemin du fichier, « - » pour l'entrée standard, ou adresse.")
        parser.add_argument(
            "--region", required=True, help="Code INSEE de la Région dont c'est le flux (ex. 44)."
        )
        parser.add_argument(
            "--full", action="store_true", help="Flux complet : fermer les sessions disparues."
        )

    def run(self, *args, **options):
        region = self.region(options["region"])
        with local_copy(options["source"], suffix=".xml") as path:
            self.execute_import(
                lambda partial: import_lheo(path, region, partial=partial, full=options["full"]),
                region=region,
                origin=options["source"],
                options=options,
            )
