from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NumberField
from usecases.criteria_templates import TEMPLATES as CRITERIA_TEMPLATES
from usecases.models import Axis, Criterion, UseCase
from usecases.services import CONTENT_FIELDS, DESCRIPTION_MAX_LENGTH, WEIGHT_MAX, WEIGHT_MIN


class UseCaseForm(forms.ModelForm):
    """The use-case form: content first, then the compliance block (in a <details> on the page)."""

    class Meta:
        model = UseCase
        fields = CONTENT_FIELDS
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "solution": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "data_sources": forms.Textarea(attrs={"rows": 2}),
            "compliance_note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"title": {"required": _("Give the use case a title.")}}

    COMPLIANCE_FIELDS = CONTENT_FIELDS[CONTENT_FIELDS.index("client_role") :]

    def __init__(self, *args: object, prefix_id: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Only the title is needed; the service gives every choice left out its "unknown" default.
        for name, field in self.fields.items():
            if name != "title":
                field.required = False
        if prefix_id:
            # Two forms on one page (add + edit) need distinct ids for their labels.
            self.auto_id = f"id_{prefix_id}_%s"

    def validate_constraints(self, exclude: object = None) -> None:
        # The service checks the shortlist rule with a clearer message than the constraint's.
        return None

    def content_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CONTENT_FIELDS if name not in self.COMPLIANCE_FIELDS]

    def compliance_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.COMPLIANCE_FIELDS]


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    axis = forms.ChoiceField(label=_("Axis"), choices=Axis.choices)
    weight = NumberField(
        whole=True,
        label=_("Weight"),
        min_value=WEIGHT_MIN,
        max_value=WEIGHT_MAX,
        initial=1,
        error_messages={
            "min_value": _("A weight is a whole number from 1 to 5."),
            "max_value": _("A weight is a whole number from 1 to 5."),
        },
    )
    description = forms.CharField(
        label=_("What 1 and 5 mean"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        help_text=_("Optional, shown beside the scores, e.g. “1: no data yet · 5: clean data at hand”."),
    )

    def __init__(self, *args: object, criterion: Criterion | None = None, **kwargs: object) -> None:
        if criterion is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": criterion.name,
                    "axis": criterion.axis,
                    "weight": criterion.weight,
                    "description": criterion.description,
                },
            )
            kwargs.setdefault("prefix", f"c{criterion.pk}")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class CriterionDescriptionForm(forms.Form):
    """Outside Draft only the description changes, and only until the criterion's first score."""

    description = CriterionForm.base_fields["description"]

    def __init__(self, *args: object, criterion: Criterion, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"description": criterion.description})
        kwargs.setdefault("prefix", f"d{criterion.pk}")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class CriteriaTemplateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from a template"), choices=[(key, t.label) for key, t in CRITERIA_TEMPLATES.items()]
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into…"), queryset=UseCase.objects.none())

    def __init__(self, *args: object, targets: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["into"].queryset = targets  # type: ignore[attr-defined]
