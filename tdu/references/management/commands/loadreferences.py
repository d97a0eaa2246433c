from tdu.references.loaders import load_all
from tdu.references.signals import rome_codes_changed
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = "Charge les référentiels livrés avec le projet (régions, départements, communes, ROME, NAF)."

    def run(self, *args, **options):
        reports = load_all(progress=lambda rows: self.progress(rows, desc="Communes"))
        for report in reports:
            self.info(str(report))
        total = sum(r.changed for r in reports)
        if any(r.changed for r in reports if r.name == "Codes ROME"):
            rome_codes_changed.send(sender=self.__class__)
        self.success(
            "Référentiels à jour." if total == 0 else f"Référentiels chargés : {total} lignes écrites."
        )
