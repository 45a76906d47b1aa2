"""The "steering committee brief" prompt: the plan, its summaries and the POCs, for the assistant to write up.

The plan's Markdown export carries each workshop's latest summary; the POCs come as the POC
portfolio's JSON. Everything is delimited as data (assistant.data), after instructions in the
brief's language: the workshop's own by default, as its summaries are.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from assistant.answers import MAX_LIMIT
from assistant.data import DATA_NOTE, json_block, text_block
from assistant.plans import plan_for, poc_list
from reports.exports.markdown import render_markdown
from reports.selectors import export_language
from workshop.selectors import Actor, workshop_access


def brief_language(actor: Actor, *, workshop_id: int | None, language: str | None) -> str:
    if language:
        return export_language(language)
    if workshop_id is not None:
        return workshop_access(actor=actor, pk=workshop_id).workshop.language
    return settings.LANGUAGE_CODE


def steering_committee_brief(
    actor: Actor, *, workshop_id: int | None, client_id: int | None, language: str | None
) -> str:
    """The prompt's one user message: what to write, then the data to write it from."""
    code = brief_language(actor, workshop_id=workshop_id, language=language)
    with translation.override(code):
        plan = plan_for(actor, workshop_id=workshop_id, client_id=client_id)
        pocs = poc_list(actor, workshop_id=workshop_id, client_id=client_id, limit=MAX_LIMIT, cursor=None)
        write_in = {"en": _("Write it in English."), "fr": _("Write it in French.")}[code]
        instructions = _(
            "Prepare the steering committee brief of the POC plan below, from the Atelier data below and "
            "nothing else. Structure it as: 1. the decision asked of the committee; 2. the "
            "recommended POCs in rank order, each with its POC cost, NPV, risk-adjusted NPV and payback; "
            "3. risks and compliance: EU AI Act tier, personal data, what needs a legal review; 4. the POCs "
            "under way, planned against actual, and their verdicts; 5. next steps. Keep it to one page and "
            "quote the figures as given, without recomputing them."
        )
        parts = [
            f"{instructions} {write_in}",
            DATA_NOTE,
            text_block(render_markdown(plan).decode("utf-8"), label="plan"),
            json_block(pocs, label="pocs"),
        ]
    return "\n\n".join(parts)
