from django.contrib import admin

from pocs.models import CheckIn, DodItem, Metric, MetricValue, Poc


class MetricInline(admin.TabularInline):
    model = Metric
    fields = ["name", "builtin", "unit", "target", "direction", "order"]
    extra = 0


class DodItemInline(admin.TabularInline):
    model = DodItem
    fields = ["code", "kind", "label", "state", "note", "order"]
    extra = 0


class MetricValueInline(admin.TabularInline):
    model = MetricValue
    fields = ["metric", "value"]
    extra = 0


@admin.register(Poc)
class PocAdmin(admin.ModelAdmin):
    list_display = ["use_case", "owner", "status", "started_on", "planned_end_on"]
    list_filter = ["status"]
    search_fields = ["use_case__title", "owner"]
    # The baseline is frozen at the start: shown, never edited.
    readonly_fields = ["baseline_inputs", "baseline_figures", "open_items_at_verdict", "created_at", "updated_at"]
    inlines = [MetricInline, DodItemInline]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["poc", "date", "period_months", "recorded_by"]
    search_fields = ["poc__use_case__title"]
    inlines = [MetricValueInline]
