"""Who did what: every facilitator action lands on the workshop's timeline, with who and when."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from pocs import services as poc_services
from pocs.models import DodItem, Metric, Poc
from tests.factories import RoiEstimateFactory, UseCaseFactory, UserFactory
from tests.security.authz_rules import FORBIDDEN, OK, rule_for
from tests.security.matrix import all_routes
from workshop.models import Event, EventKind, Workshop
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db

# POCs follow the workshop after it closed: their actions run in Closed.
_POC_START = {"owner": "Ines", "started_on": "2026-01-05", "planned_end_on": "2026-04-05"}
_CHECK_IN = {"date": "2026-02-05", "period_months": 1, "hours_saved": "40"}
_VERDICT = {"verdict": "extend", "reason": "One more sprint."}
_DOD_ITEM = {"state": "done", "note": "Evaluated on held-out emails."}
_METRIC = {"name": "Routing accuracy", "unit": "%", "target": "90", "direction": "higher"}


def _dod_item(objects: dict) -> DodItem:
    return objects["poc"].dod_items.order_by("order").first()


def _metric(objects: dict) -> Metric:
    return objects["poc"].metrics.get(builtin="error_rate")


def _poc(workshop: Workshop, facilitator: User) -> Poc:
    """A POC of a shortlisted use case, started before the action under test."""
    use_case = UseCaseFactory(workshop=workshop, title="Piloted", status="shortlisted")
    RoiEstimateFactory(use_case=use_case)
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=facilitator))
    return poc_services.poc_start(
        access=access, use_case=use_case, owner="Ines", started_on=date(2026, 1, 5), planned_end_on=date(2026, 4, 5)
    )


# A facilitator's writes, each with its preparation, request and the event it must leave.
# Keys are (route name, method). The phase is set first so that the action is allowed, not refused.
ACTIONS = {
    ("workshop:workshop-edit", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            f"/workshops/{w.pk}/edit/",
            {
                "title": "Renamed",
                "language": "en",
                "currency": "EUR",
                "votes_per_participant": 5,
                "max_votes_per_use_case": 3,
            },
        ),
        EventKind.SETTINGS_CHANGED,
    ),
    ("api:workshop-detail", "PATCH"): (
        "collect",
        lambda c, w, o: c.patch(f"/api/v1/workshops/{w.pk}/", {"title": "Patched"}, content_type="application/json"),
        EventKind.SETTINGS_CHANGED,
    ),
    ("workshop:phase", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/workshops/{w.pk}/phase/", {"direction": "next"}),
        EventKind.PHASE_CHANGED,
    ),
    ("api:workshop-phase", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/api/v1/workshops/{w.pk}/phase/", {"phase": "vote"}, content_type="application/json"),
        EventKind.PHASE_CHANGED,
    ),
    ("api:workshop-timebox", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/api/v1/workshops/{w.pk}/timebox/", {"seconds": 30}, content_type="application/json"),
        EventKind.TIMEBOX_SET,
    ),
    ("workshop:timebox", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/workshops/{w.pk}/timebox/", {"minutes": 5}),
        EventKind.TIMEBOX_SET,
    ),
    ("workshop:regenerate-code", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/workshops/{w.pk}/code/"),
        EventKind.CODE_REGENERATED,
    ),
    ("api:workshop-regenerate-code", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/api/v1/workshops/{w.pk}/regenerate-code/"),
        EventKind.CODE_REGENERATED,
    ),
    ("workshop:reveal", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/workshops/{w.pk}/reveal/", {"revealed": "1"}),
        EventKind.REVEALED,
    ),
    ("api:workshop-reveal", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            f"/api/v1/workshops/{w.pk}/reveal/", {"revealed": True}, content_type="application/json"
        ),
        EventKind.REVEALED,
    ),
    ("workshop:participant-erase", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            f"/workshops/{w.pk}/participants/{o['participant'].pk}/erase/", {"contributions": "keep"}
        ),
        EventKind.PARTICIPANT_ERASED,
    ),
    ("api:participant-erase", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            f"/api/v1/participants/{o['participant'].pk}/erase/",
            {"keep_contributions": False},
            content_type="application/json",
        ),
        EventKind.PARTICIPANT_ERASED,
    ),
    ("compliance:assessment", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/use-cases/{o['use_case'].pk}/assessment/", {"is_ai_system": "yes"}),
        EventKind.ASSESSMENT_SAVED,
    ),
    ("compliance:reconfirm", "POST"): (
        "collect",
        lambda c, w, o: (
            c.post(f"/use-cases/{o['use_case'].pk}/assessment/", {"is_ai_system": "yes"}),
            _answered_in_2024(o["use_case"]),
            c.post(f"/use-cases/{o['use_case'].pk}/assessment/reconfirm/"),
        )[-1],
        EventKind.ASSESSMENT_SAVED,
    ),
    ("api:use-case-assessment", "PUT"): (
        "collect",
        lambda c, w, o: c.put(
            f"/api/v1/use-cases/{o['use_case'].pk}/assessment/",
            {"answers": {"is_ai_system": "yes"}},
            content_type="application/json",
        ),
        EventKind.ASSESSMENT_SAVED,
    ),
    ("summaries:generate", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/workshops/{w.pk}/summaries/"),
        EventKind.SUMMARY_REQUESTED,
    ),
    ("api:workshop-summaries", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/api/v1/workshops/{w.pk}/summaries/"),
        EventKind.SUMMARY_REQUESTED,
    ),
    ("usecases:create", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/workshops/{w.pk}/use-cases/new/", {"title": "Seeded"}),
        EventKind.USE_CASE_ADDED,
    ),
    ("api:use-cases", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            f"/api/v1/workshops/{w.pk}/use-cases/", {"title": "Seeded"}, content_type="application/json"
        ),
        EventKind.USE_CASE_ADDED,
    ),
    ("usecases:edit", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/use-cases/{o['use_case'].pk}/edit/", {"title": "Edited"}),
        EventKind.USE_CASE_EDITED,
    ),
    ("api:use-case", "PATCH"): (
        "collect",
        lambda c, w, o: c.patch(
            f"/api/v1/use-cases/{o['use_case'].pk}/", {"problem": "New"}, content_type="application/json"
        ),
        EventKind.USE_CASE_EDITED,
    ),
    ("api:use-case", "PUT"): (
        "collect",
        lambda c, w, o: c.put(
            f"/api/v1/use-cases/{o['use_case'].pk}/", {"title": "Put"}, content_type="application/json"
        ),
        EventKind.USE_CASE_EDITED,
    ),
    ("usecases:delete", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/use-cases/{o['use_case'].pk}/delete/"),
        EventKind.USE_CASE_DELETED,
    ),
    ("api:use-case", "DELETE"): (
        "collect",
        lambda c, w, o: c.delete(f"/api/v1/use-cases/{o['use_case'].pk}/"),
        EventKind.USE_CASE_DELETED,
    ),
    ("usecases:status", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/use-cases/{o['use_case'].pk}/status/", {"status": "shortlisted"}),
        EventKind.STATUS_CHANGED,
    ),
    ("usecases:merge", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/use-cases/{o['use_case'].pk}/merge/", {"into": o["other"].pk}),
        EventKind.MERGED,
    ),
    ("api:use-case-merge", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            f"/api/v1/use-cases/{o['use_case'].pk}/merge/", {"into": o["other"].pk}, content_type="application/json"
        ),
        EventKind.MERGED,
    ),
    ("usecases:criteria", "POST"): (
        "draft",
        lambda c, w, o: c.post(
            f"/workshops/{w.pk}/criteria/", {"new-name": "Cost", "new-axis": "impact", "new-weight": 1}
        ),
        EventKind.CRITERIA_CHANGED,
    ),
    ("api:criteria", "POST"): (
        "draft",
        lambda c, w, o: c.post(
            f"/api/v1/workshops/{w.pk}/criteria/", {"name": "Cost", "axis": "impact"}, content_type="application/json"
        ),
        EventKind.CRITERIA_CHANGED,
    ),
    ("usecases:criterion-edit", "POST"): (
        "draft",
        lambda c, w, o: c.post(f"/workshops/{w.pk}/criteria/{o['criterion'].pk}/", {"action": "down"}),
        EventKind.CRITERIA_CHANGED,
    ),
    ("api:criterion", "PATCH"): (
        "draft",
        lambda c, w, o: c.patch(
            f"/api/v1/criteria/{o['criterion'].pk}/", {"weight": 3}, content_type="application/json"
        ),
        EventKind.CRITERIA_CHANGED,
    ),
    ("api:criterion", "PUT"): (
        "draft",
        lambda c, w, o: c.put(
            f"/api/v1/criteria/{o['criterion'].pk}/",
            {"name": "P", "axis": "impact", "weight": 2},
            content_type="application/json",
        ),
        EventKind.CRITERIA_CHANGED,
    ),
    ("api:criterion", "DELETE"): (
        "draft",
        lambda c, w, o: c.delete(f"/api/v1/criteria/{o['criterion'].pk}/"),
        EventKind.CRITERIA_CHANGED,
    ),
    ("roi:edit", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/use-cases/{o['use_case'].pk}/roi/", {"effort_days": "12"}),
        EventKind.ROI_SAVED,
    ),
    ("api:roi-estimate", "PUT"): (
        "collect",
        lambda c, w, o: c.put(
            f"/api/v1/use-cases/{o['use_case'].pk}/roi/", {"effort_days": "12"}, content_type="application/json"
        ),
        EventKind.ROI_SAVED,
    ),
    ("workshop:client-edit", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/clients/{w.client_id}/edit/", {"name": "Renamed client"}),
        EventKind.CLIENT_CHANGED,
    ),
    ("api:client-detail", "PATCH"): (
        "collect",
        lambda c, w, o: c.patch(
            f"/api/v1/clients/{w.client_id}/", {"llm_allowed": False}, content_type="application/json"
        ),
        EventKind.CLIENT_CHANGED,
    ),
    ("api:client-detail", "PUT"): (
        "collect",
        lambda c, w, o: c.put(
            f"/api/v1/clients/{w.client_id}/",
            {"name": "Put client", "llm_allowed": True},
            content_type="application/json",
        ),
        EventKind.CLIENT_CHANGED,
    ),
    ("workshop:client-viewer-add", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/clients/{w.client_id}/viewers/", {"username": o["newcomer"].username}),
        EventKind.VIEWER_ADDED,
    ),
    ("api:client-viewers", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            f"/api/v1/clients/{w.client_id}/viewers/",
            {"username": o["newcomer"].username},
            content_type="application/json",
        ),
        EventKind.VIEWER_ADDED,
    ),
    ("workshop:client-viewer-remove", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/clients/{w.client_id}/viewers/{o['viewer'].pk}/remove/"),
        EventKind.VIEWER_REMOVED,
    ),
    ("api:client-remove-viewer", "DELETE"): (
        "collect",
        lambda c, w, o: c.delete(f"/api/v1/clients/{w.client_id}/viewers/{o['viewer'].pk}/"),
        EventKind.VIEWER_REMOVED,
    ),
    ("workshop:client-poc-recording", "POST"): (
        "collect",
        lambda c, w, o: c.post(f"/clients/{w.client_id}/poc-recording/", {"managers_record_pocs": "on"}),
        EventKind.CLIENT_CHANGED,
    ),
    ("pocs:start", "POST"): (
        "closed",
        lambda c, w, o: c.post(
            f"/use-cases/{o['shortlisted'].pk}/poc/start/", {**_POC_START, "metric_direction": "higher"}
        ),
        EventKind.POC_STARTED,
    ),
    ("api:use-case-poc", "POST"): (
        "closed",
        lambda c, w, o: c.post(
            f"/api/v1/use-cases/{o['shortlisted'].pk}/poc/", _POC_START, content_type="application/json"
        ),
        EventKind.POC_STARTED,
    ),
    ("pocs:check-in", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/pocs/{o['poc'].pk}/check-ins/", _CHECK_IN),
        EventKind.POC_CHECK_IN,
    ),
    ("api:poc-check-ins", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/api/v1/pocs/{o['poc'].pk}/check-ins/", _CHECK_IN, content_type="application/json"),
        EventKind.POC_CHECK_IN,
    ),
    ("pocs:verdict", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/pocs/{o['poc'].pk}/verdict/", _VERDICT),
        EventKind.POC_VERDICT,
    ),
    ("api:poc-verdict", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/api/v1/pocs/{o['poc'].pk}/verdict/", _VERDICT, content_type="application/json"),
        EventKind.POC_VERDICT,
    ),
    ("pocs:dod-item", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/pocs/{o['poc'].pk}/definition-of-done/{_dod_item(o).pk}/", _DOD_ITEM),
        EventKind.POC_DOD_CHANGED,
    ),
    ("api:poc-dod-item", "PATCH"): (
        "closed",
        lambda c, w, o: c.patch(
            f"/api/v1/pocs/{o['poc'].pk}/definition-of-done/{_dod_item(o).pk}/",
            _DOD_ITEM,
            content_type="application/json",
        ),
        EventKind.POC_DOD_CHANGED,
    ),
    ("pocs:metric-add", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/pocs/{o['poc'].pk}/metrics/", _METRIC),
        EventKind.POC_METRICS_CHANGED,
    ),
    ("api:poc-metrics", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/api/v1/pocs/{o['poc'].pk}/metrics/", _METRIC, content_type="application/json"),
        EventKind.POC_METRICS_CHANGED,
    ),
    ("pocs:metric-target", "POST"): (
        "closed",
        lambda c, w, o: c.post(f"/pocs/{o['poc'].pk}/metrics/{_metric(o).pk}/target/", {"target": "4"}),
        EventKind.POC_METRICS_CHANGED,
    ),
    ("api:poc-metric", "PATCH"): (
        "closed",
        lambda c, w, o: c.patch(
            f"/api/v1/pocs/{o['poc'].pk}/metrics/{_metric(o).pk}/", {"target": "4"}, content_type="application/json"
        ),
        EventKind.POC_METRICS_CHANGED,
    ),
    ("workshop:workshop-create", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            "/workshops/new/",
            {
                "client": w.client_id,
                "title": "Second",
                "language": "en",
                "currency": "EUR",
                "votes_per_participant": 5,
                "max_votes_per_use_case": 3,
            },
        ),
        EventKind.CREATED,
    ),
    ("api:workshop-list", "POST"): (
        "collect",
        lambda c, w, o: c.post(
            "/api/v1/workshops/", {"client": w.client_id, "title": "Second"}, content_type="application/json"
        ),
        EventKind.CREATED,
    ),
}


# Facilitator writes that change no workshop, or that the timeline records elsewhere.
def _import_two_ideas(c, w, o):
    from tests.usecases.test_import import CSV, _mapping, _upload

    first = _upload(c, w, "ideas.csv", CSV)
    return c.post(f"/workshops/{w.pk}/import/", {"action": "confirm", **_mapping(first)})


ACTIONS.update(
    {
        ("usecases:import", "POST"): ("draft", _import_two_ideas, EventKind.USE_CASES_IMPORTED),
        ("usecases:criteria-template", "POST"): (
            "draft",
            lambda c, w, o: c.post(f"/workshops/{w.pk}/criteria/template/", {"template": "value_effort"}),
            EventKind.CRITERIA_TEMPLATE_APPLIED,
        ),
        ("api:criteria-template", "POST"): (
            "draft",
            lambda c, w, o: c.post(
                f"/api/v1/workshops/{w.pk}/criteria/template/", {"template": "rice"}, content_type="application/json"
            ),
            EventKind.CRITERIA_TEMPLATE_APPLIED,
        ),
        ("workshop:participant-remove", "POST"): (
            "collect",
            lambda c, w, o: c.post(f"/workshops/{w.pk}/participants/{o['participant'].pk}/remove/"),
            EventKind.PARTICIPANT_REMOVED,
        ),
        ("api:workshop-participant", "DELETE"): (
            "collect",
            lambda c, w, o: c.delete(f"/api/v1/workshops/{w.pk}/participants/{o['participant'].pk}/"),
            EventKind.PARTICIPANT_REMOVED,
        ),
        ("workshop:participant-rejoin-link", "POST"): (
            "collect",
            lambda c, w, o: c.post(f"/workshops/{w.pk}/participants/{o['participant'].pk}/rejoin-link/"),
            EventKind.REJOIN_LINK_CREATED,
        ),
        ("api:workshop-participant-rejoin-link", "POST"): (
            "collect",
            lambda c, w, o: c.post(f"/api/v1/workshops/{w.pk}/participants/{o['participant'].pk}/rejoin-link/"),
            EventKind.REJOIN_LINK_CREATED,
        ),
    }
)

NOT_ON_A_TIMELINE = {
    ("workshop:client-create", "POST"): "a new client has no workshop yet",
    ("api:client-list", "POST"): "a new client has no workshop yet",
    ("roi:preview", "POST"): "computes figures, saves nothing",
    ("workshop:join", "POST"): "joining is a participant's act: the join event links the participant",
    ("workshop:join-code", "POST"): "joining is a participant's act: the join event links the participant",
    ("api:join", "POST"): "joining is a participant's act: the join event links the participant",
    ("usecases:spotlight", "POST"): "what the projector shows for a moment of discussion: no decision to record",
    ("api:workshop-spotlight", "POST"): "what the projector shows for a moment of discussion: no decision to record",
}


def _facilitator_writes() -> set[tuple[str, str]]:
    """Writes that a facilitator may do and a manager may not: facilitators' actions, from the rules table."""
    writes = set()
    for route in all_routes():
        if route.name.startswith("admin:"):
            continue
        rule = rule_for(route.name)
        for method, by_role in rule.methods.items():
            if method != "GET" and by_role["facilitator_a"] == OK and by_role["manager_a"] == FORBIDDEN:
                writes.add((route.name, method))
    return writes


def _answered_in_2024(use_case: object) -> None:
    """The assessment as answered before the 2026 amendment, so that a re-confirm has something to adopt."""
    from compliance.models import Assessment

    Assessment.objects.filter(use_case=use_case).update(edition="2024/1689")


def test_every_facilitator_write_of_the_url_conf_is_checked_for_its_timeline_entry():
    unlisted = sorted(w for w in _facilitator_writes() if w not in ACTIONS and not NOT_ON_A_TIMELINE.get(w))

    assert not unlisted, f"Facilitator actions with no expected timeline event in test_timeline.py: {unlisted}"


@pytest.mark.parametrize("action", sorted(ACTIONS), ids=lambda a: f"{a[1]} {a[0]}")
def test_a_facilitator_action_lands_on_the_timeline_with_who_and_when(action, alice, alice_client, workshop, bob):
    phase, perform, kind = ACTIONS[action]
    workshop.phase = phase
    workshop.save()
    viewer = UserFactory(username="vera")
    workshop.client.created_by = alice
    workshop.client.save()
    workshop.client.viewers.add(viewer)
    objects = {
        "participant": bob,
        "use_case": UseCaseFactory(workshop=workshop, title="On the board"),
        "other": UseCaseFactory(workshop=workshop, title="The original"),
        "criterion": workshop.criteria.order_by("order").first(),
        "newcomer": UserFactory(username="nora"),
        "viewer": viewer,
        "shortlisted": RoiEstimateFactory(
            use_case=UseCaseFactory(workshop=workshop, title="Shortlisted", status="shortlisted")
        ).use_case,
        "poc": _poc(workshop, alice),
    }
    before = timezone.now()
    last_before = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = perform(alice_client, workshop, objects)

    assert response.status_code < 400, response.content[:500]
    # The action's own event, not one its preparation left (starting the POC, say).
    event = Event.objects.filter(kind=kind, id__gt=last_before).order_by("-id").first()
    assert event is not None, f"no {kind} event"
    assert event.actor_label == (alice.get_full_name() or alice.username)
    assert before - timedelta(seconds=1) <= event.created_at <= timezone.now()
