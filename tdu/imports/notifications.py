"""Import emails (templates in templates/emails/imports/)."""

from django.urls import reverse

from tdu.utils.notifications import Notification, absolute


class ImportNeedsAttention(Notification):
    """To the region's staff: a run failed, was refused, or rejected more than the region's threshold."""

    name = "imports/import_needs_attention"
    link_label = "Voir les imports de la Région"

    def __init__(self, run_pk):
        from tdu.imports.models import ImportRun

        self.run = ImportRun.objects.select_related("region").get(pk=run_pk)

    def recipients(self):
        from tdu.organisations.models import RegionMembership

        return [
            m.user for m in RegionMembership.objects.filter(region=self.run.region).select_related("user")
        ]

    def get_context(self):
        outcome = {
            "failed": "a échoué",
            "refused": "a été refusé : rien n'a été importé",
        }.get(self.run.status, "s'est terminé avec beaucoup de rejets")
        return {"run": self.run, "percent": round(self.run.reject_share * 100), "outcome": outcome}

    def link(self):
        return absolute(reverse("spaces:region_imports", args=[self.run.region_id]))
