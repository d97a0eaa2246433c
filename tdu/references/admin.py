from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from tdu.references.models import (
    Commune,
    Department,
    EmploymentArea,
    NafCode,
    Region,
    RomeAppellation,
    RomeCode,
    RomeDomain,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_deployed", "late_entry_days", "allow_commitment_without_immersion"]
    fieldsets = [
        (None, {"fields": ["code", "name", "is_deployed", "contact_email"]}),
        ("Parcours", {"fields": ["late_entry_days", "allow_commitment_without_immersion"]}),
        (
            "Imports automatiques (chaque nuit)",
            {"fields": ["lheo_feed_url", "france_travail_sync", "import_alert_percent"]},
        ),
        ("Pilotage", {"fields": ["hiring_promise_target", "baseline_employment_percent"]}),
    ]
    list_filter = ["is_deployed"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        # Regions come from the INSEE reference (loadreferences); the admin configures them.
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "postal_codes", "department", "population"]
    list_filter = ["department__region"]
    search_fields = ["code", "search_name", "postal_codes"]
    raw_id_fields = ["parent"]
    ordering = ["code"]


@admin.register(RomeCode)
class RomeCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "parent_code", "domain"]
    search_fields = ["code", "label"]


@admin.register(RomeAppellation)
class RomeAppellationAdmin(admin.ModelAdmin):
    list_display = ["ogr_code", "label", "rome"]
    search_fields = ["label", "rome__code"]
    raw_id_fields = ["rome"]


admin.site.register(RomeDomain)


@admin.register(NafCode)
class NafCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "section"]
    search_fields = ["code", "label"]


class EmploymentAreaForm(forms.ModelForm):
    class Meta:
        model = EmploymentArea
        fields = ["region", "name", "communes"]

    def clean(self):
        cleaned = super().clean()
        region, communes = cleaned.get("region"), cleaned.get("communes")
        if region and communes is not None:
            outside = [c for c in communes if c.department.region_id != region.code]
            if outside:
                names = ", ".join(c.label for c in outside[:5])
                raise ValidationError(
                    {"communes": f"Ces communes ne sont pas dans la Région {region} : {names}."}
                )
        return cleaned


@admin.register(EmploymentArea)
class EmploymentAreaAdmin(admin.ModelAdmin):
    form = EmploymentAreaForm
    list_display = ["name", "region"]
    list_filter = ["region"]
    autocomplete_fields = ["communes"]
    search_fields = ["name"]
