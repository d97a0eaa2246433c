from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tdu.accounts.models import JobSeekerProfile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "email_verified_at"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "phone"]}),
        ("Préférences", {"fields": ["email_verified_at", "wants_non_essential_emails"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(JobSeekerProfile)
class JobSeekerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "commune", "education_level", "situation", "prescriber_organisation"]
    raw_id_fields = ["user", "commune", "registered_by"]
    autocomplete_fields = ["jobs_wanted"]
