from django.contrib import admin

from tdu.candidatures.models import Candidature, ConventionSignature, ImmersionConvention, TransitionLog


class TransitionLogInline(admin.TabularInline):
    model = TransitionLog
    extra = 0
    can_delete = False
    readonly_fields = [
        "transition",
        "from_state",
        "to_state",
        "actor",
        "actor_name",
        "actor_role",
        "reason",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Candidature)
class CandidatureAdmin(admin.ModelAdmin):
    """Read-only: the path changes only through its actions, which log every step."""

    list_display = ["job_seeker", "offer", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["job_seeker__email", "offer__title", "company__name"]
    readonly_fields = [f.name for f in Candidature._meta.fields]
    inlines = [TransitionLogInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SignatureInline(admin.TabularInline):
    model = ConventionSignature
    extra = 0
    can_delete = False
    readonly_fields = ["signatory", "name", "user", "signed_at", "content_hash"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImmersionConvention)
class ImmersionConventionAdmin(admin.ModelAdmin):
    """Issued documents are frozen: no edit in the admin either."""

    list_display = ["pk", "beneficiary_name", "company_name", "start_date", "cancelled_at"]
    inlines = [SignatureInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
