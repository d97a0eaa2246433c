from pathlib import Path

from tdu.references.rome_referentiel import ReferentielError, import_referentiel
from tdu.references.signals import rome_codes_changed
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = (
        "Importe le référentiel ROME officiel de France Travail (codes parents, appellations, domaines) "
        "depuis le dossier DIR (fichiers unix_referentiel_*_utf8.csv et cr_gd_dp_v4_utf8.csv)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("directory", type=Path, help="Dossier contenant les fichiers du référentiel.")

    def run(self, *args, **options):
        try:
            reports = import_referentiel(options["directory"])
        except ReferentielError as error:
            self.fail(str(error))
        for report in reports:
            self.info(str(report))
        if any(report.changed for report in reports if report.name == "Codes ROME"):
            rome_codes_changed.send(sender=self.__class__)
        self.success("Référentiel ROME importé.")
