from django.contrib import admin

from tdu.offers.models import JobOffer


@admin.register(JobOffer)
class JobOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "commune", "rome", "contract_type", "status", "published_at"]
    list_filter = ["status", "contract_type", "source"]
    search_fields = ["title", "company__name", "company__siret", "external_id"]
    autocomplete_fields = ["company", "commune", "rome"]
    list_select_related = ["company", "commune", "rome"]
    date_hierarchy = "published_at"
