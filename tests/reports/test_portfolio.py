import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, RoiEstimateFactory, UseCaseFactory
from usecases.models import Vote
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlist(workshop: Workshop) -> dict[str, object]:
    """Three shortlisted use cases (two estimated), one proposed and one rejected."""
    cheap = UseCaseFactory(workshop=workshop, title="Email triage", status="shortlisted")
    dear = UseCaseFactory(workshop=workshop, title="Damage detection", status="shortlisted")
    missing = UseCaseFactory(workshop=workshop, title="Route planning", status="shortlisted")
    proposed = UseCaseFactory(workshop=workshop, title="Proposed idea", status="proposed")
    rejected = UseCaseFactory(workshop=workshop, title="Rejected idea", status="rejected")
    RoiEstimateFactory(use_case=cheap, effort_days=Decimal("10"))  # 10 × 800 + 4,000 = 12,000
    RoiEstimateFactory(use_case=dear, effort_days=Decimal("50"))  # 50 × 800 + 4,000 = 44,000
    RoiEstimateFactory(use_case=proposed)
    RoiEstimateFactory(use_case=rejected)
    voter = ParticipantFactory(workshop=workshop)
    Vote.objects.create(participant=voter, use_case=dear, dots=3)
    Vote.objects.create(participant=voter, use_case=missing, dots=1)
    return {"cheap": cheap, "dear": dear, "missing": missing}


def _url(workshop: Workshop, sort: str = "") -> str:
    url = reverse("reports:portfolio", args=[workshop.pk])
    return f"{url}?sort={sort}" if sort else url


def _order(content: str, *titles: str) -> list[str]:
    return sorted(titles, key=content.index)


def test_portfolio_lists_the_shortlist_with_the_total_poc_budget(alice_client, workshop, shortlist):
    response = alice_client.get(_url(workshop))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Proposed idea" not in page
    assert "Rejected idea" not in page
    # Total of the base POC costs of the estimated shortlisted use cases: 12,000 + 44,000.
    assert "€56,000.00" in page
    assert "1 use case not estimated yet" in page
    # Unscored: ranked by votes, then title.
    assert _order(page, "Damage detection", "Route planning", "Email triage") == [
        "Damage detection",
        "Route planning",
        "Email triage",
    ]
    # Not estimated: a dash and a link to fill it.
    assert reverse("roi:edit", args=[shortlist["missing"].pk]) in page
    assert "Estimate ROI" in page


def test_portfolio_sorts_by_the_column_asked(alice_client, workshop, shortlist):
    ascending = alice_client.get(_url(workshop, "poc_cost")).content.decode()
    descending = alice_client.get(_url(workshop, "-poc_cost")).content.decode()

    titles = ("Email triage", "Damage detection", "Route planning")
    # Missing values stay last in both directions.
    assert _order(ascending, *titles) == ["Email triage", "Damage detection", "Route planning"]
    assert _order(descending, *titles) == ["Damage detection", "Email triage", "Route planning"]
    # The current column links to the other direction.
    assert 'href="?sort=poc_cost"' in descending
    assert 'aria-sort="descending"' in descending


def test_unknown_sort_falls_back_to_the_rank(alice_client, workshop, shortlist):
    response = alice_client.get(_url(workshop, "nonsense"))

    assert response.status_code == 200
    page = response.content.decode()
    # The rank's order (unscored: by votes, then title), as with no sort at all, and the Rank column says so.
    titles = ("Email triage", "Damage detection", "Route planning")
    assert _order(page, *titles) == ["Damage detection", "Route planning", "Email triage"]
    assert _order(page, *titles) == _order(alice_client.get(_url(workshop)).content.decode(), *titles)
    assert [s for s in re.findall(r'aria-sort="(\w+)"', page) if s != "none"] == ["ascending"]
    assert re.search(r'aria-sort="ascending"[^>]*>\s*<a href="\?sort=-rank">Rank', page)


def test_portfolio_amounts_follow_the_readers_language(alice_client, workshop, shortlist):
    assert "€56,000.00" in alice_client.get(_url(workshop)).content.decode()
    alice_client.cookies["django_language"] = "fr"
    assert "56\u202f000,00\xa0€" in alice_client.get(_url(workshop)).content.decode()


def test_viewer_sees_the_portfolio(victor_client, workshop, shortlist):
    assert victor_client.get(_url(workshop)).status_code == 200


def test_participant_sees_the_portfolio_once_results_are_revealed(bob_client, workshop, shortlist):
    assert bob_client.get(_url(workshop)).status_code == 403

    Workshop.objects.filter(pk=workshop.pk).update(results_revealed=True)

    assert bob_client.get(_url(workshop)).status_code == 200


def test_board_links_to_the_portfolio(alice_client, bob_client, workshop):
    url = reverse("reports:portfolio", args=[workshop.pk])
    assert url in alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert url not in bob_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()


def test_hidden_vote_totals_cannot_be_read_from_the_order_of_a_sort(bob_client, bob_api, workshop, shortlist):
    """The cells say "–"; ?sort=votes must not order the rows by them either, on the page or the API."""
    from tests.usecases.conftest import set_phase

    workshop.hide_vote_totals = True
    set_phase(workshop, "vote", revealed=True)
    by_rank = _order(
        bob_client.get(_url(workshop)).content.decode(), "Email triage", "Damage detection", "Route planning"
    )
    for sort in ("-votes", "votes"):
        page = bob_client.get(_url(workshop, sort)).content.decode()
        assert _order(page, "Email triage", "Damage detection", "Route planning") == by_rank
        api = bob_api.get(f"/api/v1/workshops/{workshop.pk}/portfolio/?sort={sort}").json()
        assert [row["title"] for row in api["rows"]] == by_rank
