"""The criteria sets a facilitator can start from. Every criterion is phrased so that 5 is better.

Data only: `criteria_apply_template` (usecases/services/criteria.py) copies one into a
workshop, in the workshop's language, and the copies are ordinary criteria
the facilitator edits afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from usecases.models import Axis


@dataclass(frozen=True)
class TemplateCriterion:
    axis: str
    name: Promise | str
    description: Promise | str = ""
    weight: int = 1


@dataclass(frozen=True)
class CriteriaTemplate:
    key: str
    label: Promise | str
    criteria: tuple[TemplateCriterion, ...]


# The default set copied into each new workshop (DESIGN.md).
DEFAULT = CriteriaTemplate(
    key="default",
    label=_("The default set: seven criteria of impact and feasibility"),
    criteria=(
        TemplateCriterion(
            Axis.IMPACT, _("Business value"), _("1: hardly noticed · 5: a clear gain in revenue, cost or quality")
        ),
        TemplateCriterion(
            Axis.IMPACT, _("User pain relieved"), _("1: a minor annoyance · 5: a daily pain for many people")
        ),
        TemplateCriterion(
            Axis.IMPACT, _("Strategic fit"), _("1: off our priorities · 5: at the heart of our strategy")
        ),
        TemplateCriterion(Axis.FEASIBILITY, _("Data readiness"), _("1: no usable data yet · 5: clean data at hand")),
        TemplateCriterion(
            Axis.FEASIBILITY, _("Technical simplicity"), _("1: research needed · 5: proven, off-the-shelf techniques")
        ),
        TemplateCriterion(
            Axis.FEASIBILITY, _("Skills & resources"), _("1: nobody to build it · 5: a team ready to start")
        ),
        TemplateCriterion(
            Axis.FEASIBILITY,
            _("Regulatory & ethical ease"),
            _("1: heavy legal or ethical questions · 5: nothing in the way"),
        ),
    ),
)

VALUE_EFFORT = CriteriaTemplate(
    key="value_effort",
    label=_("Value vs effort (two criteria)"),
    criteria=(
        TemplateCriterion(Axis.IMPACT, _("Value"), _("1: little value · 5: major value for the business")),
        TemplateCriterion(Axis.FEASIBILITY, _("Low effort"), _("1: months of work · 5: a few days of work")),
    ),
)

RICE = CriteriaTemplate(
    key="rice",
    label=_("RICE-like: reach, impact, confidence, effort"),
    criteria=(
        TemplateCriterion(Axis.IMPACT, _("Reach"), _("1: a handful of people · 5: most of the organisation")),
        TemplateCriterion(
            Axis.IMPACT, _("Impact on each person"), _("1: barely felt · 5: changes how they work every day")
        ),
        TemplateCriterion(Axis.FEASIBILITY, _("Confidence"), _("1: a hunch · 5: backed by data and a pilot")),
        TemplateCriterion(Axis.FEASIBILITY, _("Low effort"), _("1: many person-months · 5: a few person-days")),
    ),
)

TEMPLATES: dict[str, CriteriaTemplate] = {t.key: t for t in (DEFAULT, VALUE_EFFORT, RICE)}
