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


def _join_request(request_id):
    from tdu.organisations.models import JoinRequest

    return JoinRequest.objects.select_related("user", "company", "training_organisation").get(pk=request_id)


class JoinCode(Notification):
    """To the address already known for the organisation: the code that proves the newcomer belongs to it."""

    name = "organisations/join_code"
    link_label = ""

    def __init__(self, request_id, code):
        self.request, self.code = _join_request(request_id), code

    def recipients(self):
        return [self.request.code_sent_to]

    def get_context(self):
        from tdu.organisations.joining import CODE_VALIDITY

        return {
            "person": self.request.user.full_name,
            "email": self.request.user.email,
            "organisation": self.request.organisation,
            "code": self.code,
            "hours": int(CODE_VALIDITY.total_seconds() // 3600),
        }


class JoinRequestToReview(Notification):
    """To the region's staff, when no address is known for the organisation."""

    name = "organisations/join_request_to_review"
    link_label = "Examiner la demande"

    def __init__(self, request_id):
        self.request = _join_request(request_id)

    def recipients(self):
        from tdu.organisations.joining import region_of
        from tdu.organisations.models import RegionMembership

        region = region_of(self.request.organisation)
        return [m.user for m in RegionMembership.objects.filter(region=region).select_related("user")]

    def get_context(self):
        return {"person": self.request.user, "organisation": self.request.organisation}

    def link(self):
        from tdu.organisations.joining import region_of
        from tdu.utils.notifications import absolute

        return absolute(f"/espace/region/{region_of(self.request.organisation).code}/demandes/")


class JoinRequestDecided(Notification):
    name = "organisations/join_request_decided"
    link_label = "Ouvrir Trait d'union"

    def __init__(self, request_id):
        self.request = _join_request(request_id)

    def recipients(self):
        return [self.request.user]

    def get_context(self):
        return {"approved": self.request.approved, "organisation": self.request.organisation}

    def link(self):
        from tdu.utils.notifications import absolute

        return absolute("/tableau-de-bord/")


class FundingDecided(Notification):
    """To the training organisation's members: the region confirmed (or refused) the funding of a session."""

    name = "organisations/funding_decided"
    link_label = "Voir la session"

    def __init__(self, session_id, confirmed, reason):
        from tdu.trainings.models import TrainingSession

        self.session = TrainingSession.objects.select_related("training__organisation", "commune").get(
            pk=session_id
        )
        self.confirmed, self.reason = confirmed, reason

    def recipients(self):
        from tdu.organisations.models import TrainingOrganisationMembership

        memberships = TrainingOrganisationMembership.objects.filter(
            organisation=self.session.training.organisation
        ).select_related("user")
        return [m.user for m in memberships]

    def get_context(self):
        return {"session": self.session, "confirmed": self.confirmed, "reason": self.reason}

    def link(self):
        from tdu.utils.notifications import absolute

        return absolute(self.session.get_absolute_url())
