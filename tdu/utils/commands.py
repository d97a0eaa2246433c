"""One base for management commands: logging, one transaction, --dry-run, progress bars."""

import logging
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm


class DryRunRollback(Exception):
    """Raised at the end of a dry run to roll the transaction back."""


class TduCommand(BaseCommand):
    """Subclasses implement `run(*args, **options)`; it runs inside one transaction.

    With --dry-run everything is done and validated, then rolled back.
    Set `atomic = False` for commands that commit in batches themselves (bulk generators).
    """

    atomic = True
    # Commands that commit in batches (atomic = False) cannot roll back: they say whether they simulate.
    handles_dry_run = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tout vérifier et tout calculer, puis annuler : rien n'est écrit.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Ne pas afficher de barre de progression."
        )

    def handle(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        self.dry_run = options.get("dry_run", False)
        self.show_progress = not options.get("no_progress") and self.verbosity > 0
        self.logger = logging.getLogger(f"tdu.commands.{self.__module__.rsplit('.', 1)[-1]}")
        started = time.monotonic()
        if self.dry_run and not self.atomic and not self.handles_dry_run:
            raise CommandError("--dry-run n'est pas disponible pour cette commande : elle écrit par lots.")
        try:
            if self.atomic:
                with transaction.atomic():
                    self.run(*args, **options)
                    if self.dry_run:
                        raise DryRunRollback
            else:
                self.run(*args, **options)
        except DryRunRollback:
            self.info("Simulation (--dry-run) : aucune modification n'a été enregistrée.")
        self.logger.info("%s finished in %.1f s", self.__module__, time.monotonic() - started)

    def run(self, *args, **options):
        raise NotImplementedError

    def progress(self, iterable=None, total=None, desc=None, unit="lignes"):
        return tqdm(
            iterable,
            total=total,
            desc=desc,
            unit=f" {unit}",
            disable=not self.show_progress,
            file=sys.stderr,
            leave=False,
            mininterval=0.5,
        )

    def info(self, message):
        if self.verbosity > 0:
            self.stdout.write(message)

    def success(self, message):
        if self.verbosity > 0:
            self.stdout.write(self.style.SUCCESS(message))

    def fail(self, message):
        raise CommandError(message)
