from django.contrib import admin

from usecases.models import Criterion, Score, UseCase, Vote


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "workshop", "axis", "weight", "order"]
    list_filter = ["axis"]


@admin.register(UseCase)
class UseCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "workshop", "category", "status", "ai_act_tier", "personal_data"]
    list_filter = ["status", "category", "ai_act_tier"]
    search_fields = ["title", "problem", "workshop__title"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["use_case", "criterion", "participant", "value"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["use_case", "participant", "dots"]
