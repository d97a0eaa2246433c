import resource
import time

from django.db import connection
from django.db.models import ProtectedError

from tdu.demo.catalogue import CatalogueGenerator, plan
from tdu.demo.cleanup import SeedRows, blocking_references, delete_seed
from tdu.demo.identifiers import MAX_CATALOGUE_ROWS, MAX_SEED
from tdu.utils.bulk import fast_writes
from tdu.utils.commands import TduCommand


def positive(value):
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(TduCommand):
    help = (
        "Génère un catalogue national fictif (offres d'emploi et sessions de formation financées) pour "
        "les tests de charge et les démonstrations. Les lignes sont insérées par lots, chacun dans sa "
        "transaction ; une même graine ne peut être générée deux fois sans --replace."
    )
    atomic = False  # one transaction per batch
    handles_dry_run = True  # prints the plan and writes nothing

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--offers", type=positive, default=10_000, help="Nombre d'offres (défaut : 10 000)."
        )
        parser.add_argument(
            "--sessions", type=positive, default=1_000, help="Nombre de sessions (défaut : 1 000)."
        )
        parser.add_argument("--seed", type=int, default=1, help=f"Graine, de 0 à {MAX_SEED} (défaut : 1).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=10_000,
            help="Lignes par lot et par transaction (défaut : 10 000).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Supprimer d'abord ce qui a été généré avec la même graine, puis générer à nouveau.",
        )

    def run(self, *args, **options):
        seed, batch_size = options["seed"], options["batch_size"]
        offers, sessions = options["offers"], options["sessions"]
        if not 0 <= seed <= MAX_SEED:
            self.fail(f"La graine doit être comprise entre 0 et {MAX_SEED} (reçu : {seed}).")
        if not 100 <= batch_size <= 100_000:
            self.fail(f"La taille de lot doit être comprise entre 100 et 100 000 (reçu : {batch_size}).")
        counts = plan(offers, sessions)
        if max(counts.companies, counts.organisations) >= MAX_CATALOGUE_ROWS:
            self.fail("Trop de lignes demandées : au plus 99 millions d'offres et 199 millions de sessions.")

        present = SeedRows.count(seed)
        if present and not options["replace"]:
            self.fail(
                f"Un catalogue généré avec la graine {seed} est déjà présent ({present}). "
                "Relancez avec --replace pour le remplacer, ou choisissez une autre graine avec --seed."
            )
        if self.dry_run:
            self.info(f"Simulation (--dry-run) : rien n'est écrit. Graine {seed}, à générer :")
            for line in counts.lines():
                self.info(line)
            if present:
                self.info(f"Seraient d'abord supprimés : {present}.")
            return

        if present:
            blocking = blocking_references(seed)
            if blocking:
                self.fail(
                    f"Impossible de remplacer le catalogue de la graine {seed} : des enregistrements réels y "
                    f"sont rattachés ({', '.join(blocking)}). Choisissez une autre graine."
                )
        with fast_writes():
            if present:
                started = time.monotonic()
                try:
                    deleted = delete_seed(seed, batch_size, self.progress)
                except ProtectedError:
                    self.fail(
                        f"Suppression du catalogue de la graine {seed} interrompue : des enregistrements réels "
                        "y sont rattachés. Les lots déjà supprimés le restent ; choisissez une autre graine."
                    )
                self.info(
                    f"Catalogue précédent de la graine {seed} supprimé en {time.monotonic() - started:.1f} s : "
                    f"{deleted}."
                )
            started = time.monotonic()
            generator = CatalogueGenerator(
                offers=offers, sessions=sessions, seed=seed, batch_size=batch_size, progress=self.progress
            )
            try:
                done = generator.run()
            except LookupError as error:
                self.fail(str(error))
        with connection.cursor() as cursor:
            # Fresh statistics, so that both planners choose the search's covering indexes; on PostgreSQL,
            # VACUUM also sets the visibility map that makes those index-only scans (not in a transaction).
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        elapsed = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux

        self.success(f"Catalogue généré (graine {seed}, base {connection.vendor}) :")
        for line in done.lines():
            self.info(line)
        steps = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in generator.timings.items())
        self.info(f"Étapes : {steps}.")
        rate = done.offers / elapsed if elapsed else 0
        self.info(
            f"Durée : {elapsed:.1f} s ({rate:,.0f} offres/s) ; mémoire maximale : {peak_mb:.0f} Mo.".replace(
                ",", " "
            )
        )
