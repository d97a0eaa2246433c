from django.contrib import admin

from tdu.organisations.models import (
    CompanyMembership,
    Invitation,
    PrescriberMembership,
    PrescriberOrganisation,
    RegionMembership,
    TrainingOrganisationMembership,
)


@admin.register(PrescriberOrganisation)
class PrescriberOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]
    autocomplete_fields = ["commune"]


for model in [CompanyMembership, TrainingOrganisationMembership, PrescriberMembership, RegionMembership]:
    admin.site.register(model, raw_id_fields=["user"], list_display=["user", "is_admin", "joined_at"])


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "invited_by", "created_at", "accepted_at"]
    raw_id_fields = ["invited_by"]
