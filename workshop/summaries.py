"""AI session summaries: what is summarised, by which provider, and the work itself.

A facilitator (or a phase ending) asks for a summary: :func:`summary_request`
takes a *snapshot* of the workshop (the ranking, the use cases' text and
compliance fields, the base ROI figures), and either returns the finished
summary of the same snapshot or creates a ``queued`` :class:`Summary` and queues
the Celery task ``workshop.run_summary`` after commit. The task calls
:func:`summary_run`, which claims the row (``queued`` → ``running`` by a
conditional update), asks the provider and records ``succeeded`` or ``failed``.

Providers: ``openai`` (any OpenAI-compatible server, through workshop.llm) when a
key or a base URL is set, LLM use is on for the installation and the client
allows it; otherwise ``builtin``, a deterministic summary built here from the
same snapshot, with the reason recorded.

Reads are scoped here too (:func:`summaries_for`, :func:`summary_for_actor`):
participants see only succeeded summaries, and only once results are revealed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from roi.selectors import roi_figures
from usecases.models import Hosting, RiskTier, Status, UseCase
from usecases.ranking import QUADRANT_LABELS, QUICK_WIN, rank_workshop
from workshop import llm, prompt
from workshop.models import (
    PHASE_ORDER,
    Event,
    EventKind,
    Phase,
    Summary,
    SummaryProvider,
    SummaryStatus,
    SummaryTrigger,
    Workshop,
)
from workshop.selectors import Access, Actor, workshop_access

log = logging.getLogger(__name__)

RUN_TASK = "workshop.run_summary"
# Moving forward out of one of these phases ends it and queues a summary.
WORKING_PHASES = (Phase.COLLECT, Phase.SCORE, Phase.VOTE, Phase.ROI)
TOP_COUNT = 5


# --------------------------------------------------------------------------- provider


@dataclass(frozen=True)
class ProviderChoice:
    provider: str
    model: str
    reason: str  # why the built-in provider was used, in the workshop's language


def provider_for(workshop: Workshop) -> ProviderChoice:
    """Which provider summarises this workshop now (settings read at call time)."""
    with translation.override(workshop.language):
        if not (settings.OPENAI_API_KEY or settings.OPENAI_BASE_URL):
            reason = _("No API key is configured")
        elif not settings.LLM_ENABLED:
            reason = _("LLM use is switched off for this installation")
        elif not workshop.client.llm_allowed:
            reason = _("This client does not allow sending its data to a language model")
        else:
            return ProviderChoice(SummaryProvider.OPENAI, settings.OPENAI_MODEL, "")
    return ProviderChoice(SummaryProvider.BUILTIN, "", reason)


def llm_config() -> llm.LlmConfig:
    return llm.LlmConfig(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL,
        model=settings.OPENAI_MODEL,
        timeout=settings.LLM_TIMEOUT_SECONDS,
        max_retries=settings.LLM_MAX_RETRIES,
    )


# --------------------------------------------------------------------------- snapshot


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _hosting(use_case: UseCase) -> str:
    return f"data: {use_case.data_location}, model: {use_case.model_location}"


def summary_snapshot(workshop: Workshop) -> dict[str, Any]:
    """The data a summary is written from, in the shape workshop/prompt.py documents.

    Plain JSON types only (amounts as strings), so that it can be stored, hashed
    and sent as is. Merged and rejected use cases are left out.
    """
    ranking = rank_workshop(workshop)
    ids = [row.use_case_id for row in ranking.rows]
    use_cases = UseCase.objects.in_bulk(ids)
    figures = roi_figures(ids)
    budget = Decimal(0)
    rows = []
    for row in ranking.rows:
        uc = use_cases[row.use_case_id]
        base = figures.get(row.use_case_id, {}).get("base")
        roi = None
        if base is not None:
            roi = {
                "poc_cost": str(base.poc_cost),
                "npv": str(base.npv),
                "risk_adjusted_npv": str(base.risk_adjusted_npv),
                "payback_months": base.payback_months,
                "roi_percent": None if base.roi_percent is None else float(round(base.roi_percent, 1)),
            }
            if row.status == Status.SHORTLISTED:
                budget += base.poc_cost
        rows.append(
            {
                "rank": row.rank,
                "title": uc.title,
                "problem": uc.problem,
                "solution": uc.solution,
                "benefits": uc.benefits,
                "data_sources": uc.data_sources,
                "affected_users": uc.affected_users,
                "category": uc.category,
                "status": uc.status,
                "impact": _round(row.impact),
                "feasibility": _round(row.feasibility),
                "priority": _round(row.priority),
                "votes": row.votes,
                "spread": _round(row.spread),
                "needs_discussion": row.needs_discussion,
                "quadrant": row.quadrant,
                "ai_act_tier": uc.ai_act_tier,
                "personal_data": uc.personal_data,
                "special_category_data": uc.special_category_data,
                "automated_decisions": uc.automated_decisions,
                "hosting": _hosting(uc),
                "non_eu_hosting": Hosting.NON_EU_CLOUD in {uc.data_location, uc.model_location},
                "client_role": uc.client_role,
                "compliance_note": uc.compliance_note,
                "roi": roi,
            }
        )
    return {
        "workshop": {
            "title": workshop.title,
            "objective": workshop.objective,
            "client": workshop.client.name,
            "language": workshop.language,
            "currency": workshop.currency,
            "participants": ranking.participants,
        },
        "use_cases": rows,
        "totals": {
            "use_cases": len(rows),
            "scores": ranking.scores,
            "votes": ranking.votes,
            "poc_budget": str(budget),
        },
    }


def snapshot_hash(snapshot: dict[str, Any], *, provider: str, model: str, language: str) -> str:
    """Same data, provider, model and language: same hash, so the finished summary is reused."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256("\n".join([canonical, provider, model, language]).encode()).hexdigest()


# --------------------------------------------------------------------------- requesting


def _stale_before() -> Any:
    # Past the hard time limit a run is dead: the worker killed it, or itself died.
    return timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def _lost_before() -> Any:
    # Still queued after the broker's visibility timeout: the message was lost (flushed broker).
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    return timezone.now() - timedelta(seconds=visibility)


def _in_flight() -> Q:
    """Queued or running, and not given up on: a new request for the same data waits for it."""
    return Q(status=SummaryStatus.QUEUED, created_at__gte=_lost_before()) | Q(
        status=SummaryStatus.RUNNING, started_at__gte=_stale_before()
    )


def _enqueue(summary_id: int) -> None:
    # Looked up by name: workshop.tasks imports this module, not the other way round.
    current_app.tasks[RUN_TASK].delay(summary_id)


def _summary_create(*, workshop: Workshop, trigger: str, actor: Actor | None) -> Summary:
    """The summary of the workshop as it is now: a reused one, or a new queued one.

    A succeeded summary of the same input is returned as is (``reused`` True), and
    so is one already queued or running for it (a double click pays once).
    """
    snapshot = summary_snapshot(workshop)
    choice = provider_for(workshop)
    digest = snapshot_hash(snapshot, provider=choice.provider, model=choice.model, language=workshop.language)
    same = Summary.objects.filter(workshop=workshop, input_hash=digest)
    existing = same.filter(Q(status=SummaryStatus.SUCCEEDED) | _in_flight()).order_by("-created_at", "-id").first()
    if existing is not None:
        existing.reused = True  # type: ignore[attr-defined]
        return existing
    user = actor.user if actor is not None and actor.is_user else None
    summary = Summary.objects.create(
        workshop=workshop,
        trigger=trigger,
        provider=choice.provider,
        provider_reason=choice.reason,
        model=choice.model,
        language=workshop.language,
        input_hash=digest,
        snapshot=snapshot,
        requested_by=user,
    )
    summary.reused = False  # type: ignore[attr-defined]
    Event.record(
        workshop,
        EventKind.SUMMARY_REQUESTED,
        actor.label if actor is not None else "",
        summary=summary.pk,
        trigger=trigger,
    )
    workshop.touch()
    transaction.on_commit(lambda: _enqueue(summary.pk))
    return summary


@transaction.atomic
def summary_request(*, access: Access, trigger: str = SummaryTrigger.MANUAL) -> Summary:
    """Ask for a summary of the workshop now (facilitators only).

    Returns the summary; its ``reused`` attribute says whether it is an earlier
    one of the same data (nothing changed since), rather than a new queued one.
    """
    access.require_facilitator()
    return _summary_create(workshop=access.workshop, trigger=trigger, actor=access.actor)


def phase_ends(old_phase: str, new_phase: str) -> bool:
    """Moving forward out of a working phase ends it; draft → collect and going back do not."""
    return old_phase in WORKING_PHASES and PHASE_ORDER.index(new_phase) > PHASE_ORDER.index(old_phase)


@transaction.atomic
def summary_after_phase_change(*, workshop: Workshop, old_phase: str, new_phase: str) -> Summary | None:
    """Queue a summary when a phase ends (the phase change itself checked who may do it)."""
    if not phase_ends(old_phase, new_phase):
        return None
    return _summary_create(workshop=workshop, trigger=SummaryTrigger.PHASE_ENDED, actor=None)


# --------------------------------------------------------------------------- running


class _Lease:
    """The claimed row: later updates apply only while this run still holds it."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary

    def update(self, **fields: Any) -> bool:
        rows = Summary.objects.filter(
            pk=self.summary.pk, status=SummaryStatus.RUNNING, started_at=self.summary.started_at
        ).update(**fields)
        return rows == 1


def summary_claim(summary_id: int) -> Summary | None:
    """Take the summary for this run: ``queued`` → ``running``, or None when someone else has it.

    A finished summary is never claimed again. A ``running`` one is reclaimed only
    when it started longer ago than the hard time limit: the run that had it is
    dead (killed at the limit, or its worker died and the broker redelivered).
    """
    now = timezone.now()
    claimable = Q(status=SummaryStatus.QUEUED) | Q(status=SummaryStatus.RUNNING, started_at__lt=_stale_before())
    rows = Summary.objects.filter(Q(pk=summary_id) & claimable).update(
        status=SummaryStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if rows == 0:
        return None
    return Summary.objects.select_related("workshop").get(pk=summary_id)


# The LLM module's errors, by code, in the reader's language (llm.py stays free of Django).
LLM_ERROR_MESSAGES = {
    "timeout": gettext_lazy("The model server did not answer within %(seconds)s seconds."),
    "connection": gettext_lazy("Could not connect to the model server."),
    "client_failed": gettext_lazy("The model client failed: %(detail)s"),
    "quota": gettext_lazy("The model provider account has no credit or quota left (HTTP 429)."),
    "rate_limited": gettext_lazy("The model server is rate-limiting requests (HTTP 429)."),
    "bad_key": gettext_lazy("The model server rejected the API key (HTTP 401)."),
    "forbidden": gettext_lazy("The API key is not allowed to use this model server or model (HTTP 403)."),
    "unknown_model": gettext_lazy(
        "The model server does not know the model “%(model)s”, or its address is wrong (HTTP 404)."
    ),
    "server_error": gettext_lazy("The model server returned an error (HTTP %(status)s)."),
    "busy": gettext_lazy("The model server could not handle the request right now (HTTP %(status)s)."),
    "rejected": gettext_lazy("The model server rejected the request (HTTP %(status)s)."),
    "no_key": gettext_lazy("No API key is configured for the model server."),
    "not_a_completion": gettext_lazy("The model server's reply was not a chat completion; check its address."),
    "refused": gettext_lazy("The model refused: %(detail)s"),
    "length": gettext_lazy("The model's answer was cut short because it reached its length limit."),
    "content_filter": gettext_lazy("The model provider's content filter blocked the answer."),
    "malformed": gettext_lazy("The model's answer did not match the expected format, twice in a row."),
}


def llm_error_text(exc: llm.LlmError) -> str:
    """The error in the active language; the module's own English words for an unknown code."""
    template = LLM_ERROR_MESSAGES.get(exc.code)
    if template is None:
        return exc.message
    params = {"seconds": "", "detail": "", "model": "", "status": exc.status_code or "", **exc.params}
    if isinstance(params["seconds"], float):
        params["seconds"] = f"{params['seconds']:g}"
    text = str(template) % params
    if exc.code == "rejected" and params["detail"]:
        text = f"{text} {params['detail']}"
    return text


def _attempts_note(attempts: int) -> str:
    return ngettext("(after %(count)d attempt)", "(after %(count)d attempts)", attempts) % {"count": attempts}


def summary_run(summary_id: int, *, final_attempt: bool = True) -> Summary | None:
    """Write the summary ``summary_id`` if it is still to do; return it, or None if not claimed.

    Transient LLM errors are re-raised for the task to retry, after the row is put
    back to ``queued`` so that the retry can claim it, unless ``final_attempt``:
    then, like any other error, the summary is ``failed`` with a readable error.
    """
    summary = summary_claim(summary_id)
    if summary is None:
        log.info("Summary %s is finished or taken by another run: nothing to do.", summary_id)
        return None
    lease = _Lease(summary)
    try:
        with translation.override(summary.language):
            _produce(summary)
    except llm.LlmTransientError as exc:
        if final_attempt:
            with translation.override(summary.language):
                _fail(lease, f"{llm_error_text(exc)} {_attempts_note(summary.attempts)}")
            return summary
        log.warning("Summary %s: %s Retrying.", summary_id, exc.message)
        with translation.override(summary.language):
            lease.update(status=SummaryStatus.QUEUED, error=llm_error_text(exc))
        raise
    except llm.LlmError as exc:
        with translation.override(summary.language):
            _fail(lease, f"{llm_error_text(exc)} {_attempts_note(summary.attempts)}")
        return summary
    except SoftTimeLimitExceeded:
        with translation.override(summary.language):
            message = _("The summary took longer than %(seconds)s seconds and was stopped.") % {
                "seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT
            }
        _fail(lease, message)
        return summary
    except Exception:
        log.exception("Summary %s failed unexpectedly.", summary_id)
        with translation.override(summary.language):
            _fail(lease, _("An unexpected error stopped the summary. The administrators can find it in the logs."))
        return summary
    if lease.update(
        status=SummaryStatus.SUCCEEDED,
        content=summary.content,
        markdown=summary.markdown,
        model=summary.model,
        left_out=summary.left_out,
        prompt_tokens=summary.prompt_tokens,
        completion_tokens=summary.completion_tokens,
        error="",
        finished_at=timezone.now(),
    ):
        summary.workshop.touch()
    summary.refresh_from_db()
    return summary


def _produce(summary: Summary) -> None:
    """Fill ``summary``'s content fields in memory (not saved), from its provider."""
    if summary.provider == SummaryProvider.BUILTIN:
        content = builtin_summary(summary.snapshot, summary.language)
    else:
        config = llm_config()
        messages, summary.left_out = prompt.build_messages(
            summary.snapshot, language=summary.language, token_budget=settings.LLM_PROMPT_TOKEN_BUDGET
        )
        result = llm.summarise(config, messages)
        content = result.content
        summary.model = result.model[:100]
        summary.prompt_tokens = result.prompt_tokens
        summary.completion_tokens = result.completion_tokens
    summary.content = content.model_dump(mode="json")
    summary.markdown = summary_markdown(
        content, provider=summary.provider, left_out=summary.left_out, title=_snapshot_title(summary.snapshot)
    )


def _fail(lease: _Lease, message: str) -> None:
    lease.update(status=SummaryStatus.FAILED, error=message, finished_at=timezone.now())
    lease.summary.refresh_from_db()
    lease.summary.workshop.touch()


def retry_countdown(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: exponential backoff with full jitter on top."""
    base = float(settings.SUMMARY_RETRY_BASE_SECONDS)
    return base * 2**retries + random.uniform(0, base)


# --------------------------------------------------------------------------- reading


def summaries_for(access: Access) -> QuerySet[Summary]:
    """The workshop's summaries ``access`` may read, newest first.

    Participants: only succeeded ones, and none until results are revealed.
    """
    qs = Summary.objects.filter(workshop=access.workshop).order_by("-created_at", "-id")
    if access.is_participant:
        if not access.can_see_results:
            return qs.none()
        qs = qs.filter(status=SummaryStatus.SUCCEEDED)
    return qs


def summary_workshop_id(pk: int | str) -> int | None:
    """The workshop of summary ``pk`` (to know which participant cookie to read), or None."""
    try:
        return Summary.objects.values_list("workshop_id", flat=True).get(pk=int(pk))
    except (Summary.DoesNotExist, ValueError, TypeError):
        return None


def summary_for_actor(*, actor: Actor, pk: int | str) -> tuple[Access, Summary]:
    """One summary as ``actor`` may read it, with the access to its workshop; or Http404."""
    workshop_id = summary_workshop_id(pk)
    if workshop_id is None:
        raise Http404
    access = workshop_access(actor=actor, pk=workshop_id)
    summary = summaries_for(access).filter(pk=pk).first()
    if summary is None:
        raise Http404
    return access, summary


def is_stuck(summary: Summary) -> bool:
    """Running past the hard time limit, or queued past the visibility timeout: nobody will finish it."""
    if summary.status == SummaryStatus.RUNNING:
        return summary.started_at is not None and summary.started_at < _stale_before()
    return summary.status == SummaryStatus.QUEUED and summary.created_at < _lost_before()


# --------------------------------------------------------------------------- built-in provider


def _money(value: str | Decimal | None, currency: str) -> str:
    amount = Decimal(value or 0)
    return f"{formats.number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)} {currency}"


def _score(value: float | None) -> str:
    return "–" if value is None else formats.number_format(value, decimal_pos=1, use_l10n=True)


def _figures(uc: dict[str, Any]) -> str:
    if uc.get("priority") is None:
        text = _("not scored yet")
    else:
        text = _("priority %(priority)s (impact %(impact)s, feasibility %(feasibility)s)") % {
            "priority": _score(uc.get("priority")),
            "impact": _score(uc.get("impact")),
            "feasibility": _score(uc.get("feasibility")),
        }
    votes = int(uc.get("votes") or 0)
    return text + ", " + ngettext("%(count)d vote", "%(count)d votes", votes) % {"count": votes}


def _roi_text(roi: dict[str, Any] | None, currency: str) -> str:
    if not roi:
        return _("No ROI estimate yet.")
    text = _("Base scenario: POC cost %(cost)s, NPV %(npv)s (risk-adjusted %(risk)s)") % {
        "cost": _money(roi.get("poc_cost"), currency),
        "npv": _money(roi.get("npv"), currency),
        "risk": _money(roi.get("risk_adjusted_npv"), currency),
    }
    months = roi.get("payback_months")
    if months is None:
        text += ", " + _("no payback within the horizon")
    else:
        text += ", " + ngettext("payback in %(count)d month", "payback in %(count)d months", months) % {"count": months}
    return text + "."


def _compliance_flags(uc: dict[str, Any]) -> list[str]:
    flags = []
    tier = uc.get("ai_act_tier")
    if tier == RiskTier.UNACCEPTABLE:
        flags.append(_("unacceptable risk under the EU AI Act: it cannot be taken forward"))
    elif tier == RiskTier.HIGH:
        flags.append(_("high-risk tier under the EU AI Act: a compliance note goes into the plan"))
    if uc.get("personal_data") == "yes":
        flags.append(_("personal data"))
    if uc.get("special_category_data"):
        flags.append(_("special-category data (GDPR Art. 9)"))
    if uc.get("automated_decisions"):
        flags.append(_("automated decisions about people (GDPR Art. 22)"))
    if uc.get("non_eu_hosting"):
        flags.append(_("data or model hosted outside the EU"))
    return flags


def _titles(use_cases: list[dict[str, Any]]) -> str:
    return ", ".join(f"“{uc.get('title', '')}”" for uc in use_cases)


def builtin_summary(snapshot: dict[str, Any], language: str) -> llm.SummaryContent:
    """A summary without any language model: deterministic, from the snapshot alone.

    Texts come from gettext in ``language``. Useful on its own: the top use cases
    with their figures, quick wins, disagreements, compliance flags, the POC budget,
    proposed POCs with their base ROI, and next steps.
    """
    with translation.override(language):
        return _builtin(snapshot)


def _builtin(snapshot: dict[str, Any]) -> llm.SummaryContent:
    workshop = snapshot.get("workshop") or {}
    totals = snapshot.get("totals") or {}
    currency = workshop.get("currency") or "EUR"
    use_cases: list[dict[str, Any]] = [uc for uc in snapshot.get("use_cases") or [] if isinstance(uc, dict)]
    scored = [uc for uc in use_cases if uc.get("priority") is not None]
    quick_wins = [uc for uc in scored if uc.get("quadrant") == QUICK_WIN]
    discuss = [uc for uc in use_cases if uc.get("needs_discussion")]
    shortlisted = [uc for uc in use_cases if uc.get("status") == Status.SHORTLISTED]

    themes = [
        ngettext(
            "%(count)d use case from %(participants)s participants",
            "%(count)d use cases from %(participants)s participants",
            len(use_cases),
        )
        % {"count": len(use_cases), "participants": workshop.get("participants", 0)}
        + "; "
        + _("%(scores)s scores and %(votes)s votes cast.")
        % {"scores": totals.get("scores", 0), "votes": totals.get("votes", 0)}
    ]
    categories: dict[str, int] = {}
    for uc in use_cases:
        categories[uc.get("category") or "other"] = categories.get(uc.get("category") or "other", 0) + 1
    if categories:
        labels = dict(UseCase._meta.get_field("category").choices)
        parts = [f"{labels.get(key, key)} ({count})" for key, count in sorted(categories.items(), key=lambda i: -i[1])]
        themes.append(_("Categories: %(list)s.") % {"list": ", ".join(parts)})
    if quick_wins:
        themes.append(_("Quick wins (high impact, high feasibility): %(list)s.") % {"list": _titles(quick_wins)})
    if shortlisted:
        themes.append(
            _("POC budget for the shortlist: %(budget)s.") % {"budget": _money(totals.get("poc_budget"), currency)}
        )

    top = []
    for uc in (scored or use_cases)[:TOP_COUNT]:
        why = _figures(uc)
        if uc.get("quadrant"):
            why += f" — {QUADRANT_LABELS.get(uc['quadrant'], uc['quadrant'])}"
        top.append({"title": uc.get("title", ""), "why": why + "."})

    disagreements = [
        _("“%(title)s”: scores spread %(spread)s points apart; discuss it before deciding.")
        % {"title": uc.get("title", ""), "spread": _score(uc.get("spread"))}
        for uc in discuss
    ]
    if scored and not discuss:
        disagreements.append(_("No strong disagreement: the scores of every use case are close."))

    risks = []
    for uc in use_cases:
        flags = _compliance_flags(uc)
        if flags:
            risks.append(f"“{uc.get('title', '')}”: " + "; ".join(flags) + ".")
    unknown_tier = [uc for uc in use_cases if uc.get("ai_act_tier") in (None, "", RiskTier.UNKNOWN)]
    if unknown_tier:
        risks.append(
            ngettext(
                "%(count)d use case has no EU AI Act risk tier yet.",
                "%(count)d use cases have no EU AI Act risk tier yet.",
                len(unknown_tier),
            )
            % {"count": len(unknown_tier)}
        )

    pocs = [{"title": uc.get("title", ""), "rationale": _roi_text(uc.get("roi"), currency)} for uc in shortlisted]
    if not pocs:
        candidates = [uc for uc in quick_wins if uc.get("ai_act_tier") != RiskTier.UNACCEPTABLE][:3]
        pocs = [
            {"title": uc.get("title", ""), "rationale": _("Quick win, not shortlisted yet.") + " " + _figures(uc) + "."}
            for uc in candidates
        ]

    steps = []
    if not scored and use_cases:
        steps.append(_("Score the use cases on impact and feasibility."))
    if not shortlisted:
        steps.append(_("Shortlist the use cases to take forward as POCs."))
    without_roi = [uc for uc in shortlisted if not uc.get("roi")]
    if without_roi:
        steps.append(_("Estimate the ROI of %(list)s.") % {"list": _titles(without_roi)})
    if discuss:
        steps.append(_("Discuss the use cases flagged “needs discussion”: %(list)s.") % {"list": _titles(discuss)})
    flagged = [uc for uc in shortlisted if _compliance_flags(uc)]
    if flagged:
        steps.append(_("Review compliance with the DPO or legal team for %(list)s.") % {"list": _titles(flagged)})
    if shortlisted:
        steps.append(
            _("Confirm the POC budget of %(budget)s and name an owner for each POC.")
            % {"budget": _money(totals.get("poc_budget"), currency)}
        )
    steps.append(_("Send this summary to the participants and the sponsor."))

    return llm.SummaryContent.model_validate(
        {
            "key_themes": themes,
            "top_use_cases": top,
            "disagreements": disagreements,
            "risks_and_compliance": risks,
            "proposed_pocs": pocs,
            "next_steps": steps,
        }
    )


# --------------------------------------------------------------------------- Markdown


def _snapshot_title(snapshot: dict[str, Any]) -> str:
    workshop = snapshot.get("workshop") or {}
    return str(workshop.get("title") or "") if isinstance(workshop, dict) else ""


def _one_line(text: str) -> str:
    # One list item stays one list item: no newline can start a heading or a block.
    return " ".join(str(text).split())


def summary_markdown(content: llm.SummaryContent, *, provider: str, left_out: int = 0, title: str = "") -> str:
    """The summary as Markdown, with headings in the active language.

    Rendered to HTML only through the sanitising filter (``markdown_safe``):
    the text comes from participants and from the model.
    """
    lines: list[str] = []
    if title:
        lines += [f"# {_one_line(title)}", ""]
    if provider == SummaryProvider.BUILTIN:
        lines += ["_" + _("Generated without an LLM.") + "_", ""]
    nothing = "_" + _("Nothing to report.") + "_"

    def section(heading: str, items: list[str], numbered: bool = False) -> None:
        lines.extend([f"## {heading}", ""])
        if not items:
            lines.extend([nothing, ""])
            return
        for index, item in enumerate(items, start=1):
            lines.append(f"{index}. {item}" if numbered else f"- {item}")
        lines.append("")

    section(_("Key themes"), [_one_line(t) for t in content.key_themes])
    section(
        _("Top use cases"),
        [f"**{_one_line(uc.title)}** — {_one_line(uc.why)}" for uc in content.top_use_cases],
        numbered=True,
    )
    section(_("Points of disagreement"), [_one_line(t) for t in content.disagreements])
    section(_("Risks and compliance"), [_one_line(t) for t in content.risks_and_compliance])
    section(_("Proposed POCs"), [f"**{_one_line(p.title)}** — {_one_line(p.rationale)}" for p in content.proposed_pocs])
    section(_("Next steps"), [_one_line(t) for t in content.next_steps])
    if left_out:
        lines += [
            "_"
            + ngettext(
                "%(count)d use case was left out for length.",
                "%(count)d use cases were left out for length.",
                left_out,
            )
            % {"count": left_out}
            + "_",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
