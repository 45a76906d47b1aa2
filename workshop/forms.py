from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import NumberField
from workshop.models import OBJECTIVE_MAX_LENGTH, Client, Language
from workshop.services import MAX_NAME_LENGTH, timebox_seconds


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
    votes_per_participant = NumberField(
        whole=True, label=_("Votes per participant"), min_value=1, max_value=50, initial=5
    )
    max_votes_per_use_case = NumberField(
        whole=True, label=_("Most votes one participant may put on one use case"), min_value=1, max_value=50, initial=3
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


TIMEBOX_UNITS = [("min", _("minutes")), ("s", _("seconds"))]


class TimeboxForm(forms.Form):
    """A countdown for the phase: "30" seconds or "0,5" minutes; blank clears it. Bounds are the service's.

    A body with `minutes` alone (scripts written before seconds) still reads as minutes.
    """

    duration = NumberField(label=_("Timebox"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=TIMEBOX_UNITS, initial="min", required=False)

    def __init__(self, data: QueryDict | None = None, **kwargs: object) -> None:
        if data is not None and "duration" not in data and "minutes" in data:
            data = data.copy()
            data["duration"], data["unit"] = str(data.get("minutes", "")), "min"
        super().__init__(data, **kwargs)  # type: ignore[arg-type]
        self.fields["duration"].widget.attrs.update({"size": "5", "aria-describedby": "timebox-help"})

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if "duration" in data:
            try:
                data["seconds"] = timebox_seconds(data["duration"], unit=data.get("unit") or "min", field="duration")
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


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
