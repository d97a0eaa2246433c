"""Organisation emails, each a named notification (templates in templates/emails/organisations/)."""

from tdu.utils.notifications import Notification


class InvitationToJoin(Notification):
    name = "organisations/invitation_to_join"
    link_label = "Accepter l'invitation"

    def __init__(self, invitation):
        self.invitation = invitation

    def recipients(self):
        return [self.invitation.email]

    def get_context(self):
        from tdu.organisations.services import INVITATION_VALIDITY

        inviter = self.invitation.invited_by
        return {
            "inviter": inviter.full_name or inviter.email,
            "organisation": self.invitation.organisation,
            "days": INVITATION_VALIDITY.days,
        }

    def link(self):
        from tdu.organisations.services import invitation_url

        return invitation_url(self.invitation)
