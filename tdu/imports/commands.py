"""What the import commands share: the mode options, the recorded run, the summary and the rejects report."""

from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from tdu.imports import runs
from tdu.references.models import Region
from tdu.utils.commands import DryRunRollback, TduCommand
from tdu.utils.errors import DomainError
from tdu.utils.imports import ImportRefused


class ImportCommand(TduCommand):
    atomic = False  # partial imports commit batch by batch, so that the site keeps answering
    handles_dry_run = True
    source = ""
    default_partial = True

    def add_arguments(self, parser):
        super().add_arguments(parser)
        modes = parser.add_mutually_exclusive_group()
        modes.add_argument(
            "--partial", dest="partial", action="store_true", default=None,
            help="Écrire les enregistrements valides et rapporter les autres.",
        )  # fmt: skip
        modes.add_argument(
            "--all-or-nothing", dest="partial", action="store_false",
            help="Un seul enregistrement rejeté et rien n'est écrit.",
        )  # fmt: skip
        parser.add_argument(
            "--rejects", type=Path, help="Écrire le rapport des rejets (CSV) dans ce fichier."
        )

    def handle(self, *args, **options):
        try:
            return super().handle(*args, **options)
        except DomainError as error:  # an unreadable source, before any run starts
            raise CommandError(error.message) from None

    def region(self, code):
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            self.fail(f"Région inconnue : code INSEE « {code} » (ex. 44 pour le Grand Est).")
        return region

    def execute_import(self, work, *, region=None, origin="", options):
        partial = self.default_partial if options["partial"] is None else options["partial"]
        try:
            if self.dry_run:
                with transaction.atomic():
                    report = work(partial)
                    self._summary(report, options)
                    raise DryRunRollback
            run, report = runs.record(
                self.source, lambda: work(partial), region=region, origin=origin, partial=partial
            )
        except DryRunRollback:
            raise
        except ImportRefused as refused:
            self._write_rejects(refused.report, options)
            self.fail(str(refused))
        except DomainError as error:
            self.fail(error.message)
        self._summary(report, options)
        return report

    def _write_rejects(self, report, options):
        if options.get("rejects") and report.rejects:
            options["rejects"].write_text(report.rejects_csv(), encoding="utf-8")

    def _summary(self, report, options):
        self._write_rejects(report, options)
        self.success(f"Import terminé : {report.summary()}.")
        if report.rejects:
            self.info(report.first_rejects())
        for note in report.notes[:5]:
            self.info(note)
        if len(report.notes) > 5:
            self.info(f"… et {len(report.notes) - 5} autre(s) remarque(s).")
