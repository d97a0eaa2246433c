from django.contrib import admin

from tdu.privacy.models import AccessRecord, ClosedAccount


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read only: the log is evidence."""

    list_display = ["at", "kind", "actor_label", "person", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["actor_label", "person__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClosedAccount)
class ClosedAccountAdmin(admin.ModelAdmin):
    list_display = ["closed_at", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
