from tdu.jobs.schedule import run_all
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = "Lance à la main les tâches périodiques (échéances, suivis, rappels ; --digest : récapitulatif du jour)."
    atomic = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--digest", action="store_true", help="Envoyer aussi le récapitulatif quotidien.")

    def run(self, *args, **options):
        for name, value in run_all(digest=options["digest"]).items():
            self.info(f"{name} : {value}")
