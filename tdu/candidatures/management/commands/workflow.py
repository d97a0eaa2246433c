from django.core.management.base import BaseCommand

from tdu.candidatures import workflow
from tdu.candidatures.enums import State


class Command(BaseCommand):
    help = "Affiche les états et la table des transitions du parcours (option --mermaid : le diagramme)."

    def add_arguments(self, parser):
        parser.add_argument("--mermaid", action="store_true", help="Diagramme d'états au format Mermaid.")

    def handle(self, *args, **options):
        if options["mermaid"]:
            self.stdout.write(workflow.mermaid())
            return
        self.stdout.write("États :")
        for state in State:
            self.stdout.write(f"  {state.value:<22} {state.label}")
        self.stdout.write("\nTransitions :")
        self.stdout.write(workflow.table())
