"""Anonymous ideas and hidden vote totals hold for participants everywhere, and never for the facilitator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UseCaseFactory, VoteFactory, score_on_axes
from tests.usecases.conftest import set_phase
from usecases.models import UseCase
from workshop.models import Workshop
from workshop.services import participant_remove

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous(workshop: Workshop) -> Workshop:
    workshop.anonymous_ideas = True
    workshop.save()
    return workshop


@pytest.fixture
def danas_idea(workshop, dana) -> UseCase:
    return UseCaseFactory(workshop=workshop, author=dana, title="Invoice matching")


def _use_cases(api, workshop) -> dict[str, dict]:
    response = api.get(f"/api/v1/workshops/{workshop.pk}/use-cases/")
    assert response.status_code == 200
    return {row["title"]: row for row in response.json()}


# --- Anonymous ideas ----------------------------------------------------------------------


def test_anonymous_ideas_hide_authors_from_participants_and_managers_in_the_api(
    anonymous, danas_idea, bob_api, victor_api, alice_api
):
    for api in (bob_api, victor_api):
        row = _use_cases(api, anonymous)["Invoice matching"]
        assert (row["author"], row["author_name"]) == (None, "")
        detail = api.get(f"/api/v1/use-cases/{danas_idea.pk}/").json()
        assert (detail["author"], detail["author_name"]) == (None, "")

    row = _use_cases(alice_api, anonymous)["Invoice matching"]
    assert row["author_name"] == "Dana"
    assert row["author"] == danas_idea.author_id


def test_anonymous_ideas_still_tell_a_participant_which_ideas_are_theirs(anonymous, bob_api, dana_api):
    created = bob_api.post(f"/api/v1/workshops/{anonymous.pk}/use-cases/", {"title": "Bob's own"}, format="json")
    assert created.status_code == 201
    assert (created.json()["author_name"], created.json()["is_mine"]) == ("", True)
    edited = bob_api.patch(f"/api/v1/use-cases/{created.json()['id']}/", {"problem": "Slow"}, format="json")
    assert (edited.json()["author"], edited.json()["author_name"], edited.json()["is_mine"]) == (None, "", True)
    seen_by_dana = _use_cases(dana_api, anonymous)["Bob's own"]
    assert (seen_by_dana["author_name"], seen_by_dana["is_mine"]) == ("", False)


def test_merge_answer_carries_the_author_for_the_facilitator(anonymous, danas_idea, alice_api):
    target = UseCaseFactory(workshop=anonymous, title="Matching invoices")
    response = alice_api.post(f"/api/v1/use-cases/{danas_idea.pk}/merge/", {"into": target.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["author_name"] == "Dana"


def test_without_anonymity_everyone_sees_the_author(workshop, danas_idea, bob_api, victor_api):
    for api in (bob_api, victor_api):
        assert _use_cases(api, workshop)["Invoice matching"]["author_name"] == "Dana"


def test_board_list_shows_no_byline_to_participants_when_anonymous(anonymous, danas_idea, bob_client, alice_client):
    url = reverse("usecases:board-poll", args=[anonymous.pk])
    assert "by Dana" not in bob_client.get(url).content.decode()
    assert "by Dana" in alice_client.get(url).content.decode()
    preview = alice_client.get(url + "?preview=participant").content.decode()
    assert "by Dana" not in preview


def test_a_removed_participants_ideas_stay_credited_to_removed_participant(workshop, danas_idea, alice, alice_api):
    from workshop.selectors import Actor, workshop_access

    participant_remove(access=workshop_access(actor=Actor(user=alice), pk=workshop.pk), participant=danas_idea.author)
    danas_idea.refresh_from_db()
    assert danas_idea.author_id is None
    assert danas_idea.author_removed
    assert _use_cases(alice_api, workshop)["Invoice matching"]["author_name"] == "removed participant"


def test_removed_participant_label_is_hidden_too_when_anonymous(anonymous, danas_idea, alice, bob_api):
    from workshop.selectors import Actor, workshop_access

    participant_remove(access=workshop_access(actor=Actor(user=alice), pk=anonymous.pk), participant=danas_idea.author)
    assert _use_cases(bob_api, anonymous)["Invoice matching"]["author_name"] == ""


# --- Hidden vote totals -------------------------------------------------------------------


@pytest.fixture
def voting(workshop, bob, dana) -> Workshop:
    """Vote phase with results already revealed (after the Score phase): the case the setting exists for."""
    first = UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")
    second = UseCaseFactory(workshop=workshop, title="Email triage", status="shortlisted")
    for participant in (bob, dana):
        score_on_axes(participant, first, impact=4, feasibility=4)
        score_on_axes(participant, second, impact=2, feasibility=3)
    VoteFactory(participant=dana, use_case=first, dots=3)
    VoteFactory(participant=bob, use_case=second, dots=1)
    workshop.hide_vote_totals = True
    return set_phase(workshop, "vote", revealed=True)


def _ranking_votes(api, workshop) -> tuple[dict[str, object], object]:
    body = api.get(f"/api/v1/workshops/{workshop.pk}/ranking/").json()
    return {r["title"]: r["votes"] for r in body["rows"]}, body["votes"]


def _portfolio_votes(api, workshop) -> dict[str, object]:
    response = api.get(f"/api/v1/workshops/{workshop.pk}/portfolio/")
    assert response.status_code == 200
    return {r["title"]: r["votes"] for r in response.json()["rows"]}


def test_hidden_totals_leave_a_participant_only_their_own_dots_in_every_endpoint(voting, bob_api):
    rows = _use_cases(bob_api, voting)
    assert rows["Invoice matching"]["votes"] is None
    assert rows["Email triage"]["votes"] is None
    assert (rows["Email triage"]["my_dots"], rows["Invoice matching"]["my_dots"]) == (1, 0)
    one = bob_api.get(f"/api/v1/use-cases/{rows['Invoice matching']['id']}/").json()
    assert one["votes"] is None

    per_row, total = _ranking_votes(bob_api, voting)
    assert per_row == {"Invoice matching": None, "Email triage": None}
    assert total is None
    assert _portfolio_votes(bob_api, voting) == {"Invoice matching": None, "Email triage": None}

    voted = bob_api.post(f"/api/v1/use-cases/{rows['Invoice matching']['id']}/vote/", {"dots": 2}, format="json")
    assert voted.json() == {"use_case_id": rows["Invoice matching"]["id"], "dots": 2, "votes_left": 2}
    participants = bob_api.get(f"/api/v1/workshops/{voting.pk}/participants/").json()
    assert [(p["display_name"], p["dots"]) for p in participants] == [("Bob", 3)]


def test_hidden_totals_never_apply_to_the_facilitator_or_managers(voting, alice_api, victor_api):
    for api in (alice_api, victor_api):
        rows = _use_cases(api, voting)
        assert (rows["Invoice matching"]["votes"], rows["Email triage"]["votes"]) == (3, 1)
        assert _ranking_votes(api, voting) == ({"Invoice matching": 3, "Email triage": 1}, 4)
        assert _portfolio_votes(api, voting) == {"Invoice matching": 3, "Email triage": 1}


def test_without_the_setting_revealed_totals_show_while_voting(voting, bob_api):
    voting.hide_vote_totals = False
    voting.save()
    assert _use_cases(bob_api, voting)["Invoice matching"]["votes"] == 3
    assert _ranking_votes(bob_api, voting)[1] == 4


def test_totals_appear_once_the_vote_phase_is_over_and_results_are_revealed(voting, bob_api):
    set_phase(voting, "roi")
    assert _use_cases(bob_api, voting)["Invoice matching"]["votes"] == 3
    assert _portfolio_votes(bob_api, voting) == {"Invoice matching": 3, "Email triage": 1}
    set_phase(voting, "roi", revealed=False)
    assert _use_cases(bob_api, voting)["Invoice matching"]["votes"] is None


def test_hidden_totals_hold_on_the_participants_pages(voting, bob_client, alice_client):
    board = bob_client.get(reverse("usecases:board", args=[voting.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Votes left: 4" in board
    assert "Total:" not in board

    by_votes = bob_client.get(reverse("reports:results", args=[voting.pk]) + "?sort=-votes")
    assert by_votes.context["sort"] == "rank"
    results = bob_client.get(reverse("reports:results", args=[voting.pk]))
    assert results.status_code == 200
    assert results.context["show_votes"] is False
    assert "bigger points have more votes" not in results.content.decode()
    assert "vote totals hidden" in results.content.decode()
    assert len({p.r for p in results.context["matrix"].points}) == 1

    portfolio = bob_client.get(reverse("reports:portfolio", args=[voting.pk])).content.decode()
    assert ">3<" not in portfolio.replace(" ", "")
    assert ">3<" in alice_client.get(reverse("reports:portfolio", args=[voting.pk])).content.decode().replace(" ", "")

    facilitator = alice_client.get(reverse("reports:results", args=[voting.pk]))
    assert facilitator.context["show_votes"] is True
    assert "bigger points have more votes" in facilitator.content.decode()


def test_preview_of_the_vote_panel_hides_totals_like_a_participant_sees_them(voting, alice_client):
    page = alice_client.get(reverse("usecases:board", args=[voting.pk]) + "?preview=participant").content.decode()
    assert "Total:" not in page
    voting.hide_vote_totals = False
    voting.save()
    page = alice_client.get(reverse("usecases:board", args=[voting.pk]) + "?preview=participant").content.decode()
    assert "Total: 3" in page


def test_workshop_api_reads_and_writes_both_settings(alice_api, bob_api, workshop):
    response = alice_api.patch(
        f"/api/v1/workshops/{workshop.pk}/", {"anonymous_ideas": True, "hide_vote_totals": True}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["anonymous_ideas"], response.json()["hide_vote_totals"]) == (True, True)
    workshop.refresh_from_db()
    assert workshop.anonymous_ideas
    assert workshop.hide_vote_totals
    assert (
        bob_api.patch(f"/api/v1/workshops/{workshop.pk}/", {"anonymous_ideas": False}, format="json").status_code == 403
    )
    workshop.refresh_from_db()
    assert workshop.anonymous_ideas


def test_workshop_settings_page_saves_both_settings(alice_client, workshop):
    data = {
        "title": workshop.title,
        "objective": "",
        "language": "en",
        "currency": "EUR",
        "votes_per_participant": 5,
        "max_votes_per_use_case": 3,
        "anonymous_ideas": "on",
    }
    response = alice_client.post(reverse("workshop:workshop-edit", args=[workshop.pk]), data)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.anonymous_ideas, workshop.hide_vote_totals) == (True, False)
    page = alice_client.get(reverse("workshop:workshop-edit", args=[workshop.pk])).content.decode()
    assert "Anonymous ideas" in page
    assert "Hide vote totals while voting" in page
