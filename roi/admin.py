from django.contrib import admin

from roi.models import RoiEstimate


@admin.register(RoiEstimate)
class RoiEstimateAdmin(admin.ModelAdmin):
    list_display = ["use_case", "effort_days", "daily_rate", "horizon_years", "updated_at"]
    search_fields = ["use_case__title"]
