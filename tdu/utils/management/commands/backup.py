from django.core.management.base import CommandError

from tdu.utils.backup import BackupError, backup
from tdu.utils.commands import TduCommand


class Command(TduCommand):
    help = (
        "Sauvegarde la base de données (SQLite : copie en ligne ; PostgreSQL : pg_dump au format custom) et les "
        "fichiers (CV, documents, rapports d'import) dans une archive .tar.gz du dossier indiqué, avec un "
        "manifeste (lignes et empreinte de chaque table, empreinte de chaque fichier)."
    )
    atomic = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("directory", help="Dossier où écrire l'archive (créé s'il manque).")

    def run(self, *args, **options):
        try:
            archive, manifest = backup(options["directory"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.success(
            f"Sauvegarde écrite : {archive} ({len(manifest['tables'])} tables, {rows} lignes, "
            f"{len(manifest['fichiers'])} fichiers)."
        )
