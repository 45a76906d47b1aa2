"""The presenter screen: the facilitator's only, follows the phase, shows the room no more than a participant sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import assert_sent_to_join
from tests.factories import UseCaseFactory, VoteFactory, score_on_axes
from tests.usecases.conftest import set_phase

pytestmark = pytest.mark.django_db


def _stage(client, workshop, **headers):
    return client.get(reverse("usecases:present-live", args=[workshop.pk]), **headers)


def test_presenter_view_is_the_facilitators_only(
    alice_client, bob_client, victor_client, charlie_client, client, workshop
):
    for url in (reverse("usecases:present", args=[workshop.pk]), reverse("usecases:present-live", args=[workshop.pk])):
        assert alice_client.get(url).status_code == 200
        for other in (bob_client, victor_client, charlie_client):
            assert other.get(url).status_code == 404
        assert_sent_to_join(client.get(url), workshop.pk)
        assert alice_client.post(url).status_code == 405


def test_presenter_view_shows_the_join_code_qr_and_what_to_do(alice_client, workshop, bob):
    page = alice_client.get(reverse("usecases:present", args=[workshop.pk])).content.decode()
    assert workshop.join_code in page
    assert f"/join/{workshop.join_code}/" in page
    assert 'class="qr"' in page
    assert "Collect ideas" in page
    assert "Add your AI use-case ideas" in page
    assert "1 participant" in page
    assert "Bob" in page
    assert 'src="/static/js/presenter.js"' in page
    assert "<script>" not in page
    assert 'class="topbar"' not in page


def test_presenter_stage_polls_with_an_etag_and_follows_a_phase_change(alice_client, workshop):
    first = _stage(alice_client, workshop, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    assert "<html" not in first.content.decode()
    assert 'hx-trigger="every 3s"' in first.content.decode()
    assert _stage(alice_client, workshop, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_HX_REQUEST="true").status_code == 204

    set_phase(workshop, "score")
    workshop.touch()
    changed = _stage(alice_client, workshop, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_HX_REQUEST="true")
    assert changed.status_code == 200
    assert 'data-testid="present-phase">Score<' in changed.content.decode()


def test_poll_interval_comes_from_settings(alice_client, workshop, settings):
    settings.LIVE_POLL_SECONDS = 7
    assert 'hx-trigger="every 7s"' in _stage(alice_client, workshop).content.decode()


@pytest.fixture
def two_ideas(workshop):
    return [
        UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted"),
        UseCaseFactory(workshop=workshop, title="Email triage"),
    ]


def test_score_phase_shows_who_has_finished_never_their_scores(alice_client, workshop, bob, dana, two_ideas):
    for idea in two_ideas:
        score_on_axes(bob, idea, impact=5, feasibility=1)
    score_on_axes(dana, two_ideas[0], impact=2, feasibility=2)
    set_phase(workshop, "score")
    response = _stage(alice_client, workshop)
    page = response.content.decode()
    assert "Who has finished scoring" in page
    assert "1 of 2 finished" in page
    assert "✓</span> Bob" in page
    assert 'Dana <span class="stage-meta">7 of 14</span>' in page
    # Scores themselves never reach the screen: no ranking, no matrix before the reveal.
    assert "priority" not in page
    assert '<svg class="matrix"' not in page


def test_vote_phase_shows_who_has_spent_their_votes(alice_client, workshop, bob, dana, two_ideas):
    VoteFactory(participant=bob, use_case=two_ideas[0], dots=3)
    VoteFactory(participant=bob, use_case=two_ideas[1], dots=2)
    VoteFactory(participant=dana, use_case=two_ideas[1], dots=1)
    set_phase(workshop, "vote")
    page = _stage(alice_client, workshop).content.decode()
    assert "Who has spent their votes" in page
    assert "1 of 2 finished" in page
    assert 'Dana <span class="stage-meta">1 of 5</span>' in page


def test_after_the_reveal_the_ranking_and_labelled_matrix_show(alice_client, workshop, bob, two_ideas):
    score_on_axes(bob, two_ideas[0], impact=5, feasibility=4)
    score_on_axes(bob, two_ideas[1], impact=2, feasibility=2)
    VoteFactory(participant=bob, use_case=two_ideas[0], dots=2)
    set_phase(workshop, "roi", revealed=True)
    page = _stage(alice_client, workshop).content.decode()
    assert page.index("Invoice matching") < page.index("Email triage")
    assert '<svg class="matrix"' in page
    assert "Quick win" in page
    assert "Deprioritise" in page
    assert "2 votes" in page


def test_with_hidden_totals_the_projected_ranking_shows_no_votes_while_voting(alice_client, workshop, bob, two_ideas):
    score_on_axes(bob, two_ideas[0], impact=5, feasibility=4)
    VoteFactory(participant=bob, use_case=two_ideas[0], dots=2)
    workshop.hide_vote_totals = True
    set_phase(workshop, "vote", revealed=True)
    page = _stage(alice_client, workshop).content.decode()
    assert "Invoice matching" in page
    assert "priority 4" in page
    assert "2 votes" not in page
    assert "bigger points have more votes" not in page


def test_countdown_is_large_and_machine_readable(alice_client, workshop):
    from datetime import timedelta

    from django.utils import timezone

    workshop.phase_ends_at = timezone.now() + timedelta(minutes=5)
    workshop.save()
    page = _stage(alice_client, workshop).content.decode()
    assert f'data-countdown-to="{workshop.phase_ends_at.isoformat()}"' in page
    assert 'data-expired="Time is up"' in page


def test_presenter_speaks_the_workshops_language(alice_client, workshop):
    workshop.language = "fr"
    set_phase(workshop, "score")
    page = alice_client.get(reverse("usecases:present", args=[workshop.pk])).content.decode()
    assert '<html lang="fr">' in page
    assert 'data-testid="present-phase">Notation<' in page


def test_matrix_coordinates_are_never_localised(alice_client, workshop, bob, two_ideas):
    import re

    score_on_axes(bob, two_ideas[0], impact=4, feasibility=3)
    workshop.language = "fr"
    set_phase(workshop, "roi", revealed=True)
    page = _stage(alice_client, workshop).content.decode()
    coordinates = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)" r="([^"]+)" class="point', page)
    assert len(coordinates) == 1
    for number in coordinates[0]:
        float(number)  # a decimal point, never a decimal comma
    assert "impact 4,00" in page  # what a person reads stays French


def test_board_links_the_presenter_view_for_facilitators(alice_client, bob_client, workshop):
    url = reverse("usecases:present", args=[workshop.pk])
    assert url in alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert url not in bob_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
