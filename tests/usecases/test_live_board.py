"""The live board's region and its polled fragment: per phase and role, cheap when unchanged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import assert_sent_to_join
from tests.factories import UseCaseFactory
from tests.usecases.conftest import set_phase

pytestmark = pytest.mark.django_db


def test_collect_region_has_the_add_form_outside_the_polled_list(bob_client, workshop, bobs_idea):
    page = bob_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page
    for label in ("Title", "Problem", "Proposed AI solution", "Expected benefits", "Data sources", "Affected users"):
        assert f">{label}</label>" in page
    assert "Add use case" in page
    form_at, poll_at = page.index('id="add-use-case"'), page.index('id="board-poll"')
    poll = page[poll_at:]
    assert form_at < poll_at
    assert "<form" not in poll.split("</li>")[0] or "Add use case" not in poll
    assert "Parcel ETA prediction" in poll
    assert 'hx-trigger="every 3s' in poll


def test_every_live_poll_reads_its_interval_from_settings(settings, alice_client, bob_client, workshop, bobs_idea):
    settings.LIVE_POLL_SECONDS, settings.SUMMARY_REFRESH_SECONDS = 7, 40
    region = bob_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 7s, useCasesChanged' in region
    page = bob_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert 'hx-trigger="every 7s"' in page  # the phase bar
    assert "every 40s" in page  # a participant's summary panel looks for a new summary
    assert "every 3s" not in page
    assert "every 15s" not in page


def test_facilitator_sees_shortlist_reject_and_merge_actions(alice_client, workshop, bobs_idea):
    page = alice_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert ">Shortlist</button>" in page
    assert ">Reject</button>" in page
    assert "Merge into…" in page


def test_unchanged_poll_costs_a_304_or_htmx_204_without_rendering(
    bob_client, workshop, bobs_idea, django_assert_max_num_queries
):
    url = reverse("usecases:board-poll", args=[workshop.pk])
    first = bob_client.get(url, HTTP_HX_REQUEST="true")
    etag = first["ETag"]
    assert first.status_code == 200

    with django_assert_max_num_queries(3):
        plain = bob_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert plain.status_code == 304
    assert plain.content == b""
    assert bob_client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true").status_code == 204


def test_poll_changes_after_a_new_use_case(bob_client, alice_client, workshop):
    url = reverse("usecases:board-poll", args=[workshop.pk])
    etag = bob_client.get(url)["ETag"]
    alice_client.post(reverse("usecases:create", args=[workshop.pk]), {"title": "Fresh idea", "category": "other"})
    response = bob_client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Fresh idea" in response.content.decode()


def test_board_region_is_never_cached_into_an_empty_204(bob_client, workshop):
    response = bob_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert response["Cache-Control"] == "no-store"


def test_outsider_gets_404_and_a_browser_not_in_the_workshop_the_join_page(
    charlie_client, client, bob_client, workshop, other_workshop
):
    assert charlie_client.get(reverse("usecases:board", args=[workshop.pk])).status_code == 404
    assert_sent_to_join(client.get(reverse("usecases:board-poll", args=[workshop.pk])), workshop.pk)
    assert_sent_to_join(bob_client.get(reverse("usecases:board", args=[other_workshop.pk])), other_workshop.pk)


def test_board_region_needs_get(bob_client, workshop):
    assert bob_client.post(reverse("usecases:board", args=[workshop.pk])).status_code == 405
    assert bob_client.post(reverse("usecases:board-poll", args=[workshop.pk])).status_code == 405


def test_roi_region_hides_the_ranking_from_participants_until_revealed(bob_client, workshop):
    UseCaseFactory(workshop=workshop, title="Parcel ETA prediction")
    set_phase(workshop, "roi")
    page = bob_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "not revealed yet" in page
    assert "See the full results" not in page

    set_phase(workshop, "roi", revealed=True)
    page = bob_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Parcel ETA prediction" in page
    assert "See the full results" in page


def test_closed_board_offers_no_add_form_to_anyone(alice_client, bob_client, workshop):
    set_phase(workshop, "closed")
    for client in (alice_client, bob_client):
        page = client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
        assert "Add use case" not in page


def test_board_page_links_results_for_facilitators(alice_client, bob_client, workshop):
    assert (
        reverse("reports:results", args=[workshop.pk])
        in alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    )
    assert (
        reverse("reports:results", args=[workshop.pk])
        not in bob_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    )
