from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api_fields import DecimalNumberField, IntegerNumberField
from workshop.models import OBJECTIVE_MAX_LENGTH, Client, Language, Phase, Workshop
from workshop.selectors import clients_for_facilitator
from workshop.services import MAX_NAME_LENGTH, timebox_seconds


class ClientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "name", "llm_allowed", "managers_record_pocs", "created_at"]
        read_only_fields = ["id", "created_at"]


class WorkshopSerializer(serializers.ModelSerializer):
    """A workshop; its join code only for its facilitators (context `facilitated`: their workshop ids)."""

    client_name = serializers.CharField(source="client.name", read_only=True)
    join_code = serializers.SerializerMethodField(
        help_text=_("Only for the workshop's facilitators; null for managers and participants.")
    )
    spotlight = serializers.SerializerMethodField(
        help_text=_("The id of the use case on the projector now, or null (set with POST …/spotlight/).")
    )

    class Meta:
        model = Workshop
        fields = [
            "id",
            "title",
            "client",
            "client_name",
            "objective",
            "language",
            "currency",
            "join_code",
            "phase",
            "votes_per_participant",
            "max_votes_per_use_case",
            "anonymous_ideas",
            "hide_vote_totals",
            "results_revealed",
            "phase_ends_at",
            "spotlight",
            "version",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "client_name",
            "phase",
            "results_revealed",
            "phase_ends_at",
            "version",
            "created_at",
        ]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_spotlight(self, obj: Workshop) -> int | None:
        return obj.use_cases.filter(spotlight=True).values_list("pk", flat=True).first()

    @extend_schema_field({"type": "string", "nullable": True})
    def get_join_code(self, obj: Workshop) -> str | None:
        return obj.join_code if obj.pk in self.context.get("facilitated", ()) else None


class WorkshopWriteSerializer(serializers.Serializer):
    """The settings a facilitator sets; `client` only on create."""

    # Only the caller's own clients: another's answers like a missing one, so ids reveal nothing.
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.none(), required=False)
    title = serializers.CharField(max_length=200)
    objective = serializers.CharField(required=False, allow_blank=True, default="", max_length=OBJECTIVE_MAX_LENGTH)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.EN)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", default="EUR")
    votes_per_participant = IntegerNumberField(min_value=1, max_value=50, default=5)
    max_votes_per_use_case = IntegerNumberField(min_value=1, max_value=50, default=3)
    anonymous_ideas = serializers.BooleanField(
        default=False, help_text=_("Hide who proposed each idea from everyone but the facilitators.")
    )
    hide_vote_totals = serializers.BooleanField(
        default=False,
        help_text=_("Participants see only their own dots until the results are revealed after the Vote phase."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        request = self.context.get("request")
        if request is not None:
            self.fields["client"].queryset = clients_for_facilitator(request.user)  # type: ignore[attr-defined]


class TimeboxSerializer(serializers.Serializer):
    """A countdown: `seconds`, or `minutes` (0.5 is 30 s); neither, or null, clears it. Bounds: the service's."""

    seconds = IntegerNumberField(
        required=False,
        allow_null=True,
        help_text=_("The timebox in seconds, shown to everyone as a countdown."),
    )
    minutes = DecimalNumberField(
        max_digits=8,
        decimal_places=4,
        required=False,
        allow_null=True,
        help_text=_("The timebox in minutes (0.5 is 30 seconds), instead of seconds."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("seconds") is not None and attrs.get("minutes") is not None:
            raise serializers.ValidationError({"minutes": _("Give the timebox in seconds or in minutes, not both.")})
        try:
            if attrs.get("minutes") is not None:
                attrs["seconds"] = timebox_seconds(attrs["minutes"], unit="min", field="minutes")
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        attrs.pop("minutes", None)
        return attrs


class PhaseSerializer(TimeboxSerializer):
    phase = serializers.ChoiceField(choices=Phase.choices)


class RevealSerializer(serializers.Serializer):
    revealed = serializers.BooleanField(default=True)


class JoinSerializer(serializers.Serializer):
    join_code = serializers.CharField(max_length=20)
    display_name = serializers.CharField(max_length=MAX_NAME_LENGTH)


class JoinResultSerializer(serializers.Serializer):
    participant_id = serializers.IntegerField()
    workshop_id = serializers.IntegerField()
    display_name = serializers.CharField()
    token = serializers.CharField(
        help_text=_('Send it back as "Authorization: Participant <token>". Shown once; only its hash is kept.')
    )


class TokenResultSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_('Send it back as "Authorization: Token <token>".'))


class EraseParticipantSerializer(serializers.Serializer):
    keep_contributions = serializers.BooleanField(
        help_text=_("True: their scores and votes stay, anonymous. False: they are removed (their votes go back).")
    )


class ErasedParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField(help_text=_("The name that replaced theirs."))
    erased_at = serializers.DateTimeField()


class RejoinLinkSerializer(serializers.Serializer):
    url = serializers.URLField(help_text=_("Open it on the new device (or show it as a QR code). Works once."))
    expires_at = serializers.DateTimeField()


class ViewerSerializer(serializers.Serializer):
    """A manager with read access to a client."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)
    # Not EmailField: an account may have no email, and the answer is then "" (not an email).
    email = serializers.CharField(read_only=True)


class ViewerAddSerializer(serializers.Serializer):
    username = serializers.CharField(
        max_length=254, help_text=_("The username or email of the user to give read access to.")
    )
