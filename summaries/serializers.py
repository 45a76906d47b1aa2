from __future__ import annotations

from rest_framework import serializers

from summaries.models import Summary


class SummarySerializer(serializers.ModelSerializer):
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
