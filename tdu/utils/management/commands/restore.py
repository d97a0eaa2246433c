from django.core.management.base import CommandError

from tdu.utils.backup import BackupError, restore
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = (
        "Restaure une sauvegarde faite par « backup » dans la base et les stockages configurés, puis vérifie "
        "chaque table et chaque fichier d'après le manifeste. Refuse d'écraser une base non vide sans --force."
    )
    atomic = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("archive", help="L'archive .tar.gz écrite par « manage.py backup ».")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Effacer la base et les fichiers actuels pour les remplacer par la sauvegarde.",
        )

    def run(self, *args, **options):
        try:
            found = restore(options["archive"], force=options["force"], say=self.info)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if found:
            for line in found[:20]:
                self.stderr.write(line)
            raise CommandError(f"Restauration terminée avec {len(found)} différence(s) avec le manifeste.")
        self.success("Restauration vérifiée : 0 différence (chaque table et chaque fichier).")
