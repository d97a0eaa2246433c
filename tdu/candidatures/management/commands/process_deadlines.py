from tdu.candidatures.services.application import process_deadlines
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = (
        "Relance les entreprises (5 jours ouvrés) et fait expirer les candidatures sans réponse (30 jours)."
    )
    atomic = False  # each candidature in its own transaction

    def run(self, *args, **options):
        reminded, expired = process_deadlines()
        self.success(
            f"{reminded} relance(s) inscrite(s) au récapitulatif du jour, {expired} candidature(s) expirée(s)."
        )
