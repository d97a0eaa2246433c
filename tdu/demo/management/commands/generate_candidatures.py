from django.core.management.base import CommandError

from tdu.demo.history import HistoryGenerator
from tdu.references.models import Region
from tdu.stats import records, snapshots
from tdu.utils.bulk import fast_writes
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = (
        "Génère des candidatures passées (tous les états du parcours, suivis à 6 et 12 mois répondus ou non) sur "
        "les offres publiées, pour les démonstrations et le banc d'essai des indicateurs ; puis recalcule les "
        "indicateurs."
    )
    atomic = False  # one transaction per batch

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--count", type=int, default=10_000, help="Nombre de candidatures (défaut : 10 000)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Graine (défaut : 1).")
        parser.add_argument(
            "--days", type=int, default=900, help="Profondeur de l'historique en jours (900)."
        )
        parser.add_argument("--region", action="append", help="Code INSEE de région (toutes par défaut).")
        parser.add_argument("--batch-size", type=int, default=20_000)
        parser.add_argument("--no-stats", action="store_true", help="Ne pas recalculer les indicateurs.")

    def run(self, *args, **options):
        if options["count"] < 1 or options["days"] < 60:
            raise CommandError("Il faut au moins une candidature et 60 jours d'historique.")
        regions = None
        if options["region"]:
            regions = list(Region.objects.filter(code__in=options["region"]))
            if len(regions) != len(set(options["region"])):
                raise CommandError(f"Région inconnue parmi {', '.join(options['region'])}.")
        bar = self.progress(total=options["count"], desc="Candidatures", unit="candidatures")
        try:
            generator = HistoryGenerator(
                count=options["count"],
                seed=options["seed"],
                regions=regions,
                days=options["days"],
                batch_size=options["batch_size"],
                progress=lambda done, total: bar.update(done - bar.n),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        with fast_writes():
            result = generator.run()
            bar.close()
            self.success(
                f"{result['candidatures']} candidatures de {result['people']} personnes, "
                f"{result['sessions']} sessions passées."
            )
            if not options["no_stats"]:
                records.rebuild()
                done = snapshots.refresh_all()
                self.success(f"Indicateurs recalculés ({done['seconds']} s).")
