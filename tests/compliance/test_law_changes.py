"""The law as it stands today: an assessment answered under Regulation (EU) 2024/1689 as published keeps
its outcome, says what Regulation (EU) 2026/1744 changed for it (page, API, client list, command), and a
facilitator re-confirms it under the law in force."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from compliance import law, rules
from compliance.models import Assessment
from compliance.selectors import assessments_for
from compliance.services import assessment_reconfirm, assessment_save
from core.exceptions import Refused
from tests.compliance.conftest import CV_RANKING
from tests.factories import UseCaseFactory
from workshop.models import Event, EventKind
from workshop.selectors import Actor, workshop_access

pytestmark = pytest.mark.django_db

OLD, NEW = "2024/1689", "2024/1689+2026/1744"
OLD_TITLE = "Regulation (EU) 2024/1689 (the AI Act), as published"
OMNIBUS = "Regulation (EU) 2026/1744"
POSTPONED = "Art. 26: from Dec. 2, 2027, postponed from Aug. 2, 2026 by Regulation (EU) 2026/1744."

# Outside the AI Act: nothing an amendment of it can change.
NOT_AI = {"is_ai_system": "no", "personal_data": "no"}


def as_alice(alice: object, workshop: object):
    return workshop_access(actor=Actor(user=alice), pk=workshop.pk)  # type: ignore[attr-defined]


def answered_in_2024(alice: object, workshop: object, use_case: object, answers: dict, **decision: object) -> None:
    """Saved by the facilitator, then read as answered before the 2026 amendment."""
    assessment_save(access=as_alice(alice, workshop), use_case=use_case, answers=answers, **decision)  # type: ignore[arg-type]
    Assessment.objects.filter(use_case=use_case).update(edition=OLD)


@pytest.fixture
def cv_ranking(alice, workshop):
    use_case = UseCaseFactory(workshop=workshop, title="CV ranking for recruiters")
    answered_in_2024(alice, workshop, use_case, CV_RANKING, confirmed_tier="high")
    return use_case


def page(use_case: object) -> str:
    return reverse("compliance:assessment", args=[use_case.pk])  # type: ignore[attr-defined]


def api(use_case: object, tail: str = "") -> str:
    return f"/api/v1/use-cases/{use_case.pk}/assessment/{tail}"  # type: ignore[attr-defined]


def dates(obligations: list[dict]) -> list[tuple[str, str]]:
    return [(o["article"], o["applies_from"]) for o in obligations]


def date_moved(changes: list[dict]) -> dict:
    (moved,) = [c for c in changes if c["kind"] == "date_moved" and c["subject"] == "deployer_duties"]
    return moved


# --- It keeps its 2024 outcome, and knows the law moved on ----------------------------------------


def test_the_assessment_keeps_its_2024_outcome_and_lists_what_the_amendment_changed(cv_ranking):
    assessment = Assessment.objects.get(use_case=cv_ranking)
    assert assessment.law_edition is law.AI_ACT_2024
    assert [(o.article, o.applies_from) for o in assessment.outcome().obligations] == [
        ("Art. 4", date(2025, 2, 2)),
        ("Art. 26", date(2026, 8, 2)),
        ("Art. 26(11)", date(2026, 8, 2)),
        ("Art. 86", date(2026, 8, 2)),
    ]
    assert assessment.needs_reassessment(date(2026, 12, 5))

    view = assessments_for([cv_ranking.pk])[cv_ranking.pk]
    assert (view.tier, view.basis, view.reassess) == ("high", "confirmed", True)
    assert (view.edition, view.edition_in_force) == (law.AI_ACT_2024, law.AI_ACT_2026)
    assert ("Art. 26", date(2026, 8, 2)) in [(o.article, o.applies_from) for o in view.obligations]
    assert rules.Change(rules.DATE_MOVED, "deployer_duties", "Art. 26", "2026-08-02", "2027-12-02", OMNIBUS) in (
        view.changes
    )
    # The new wording of Art. 4 is a change too; nothing else moves for these answers.
    assert {(c.kind, c.subject) for c in view.changes} == {
        ("date_moved", "deployer_duties"),
        ("date_moved", "inform_affected_persons"),
        ("date_moved", "explain_decisions"),
        ("article", "ai_literacy"),
    }


def test_the_page_says_the_law_changed_and_what_moved(alice_client, cv_ranking):
    html = alice_client.get(page(cv_ranking)).content.decode()

    assert f'<p class="muted small" data-testid="answered-under">Answered under {OLD_TITLE}.</p>' in html
    assert 'data-testid="law-changed"' in html
    assert "The law changed since this was assessed" in html
    assert f'<li data-kind="date_moved" data-subject="deployer_duties">{POSTPONED}</li>' in html
    assert "postponed from Aug. 2, 2026" in html
    assert f'action="{reverse("compliance:reconfirm", args=[cv_ranking.pk])}"' in html
    assert "Re-confirm under the law in force" in html


def test_a_manager_reads_the_change_but_is_offered_no_re_confirm(victor_client, cv_ranking):
    html = victor_client.get(page(cv_ranking)).content.decode()

    assert POSTPONED in html
    assert "Re-confirm under the law in force" not in html


def test_an_assessment_under_the_law_in_force_shows_no_change(alice, alice_client, workshop):
    fresh = UseCaseFactory(workshop=workshop, title="CV ranking, answered today")
    assessment_save(access=as_alice(alice, workshop), use_case=fresh, answers=CV_RANKING)

    html = alice_client.get(page(fresh)).content.decode()

    assert 'data-testid="law-changed"' not in html
    assert "Re-confirm under the law in force" not in html
    assert "postponed from" not in html


def test_the_api_answers_under_the_edition_it_was_answered_under_with_the_changes(bob_api, cv_ranking):
    body = bob_api.get(api(cv_ranking)).json()

    assert body["law"]["code"] == body["answered_under"]["code"] == OLD
    assert body["answered_under"] == {"code": OLD, "title": OLD_TITLE, "applies_from": "2024-08-01"}
    assert ("Art. 26", "2026-08-02") in dates(body["obligations"])
    assert (body["tier_in_force"], body["basis"], body["reassess"]) == ("high", "confirmed", True)
    assert date_moved(body["changes"]) == {
        "kind": "date_moved",
        "subject": "deployer_duties",
        "article": "Art. 26",
        "before": "2026-08-02",
        "after": "2027-12-02",
        "by": OMNIBUS,
        "text": POSTPONED,
    }


def test_as_of_reads_the_answers_under_the_edition_in_force_that_day(bob_api, alice, workshop, cv_ranking):
    before_the_amendment = bob_api.get(api(cv_ranking), {"as_of": "2026-01-01"}).json()
    assert before_the_amendment["law"]["code"] == OLD
    assert ("Art. 26", "2026-08-02") in dates(before_the_amendment["obligations"])

    today = bob_api.get(api(cv_ranking), {"as_of": "2026-12-05"}).json()
    assert today["law"]["code"] == NEW
    assert ("Art. 26", "2027-12-02") in dates(today["obligations"])
    # It was still answered under the older text, whatever it is read under.
    assert (today["answered_under"]["code"], today["reassess"]) == (OLD, True)

    fresh = UseCaseFactory(workshop=workshop, title="CV ranking, answered today")
    assessment_save(access=as_alice(alice, workshop), use_case=fresh, answers=CV_RANKING)
    plain = bob_api.get(api(fresh)).json()
    assert (plain["law"]["code"], plain["answered_under"]["code"]) == (NEW, NEW)
    assert ("Art. 26", "2027-12-02") in dates(plain["obligations"])
    as_of = bob_api.get(api(fresh), {"as_of": "2026-01-01"}).json()
    assert (as_of["law"]["code"], as_of["answered_under"]["code"]) == (OLD, NEW)
    assert ("Art. 26", "2026-08-02") in dates(as_of["obligations"])


@pytest.mark.parametrize("value", ["bad", "2026-13-01", "05/12/2026"])
def test_a_malformed_as_of_is_a_400_on_the_field(bob_api, cv_ranking, value):
    response = bob_api.get(api(cv_ranking), {"as_of": value})
    assert response.status_code == 400
    assert "as_of" in response.json()


# --- What the law changed for one use case: GET …/assessment/changes/ ----------------------------


def test_the_changes_endpoint_compares_from_the_edition_it_was_answered_under(bob_api, victor_api, cv_ranking):
    body = bob_api.get(api(cv_ranking, "changes/")).json()

    assert (body["use_case"], body["title"], body["workshop"]) == (
        cv_ranking.pk,
        "CV ranking for recruiters",
        cv_ranking.workshop_id,
    )
    assert body["assessed"] is True
    assert (body["since"]["code"], body["law"]["code"]) == (OLD, NEW)
    assert (body["tier_before"], body["tier_after"]) == ("high", "high")
    assert date_moved(body["changes"])["before"] == "2026-08-02"
    assert date_moved(body["changes"])["after"] == "2027-12-02"
    assert date_moved(body["changes"])["text"] == POSTPONED
    assert victor_api.get(api(cv_ranking, "changes/")).json() == body


def test_the_changes_endpoint_compares_from_the_law_in_force_on_since(alice, bob_api, workshop):
    fresh = UseCaseFactory(workshop=workshop, title="CV ranking, answered today")
    assessment_save(access=as_alice(alice, workshop), use_case=fresh, answers=CV_RANKING)
    # Answered under the law in force: by default nothing changed since.
    assert bob_api.get(api(fresh, "changes/")).json()["changes"] == []

    body = bob_api.get(api(fresh, "changes/"), {"since": "2026-01-01"}).json()
    assert body["since"]["code"] == OLD
    assert date_moved(body["changes"])["text"] == POSTPONED

    after_the_amendment = bob_api.get(api(fresh, "changes/"), {"since": "2026-07-27"}).json()
    assert (after_the_amendment["since"]["code"], after_the_amendment["changes"]) == (NEW, [])


def test_a_use_case_never_assessed_has_nothing_that_changed(bob_api, bobs_idea):
    body = bob_api.get(api(bobs_idea, "changes/"), {"since": "2026-01-01"}).json()

    assert (body["assessed"], body["tier_before"], body["tier_after"], body["changes"]) == (False, None, None, [])


def test_the_changes_endpoint_refuses_a_bad_since_and_outsiders(bob_api, charlie_api, cv_ranking):
    bad = bob_api.get(api(cv_ranking, "changes/"), {"since": "bad"})
    assert bad.status_code == 400
    assert "since" in bad.json()

    assert charlie_api.get(api(cv_ranking, "changes/")).status_code == 404
    assert charlie_api.get(api(cv_ranking, "changes/"), {"since": "2026-01-01"}).status_code == 404
    assert bob_api.get("/api/v1/use-cases/999999/assessment/changes/").status_code == 404


# --- Every use case of a client the change touches ------------------------------------------------


@pytest.fixture
def untouched(alice, workshop):
    """A use case the amendment changes nothing for."""
    use_case = UseCaseFactory(workshop=workshop, title="Meeting-room booking rules")
    answered_in_2024(alice, workshop, use_case, NOT_AI)
    return use_case


def client_api(workshop: object) -> str:
    return f"/api/v1/clients/{workshop.client_id}/law-changes/"  # type: ignore[attr-defined]


def test_the_clients_facilitator_and_manager_see_the_use_cases_the_change_touches(
    alice_api, victor_api, workshop, cv_ranking, untouched
):
    body = alice_api.get(client_api(workshop)).json()

    assert body["client"] == workshop.client_id
    assert (body["since"]["code"], body["law"]["code"]) == (OLD, NEW)
    (row,) = body["use_cases"]
    assert (row["use_case"], row["title"]) == (cv_ranking.pk, "CV ranking for recruiters")
    assert date_moved(row["changes"])["text"] == POSTPONED
    assert victor_api.get(client_api(workshop)).json() == body

    since = alice_api.get(client_api(workshop), {"since": "2026-01-01"}).json()
    assert [r["use_case"] for r in since["use_cases"]] == [cv_ranking.pk]
    assert alice_api.get(client_api(workshop), {"since": "2026-08-01"}).json()["use_cases"] == []


def test_participants_and_outsiders_get_404_from_the_client_list(bob_api, charlie_api, alice_api, workshop, cv_ranking):
    assert bob_api.get(client_api(workshop)).status_code == 404
    assert charlie_api.get(client_api(workshop)).status_code == 404
    assert alice_api.get("/api/v1/clients/999999/law-changes/").status_code == 404
    bad = alice_api.get(client_api(workshop), {"since": "bad"})
    assert bad.status_code == 400
    assert "since" in bad.json()


def test_the_client_page_lists_what_the_law_change_means(alice_client, victor_client, workshop, cv_ranking, untouched):
    url = reverse("compliance:client-law-changes", args=[workshop.client_id])
    assert url in alice_client.get(reverse("workshop:client", args=[workshop.client_id])).content.decode()

    html = alice_client.get(url).content.decode()
    assert f"What the law change means for {workshop.client.name}" in html
    assert f'href="{page(cv_ranking)}">CV ranking for recruiters</a>' in html
    assert f'<li data-kind="date_moved">{POSTPONED}</li>' in html
    assert "Meeting-room booking rules" not in html
    assert "2 assessed use cases checked." in html

    assert POSTPONED in victor_client.get(url).content.decode()
    nothing = alice_client.get(url, {"since": "2026-08-01"}).content.decode()
    assert "No use case of this client is changed by the law between these dates." in nothing
    assert "CV ranking for recruiters" not in nothing


def test_the_client_page_refuses_a_bad_date_and_outsiders(alice_client, charlie_client, bob_client, workshop):
    url = reverse("compliance:client-law-changes", args=[workshop.client_id])
    bad = alice_client.get(url, {"since": "bad"})
    assert bad.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in bad.content.decode()
    assert charlie_client.get(url).status_code == 404
    # A participant of its workshop reads no client page: it is for signed-in staff.
    assert bob_client.get(url).status_code == 302


# --- manage.py reassess ----------------------------------------------------------------------------


def reassess(*args: str) -> str:
    out = io.StringIO()
    call_command("reassess", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_each_changed_use_case_with_its_changes(workshop, cv_ranking, untouched):
    text = reassess("--since", "2026-01-01")

    assert f"From {OLD_TITLE} to " in text
    assert f"# {workshop.client.name} (client {workshop.client_id})" in text
    assert f"- CV ranking for recruiters (use case {cv_ranking.pk}, workshop {workshop.pk})" in text
    assert f"    {POSTPONED}" in text
    assert "Meeting-room booking rules" not in text
    assert text.rstrip().endswith("1 use case changed.")

    assert "CV ranking for recruiters" in reassess("--since", "2026-01-01", "--client", str(workshop.client_id))
    later = reassess("--since", "2026-08-01")
    assert "CV ranking for recruiters" not in later
    assert later.rstrip().endswith("0 use cases changed.")


def test_the_command_speaks_french_when_asked(cv_ranking):
    text = reassess("--since", "2026-01-01", "--lang", "fr")
    assert "CV ranking for recruiters" in text
    assert "Art. 26" in text
    assert "2 décembre 2027" in text
    assert "2 août 2026" in text
    assert POSTPONED not in text


@pytest.mark.parametrize(
    "args", [("--since", "bad"), ("--since", "2026-02-30"), ("--since", "2026-01-01", "--client", "999999")]
)
def test_the_command_refuses_a_bad_date_or_an_unknown_client(db, args):
    with pytest.raises(CommandError):
        reassess(*args)


# --- Re-confirm under the law in force ---------------------------------------------------------------


def test_a_facilitator_re_confirms_and_it_reads_the_law_in_force(alice_client, bob_api, workshop, cv_ranking):
    response = alice_client.post(reverse("compliance:reconfirm", args=[cv_ranking.pk]))

    assert response.status_code == 302
    assert response["Location"] == page(cv_ranking)
    assessment = Assessment.objects.get(use_case=cv_ranking)
    assert (assessment.edition, assessment.answers) == (NEW, CV_RANKING)
    # A plain confirmation becomes the confirmation of what the law in force suggests.
    assert (assessment.confirmed_tier, assessment.override_reason) == ("high", "")
    event = Event.objects.filter(workshop=workshop, kind=EventKind.ASSESSMENT_SAVED).latest("created_at")
    assert event.data["edition"] == NEW

    body = bob_api.get(api(cv_ranking)).json()
    assert (body["law"]["code"], body["answered_under"]["code"]) == (NEW, NEW)
    assert ("Art. 26", "2027-12-02") in dates(body["obligations"])
    assert (body["reassess"], body["changes"], body["basis"]) == (False, [], "confirmed")

    html = alice_client.get(page(cv_ranking)).content.decode()
    assert "Pre-assessment re-confirmed under the law in force." in html
    assert 'data-testid="law-changed"' not in html


def test_a_second_re_confirm_is_refused_with_a_message(alice_client, cv_ranking):
    url = reverse("compliance:reconfirm", args=[cv_ranking.pk])
    alice_client.post(url)
    before = Assessment.objects.get(use_case=cv_ranking).confirmed_at

    response = alice_client.post(url, follow=True)

    assert "This pre-assessment already reads the law in force." in response.content.decode()
    assert Assessment.objects.get(use_case=cv_ranking).confirmed_at == before


def test_participants_and_managers_may_not_re_confirm(bob_client, victor_client, workshop, alice):
    own = UseCaseFactory(workshop=workshop, title="Someone else's CV ranking")
    answered_in_2024(alice, workshop, own, CV_RANKING)
    url = reverse("compliance:reconfirm", args=[own.pk])

    assert victor_client.post(url).status_code == 403
    assert bob_client.post(url).status_code == 403
    assert Assessment.objects.get(use_case=own).edition == OLD


def test_the_author_may_not_re_confirm_their_own_idea_either(bob_client, bob, alice, workshop):
    own = UseCaseFactory(workshop=workshop, author=bob, title="Bob's CV ranking")
    answered_in_2024(alice, workshop, own, CV_RANKING)

    assert bob_client.post(reverse("compliance:reconfirm", args=[own.pk])).status_code == 403
    assert Assessment.objects.get(use_case=own).edition == OLD


def test_an_override_keeps_its_tier_and_reason_when_re_confirmed(alice, bob_api, workshop):
    use_case = UseCaseFactory(workshop=workshop, title="CV ranking, overridden")
    reason = "Legal review: it only sorts applications by the date they arrived."
    answered_in_2024(alice, workshop, use_case, CV_RANKING, confirmed_tier="minimal", override_reason=reason)

    assessment_reconfirm(access=as_alice(alice, workshop), use_case=use_case)

    assessment = Assessment.objects.get(use_case=use_case)
    assert (assessment.edition, assessment.confirmed_tier, assessment.override_reason) == (NEW, "minimal", reason)
    body = bob_api.get(api(use_case)).json()
    assert (body["basis"], body["basis_label"]) == ("overridden", "overridden (suggested: High risk)")
    assert "Art. 26" not in [o["article"] for o in body["obligations"]]


def test_re_confirm_is_refused_before_any_assessment_and_when_up_to_date(alice, workshop, bobs_idea):
    access = as_alice(alice, workshop)
    with pytest.raises(Refused) as not_assessed:
        assessment_reconfirm(access=access, use_case=bobs_idea)
    assert not_assessed.value.code == "not_assessed"

    assessment_save(access=access, use_case=bobs_idea, answers=CV_RANKING)
    with pytest.raises(Refused) as up_to_date:
        assessment_reconfirm(access=access, use_case=bobs_idea)
    assert up_to_date.value.code == "up_to_date"
