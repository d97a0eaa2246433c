import time

from django.db.models import ProtectedError
from django.test.utils import override_settings

from tdu.demo import history, paths
from tdu.demo.grand_est import DemoBuilder, delete_demo, demo_present
from tdu.references.models import Region
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = (
        "Charge le jeu de démonstration Grand Est : environ 2 000 offres et 300 sessions financées autour "
        "de Metz, Nancy, Strasbourg, Reims, Mulhouse… Sans effet s'il est déjà chargé (voir --reset)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Supprimer d'abord les données de démonstration déjà présentes, puis les recharger.",
        )

    def handle(self, *args, **options):
        # The demo path sends its emails after commit, at the end of the command: keep them in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            return super().handle(*args, **options)

    def run(self, *args, **options):
        started = time.monotonic()
        if demo_present() and not options["reset"]:
            self.info(
                "Données de démonstration déjà présentes : rien n'a été modifié. "
                "Relancez avec --reset pour les supprimer et les recharger."
            )
        else:
            self.load_catalogue(options, started)
        created = paths.load()
        if created:
            self.success(
                f"Comptes de démonstration et {created} candidatures (une par état du parcours) créés."
            )
        generated = history.load_demo_history(Region.objects.get(code=paths.REGION))
        if generated:
            self.success(
                f"Historique de démonstration : {generated} candidatures sur deux ans, avec leurs suivis à 6 et "
                "12 mois, et les indicateurs de pilotage calculés."
            )
        self.info(f"Comptes de démonstration (mot de passe : {paths.PASSWORD}) :")
        for address, _, role in paths.accounts_summary():
            self.info(f"  {address:<45} {role}")

    def load_catalogue(self, options, started):
        if demo_present():
            try:
                deleted = delete_demo()
            except ProtectedError:
                self.fail(
                    "Impossible de supprimer les données de démonstration : des candidatures ou d'autres "
                    "enregistrements y sont rattachés. Supprimez-les d'abord."
                )
            self.info(f"Données de démonstration précédentes supprimées ({deleted} lignes).")
        builder = DemoBuilder()
        try:
            counts = builder.build()
        except LookupError as error:
            self.fail(str(error))
        self.success(f"Données de démonstration chargées en {time.monotonic() - started:.1f} s :")
        for line in counts.lines():
            self.info(f"  {line}")
        if not builder.region.is_deployed:
            self.info(
                f"Remarque : la Région {builder.region} n'est pas marquée « service ouvert » "
                "dans l'administration des régions."
            )
