from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workshop.models import OBJECTIVE_MAX_LENGTH, Client, Language
from workshop.number_input import NumberInputError, parse_decimal, parse_integer
from workshop.services import MAX_NAME_LENGTH, MAX_TIMEBOX_MINUTES


def number_text_input(*, decimal: bool, attrs: dict[str, str] | None = None) -> forms.TextInput:
    """A text input with a numeric keyboard: `type="number"` lets the browser drop a decimal comma."""
    base = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off", "spellcheck": "false"}
    return forms.TextInput(attrs={**base, **(attrs or {})})


class DecimalTextField(forms.CharField):
    """A decimal typed in the reader's language, cleaned to machine text ("45.5") for the service to check."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", number_text_input(decimal=True))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        try:
            return parse_decimal(text or "", language=get_language() or "en")
        except NumberInputError as exc:
            raise ValidationError(exc.message, code="number") from None


class IntegerTextField(forms.IntegerField):
    """A whole number typed in the reader's language (spaces may group thousands); decimals are refused."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", number_text_input(decimal=False))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return parse_integer(str(value), language=get_language() or "en")
        except NumberInputError as exc:
            raise ValidationError(exc.message, code="invalid") from None


class JoinForm(forms.Form):
    join_code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text"}
        ),
    )
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Client name"), max_length=200)
    llm_allowed = forms.BooleanField(
        label=_("This client allows sending workshop data to a language model"), required=False, initial=True
    )


class PocRecordingForm(forms.Form):
    managers_record_pocs = forms.BooleanField(
        label=_("Managers of this client may record POC check-ins and verdicts"), required=False
    )


class WorkshopForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    objective = forms.CharField(
        label=_("Objective"), required=False, max_length=OBJECTIVE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    votes_per_participant = IntegerTextField(label=_("Votes per participant"), min_value=1, max_value=50, initial=5)
    max_votes_per_use_case = IntegerTextField(
        label=_("Most votes one participant may put on one use case"), min_value=1, max_value=50, initial=3
    )
    anonymous_ideas = forms.BooleanField(
        label=_("Anonymous ideas"),
        required=False,
        help_text=_("Only the facilitators see who proposed each idea: not the participants, nor the managers."),
    )
    hide_vote_totals = forms.BooleanField(
        label=_("Hide vote totals while voting"),
        required=False,
        help_text=_(
            "Participants see only their own dots until the results are revealed after the Vote phase, "
            "so that early totals do not sway the later votes."
        ),
    )

    def __init__(self, *args: object, clients: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if clients is None:
            del self.fields["client"]
        else:
            self.fields["client"].queryset = clients  # type: ignore[attr-defined]


class TimeboxForm(forms.Form):
    minutes = IntegerTextField(label=_("Timebox (minutes)"), min_value=1, max_value=MAX_TIMEBOX_MINUTES, required=False)


class EraseParticipantForm(forms.Form):
    contributions = forms.ChoiceField(
        label=_("Their scores and votes"),
        choices=[
            ("keep", _("Keep them, anonymous (the results do not change)")),
            ("remove", _("Remove them (their votes go back; their use cases stay, without an author)")),
        ],
        widget=forms.RadioSelect,
        initial="keep",
    )


class ViewerForm(forms.Form):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form's fields (or above them)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
