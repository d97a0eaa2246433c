from django.contrib import admin

from tdu.companies.models import Company


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "commune", "naf"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune", "naf"]
