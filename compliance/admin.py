from django.contrib import admin

from compliance.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["use_case", "confirmed_tier", "edition", "answered_by", "answered_at"]
    list_filter = ["confirmed_tier", "edition"]
    search_fields = ["use_case__title"]
    raw_id_fields = ["use_case", "confirmed_by"]
    readonly_fields = ["created_at", "updated_at"]
