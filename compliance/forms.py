from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from compliance.models import Tier
from compliance.questions import BY_CODE
from compliance.services import OVERRIDE_REASON_MAX_LENGTH


def answers_from(data: QueryDict) -> dict[str, str]:
    """The answers in a submitted form: one radio group per question, named by its code.

    Values are passed on as typed; the service says which are not options (and the page shows it).
    """
    answers = {}
    for code in BY_CODE:
        value = data.get(code)
        if isinstance(value, str) and value:
            answers[code] = value
    return answers


class DecisionForm(forms.Form):
    """The facilitator's decision on the tier: confirm the suggestion, or override it with a reason."""

    confirmed_tier = forms.ChoiceField(
        label=_("Confirmed tier"), required=False, choices=[("", _("Not confirmed yet")), *Tier.choices]
    )
    override_reason = forms.CharField(
        label=_("Reason, when the tier differs from the suggestion"),
        required=False,
        max_length=OVERRIDE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, suggested: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if suggested in Tier.values:
            # Mark the suggestion among the choices, so confirming it is one obvious pick.
            field = self.fields["confirmed_tier"]
            field.choices = [  # type: ignore[attr-defined]
                (value, _("%(tier)s (suggested)") % {"tier": label} if value == suggested else label)
                for value, label in field.choices  # type: ignore[attr-defined]
            ]
