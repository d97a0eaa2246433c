from django.contrib import admin

from tdu.trainings.models import InternshipPeriod, Training, TrainingOrganisation, TrainingSession


@admin.register(TrainingOrganisation)
class TrainingOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "commune"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "certification_code", "entry_level", "exit_level"]
    search_fields = ["title", "certification_code", "organisation__name"]
    autocomplete_fields = ["organisation", "rome_codes"]


class InternshipPeriodInline(admin.TabularInline):
    model = InternshipPeriod
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = [
        "training",
        "commune",
        "start_date",
        "end_date",
        "funding_region",
        "funded_places",
        "enrolled_count",
    ]
    list_filter = ["funding_region", "recruitment_open"]
    search_fields = ["training__title", "external_id"]
    autocomplete_fields = ["training", "commune"]
    list_select_related = ["training", "commune", "funding_region"]
    inlines = [InternshipPeriodInline]
    date_hierarchy = "start_date"
