from django.contrib import admin
from django.http import HttpRequest

from workshop.models import Client, Event, Participant, RejoinLink, Workshop


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "llm_allowed", "managers_record_pocs", "created_by", "created_at"]
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A link is made by a facilitator on the board, which shows its secret once: never here.
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["workshop", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["workshop", "kind", "actor", "participant", "data", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The timeline is written by the services that act, never by hand.
        return False
