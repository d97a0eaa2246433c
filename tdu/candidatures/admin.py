"""Read-only administration of the path: everything changes through its actions, which log every step."""

from django.contrib import admin

from tdu.candidatures.models import (
    Candidature,
    Commitment,
    CommitmentSignature,
    ConventionSignature,
    Enrolment,
    FollowUp,
    Hiring,
    ImmersionConvention,
    TransitionLog,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionLogInline(ReadOnlyInline):
    model = TransitionLog


@admin.register(Candidature)
class CandidatureAdmin(ReadOnlyAdmin):
    list_display = ["job_seeker", "offer", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["job_seeker__email", "offer__title", "company__name"]
    inlines = [TransitionLogInline]


class ConventionSignatureInline(ReadOnlyInline):
    model = ConventionSignature


@admin.register(ImmersionConvention)
class ImmersionConventionAdmin(ReadOnlyAdmin):
    """Issued documents are frozen: no edit in the admin either."""

    list_display = ["pk", "beneficiary_name", "company_name", "start_date", "cancelled_at"]
    search_fields = ["beneficiary_name", "company_name"]
    inlines = [ConventionSignatureInline]


class CommitmentSignatureInline(ReadOnlyInline):
    model = CommitmentSignature


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    """The « engagement réciproque » (hiring promise): frozen."""

    list_display = [
        "pk",
        "beneficiary_name",
        "company_name",
        "contract_type",
        "planned_start_date",
        "cancelled_at",
    ]
    search_fields = ["beneficiary_name", "company_name"]
    inlines = [CommitmentSignatureInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "candidature", "session", "status", "requested_at", "entered_on", "completed_on"]
    list_filter = ["status"]


@admin.register(Hiring)
class HiringAdmin(ReadOnlyAdmin):
    list_display = ["pk", "candidature", "start_date", "contract_type", "confirmed_at"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["pk", "candidature", "milestone_months", "respondent", "due_on", "sent_at", "answered_at"]
    list_filter = ["milestone_months", "respondent"]
