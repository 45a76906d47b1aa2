from django.contrib import admin

from summaries.models import Summary


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = ["workshop", "status", "provider", "model", "trigger", "created_at", "finished_at"]
    list_filter = ["status", "provider", "trigger"]
    readonly_fields = ["input_hash", "snapshot", "created_at", "started_at", "finished_at"]
