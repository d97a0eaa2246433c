from tdu.stats import records, snapshots
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = (
        "Recalcule les indicateurs (pages de pilotage, /stats/) : parcours à jour, offres liées, instantanés. "
        "--rebuild recalcule d'abord le parcours de chaque candidature."
    )
    atomic = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--rebuild", action="store_true", help="Recalculer toutes les candidatures.")

    def run(self, *args, **options):
        if options["rebuild"]:
            bar = self.progress(desc="Parcours", unit="candidatures")

            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

            written = records.rebuild(progress)
            bar.close()
            self.info(f"{written} parcours recalculés.")
        result = snapshots.refresh_all()
        self.success(
            f"Indicateurs à jour en {result['seconds']} s : {result['snapshots']} instantané(s), "
            f"{result['linked_offers']} offres liées, {result['records_repaired']} parcours réparé(s)."
        )
