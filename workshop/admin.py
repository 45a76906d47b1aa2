from django.contrib import admin

from workshop.models import Client, Event, Participant, RejoinLink, Summary, Workshop


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "llm_allowed", "created_by", "created_at"]
    search_fields = ["name"]
    filter_horizontal = ["viewers"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["display_name", "joined_at", "last_seen_at"]
    readonly_fields = ["joined_at", "last_seen_at"]
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "client", "phase", "join_code", "results_revealed", "created_at"]
    list_filter = ["phase", "language", "results_revealed"]
    search_fields = ["title", "join_code", "client__name"]
    filter_horizontal = ["facilitators"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ParticipantInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "workshop", "joined_at", "last_seen_at"]
    search_fields = ["display_name", "workshop__title"]
    exclude = ["token_hash"]


@admin.register(RejoinLink)
class RejoinLinkAdmin(admin.ModelAdmin):
    list_display = ["participant", "created_by", "created_at", "expires_at", "used_at"]
    readonly_fields = ["participant", "created_by", "created_at", "expires_at", "used_at"]
    exclude = ["token_hash"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["workshop", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["workshop", "kind", "actor", "data", "created_at"]


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = ["workshop", "status", "provider", "model", "trigger", "created_at", "finished_at"]
    list_filter = ["status", "provider", "trigger"]
    readonly_fields = ["input_hash", "snapshot", "created_at", "started_at", "finished_at"]
