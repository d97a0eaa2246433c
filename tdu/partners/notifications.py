"""Partners' emails (templates in templates/emails/partners/)."""

from tdu.utils.notifications import Notification, absolute


class WebhookPaused(Notification):
    name = "partners/webhook_paused"
    link_label = "Voir l'abonnement"

    def __init__(self, subscription_id):
        from tdu.partners.models import WebhookSubscription

        self.subscription = WebhookSubscription.objects.select_related("created_by").get(pk=subscription_id)

    def recipients(self):
        return [self.subscription.created_by]

    def get_context(self):
        return {"subscription": self.subscription, "organisation": self.subscription.organisation}

    def link(self):
        from tdu.partners.spaces import space_url

        return absolute(space_url(self.subscription))
