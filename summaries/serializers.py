from __future__ import annotations

from typing import Any

from rest_framework import serializers

from summaries.models import Summary

# What a participant reads of a summary, as the board's panel shows it: not the facilitator's next
# steps, the Markdown that holds them (unless a summary has no sections), why no LLM was used, nor
# what it cost.
PARTICIPANT_SECTIONS = ("key_themes", "top_use_cases", "disagreements", "risks_and_compliance", "proposed_pocs")


class SummarySerializer(serializers.ModelSerializer):
    """A summary as the reader in ``context["access"]`` may read it (participants: see PARTICIPANT_SECTIONS)."""

    provider_reason = serializers.CharField(read_only=True, allow_null=True, help_text="null for participants")
    markdown = serializers.CharField(
        read_only=True, allow_null=True, help_text="null for participants, unless the summary has no sections"
    )
    prompt_tokens = serializers.IntegerField(read_only=True, allow_null=True, help_text="null for participants")
    completion_tokens = serializers.IntegerField(read_only=True, allow_null=True, help_text="null for participants")

    class Meta:
        model = Summary
        fields = [
            "id",
            "workshop",
            "status",
            "trigger",
            "provider",
            "provider_reason",
            "model",
            "language",
            "content",
            "markdown",
            "left_out",
            "prompt_tokens",
            "completion_tokens",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Summary) -> dict[str, Any]:
        data = super().to_representation(instance)
        access = self.context.get("access")
        if access is not None and access.is_participant:
            data.update(provider_reason=None, prompt_tokens=None, completion_tokens=None)
            if data.get("content"):
                data["content"] = {k: v for k, v in data["content"].items() if k in PARTICIPANT_SECTIONS}
                data["markdown"] = None
        return data
