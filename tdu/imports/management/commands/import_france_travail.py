from tdu.imports import france_travail
from tdu.imports.commands import ImportCommand
from tdu.imports.models import ImportSource
from tdu.utils.sources import local_copy


class Command(ImportCommand):
    help = (
        "Importe des offres de France Travail (« Offres d'emploi v2 ») : depuis une réponse de recherche "
        "enregistrée (FICHIER.json), ou avec --api --region CODE en interrogeant l'API pour les départements de la "
        "Région et les métiers de ses sessions financées (les offres qu'elle ne renvoie plus sont fermées)."
    )
    source = ImportSource.FRANCE_TRAVAIL

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "file", nargs="?", help="Réponse de recherche enregistrée (JSON), « - » ou adresse."
        )
        parser.add_argument(
            "--api", action="store_true", help="Interroger l'API (identifiants dans l'environnement)."
        )
        parser.add_argument("--region", help="Code INSEE de la Région (obligatoire avec --api).")

    def run(self, *args, **options):
        region = self.region(options["region"])
        if options["api"]:
            if options["file"] or region is None:
                self.fail("Avec --api, indiquez --region CODE et pas de fichier.")
            self.execute_import(
                lambda partial: france_travail.sync_region(region, partial=partial),
                region=region,
                origin="API Offres d'emploi v2",
                options=options,
            )
            return
        if not options["file"]:
            self.fail("Indiquez un fichier JSON, ou --api --region CODE.")
        with local_copy(options["file"], suffix=".json") as path:
            self.execute_import(
                lambda partial: france_travail.import_file(path, partial=partial, region=region),
                region=region,
                origin=options["file"],
                options=options,
            )
