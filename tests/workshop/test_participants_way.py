"""A participant's way around (issue 23): back to their workshop from the top bar, to the ROI forms in the
ROI phase, and a word when they land on the join page (lost cookie, removed)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.conftest import assert_sent_to_join
from tests.factories import ParticipantFactory, UseCaseFactory, WorkshopFactory
from workshop.models import Phase, Workshop
from workshop.selectors import participant_cookie_name

pytestmark = pytest.mark.django_db


def _set_phase(workshop: Workshop, phase: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.refresh_from_db()


def _my_workshop_links(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" data-testid="my-workshop">([^<]+)</a>', page)


# --- The top bar -------------------------------------------------------------------------------


def test_a_participants_top_bar_leads_back_to_their_workshop_from_any_page(bob_client, workshop):
    board = reverse("workshop:board", args=[workshop.pk])
    for url in ("/join/", board, reverse("workshop:join-code", args=[workshop.join_code])):
        page = bob_client.get(url).content.decode()
        assert _my_workshop_links(page) == [(board, "My workshop")], url
    # Still the way in, and to the facilitator's login.
    page = bob_client.get("/join/").content.decode()
    assert 'href="/join/"' in page
    assert 'href="/accounts/login/"' in page


def test_the_top_bar_says_it_in_french(bob_client, workshop):
    with translation.override("en"):
        page = bob_client.get("/join/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert _my_workshop_links(page) == [(reverse("workshop:board", args=[workshop.pk]), "Mon atelier")]


def test_the_latest_workshop_this_browser_is_still_in(bob_and_token, workshop, alice):
    _participant, token = bob_and_token
    later = WorkshopFactory(facilitators=[alice], title="Later workshop", phase="collect")
    _, later_token = ParticipantFactory.with_token(workshop=later, display_name="Bob")
    browser = BrowserClient()
    browser.cookies[participant_cookie_name(workshop.pk)] = token
    browser.cookies[participant_cookie_name(later.pk)] = later_token
    page = browser.get("/join/").content.decode()
    assert [url for url, _ in _my_workshop_links(page)] == [reverse("workshop:board", args=[later.pk])]

    later.participants.all().delete()  # removed from the later one: back to the first
    page = browser.get("/join/").content.decode()
    assert [url for url, _ in _my_workshop_links(page)] == [reverse("workshop:board", args=[workshop.pk])]


def test_no_my_workshop_link_without_a_valid_participant_cookie(client, alice_client, bob, workshop):
    assert _my_workshop_links(client.get("/join/").content.decode()) == []
    # A cookie no participant answers to (removed, erased, made up) leads nowhere.
    stale = BrowserClient()
    stale.cookies[participant_cookie_name(workshop.pk)] = "not-a-token"
    assert _my_workshop_links(stale.get("/join/").content.decode()) == []
    # A facilitator has the dashboard.
    page = alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert _my_workshop_links(page) == []
    assert 'href="/dashboard/"' in page


def test_the_polled_fragments_never_look_the_participant_up(bob_client, workshop):
    """The top bar's lookup is lazy: a fragment that shows no top bar runs no query for it."""
    url = reverse("workshop:live", args=[workshop.pk])
    with CaptureQueriesContext(connection) as fragment:
        assert bob_client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    with CaptureQueriesContext(connection) as page:
        assert bob_client.get("/join/").status_code == 200

    def lookups(queries: CaptureQueriesContext) -> list[str]:
        return [q["sql"] for q in queries.captured_queries if re.search(r'"token_hash" IN \(', q["sql"])]

    assert lookups(fragment) == []
    assert len(lookups(page)) == 1


# --- The ROI phase ----------------------------------------------------------------------------


def _board_main(client: BrowserClient, workshop: Workshop) -> str:
    response = client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_in_the_roi_phase_the_board_links_a_participant_to_the_shortlists_roi_forms(bob_client, workshop):
    shortlisted = UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")
    second = UseCaseFactory(workshop=workshop, title="Claims triage bot", status="shortlisted")
    proposed = UseCaseFactory(workshop=workshop, title="Not chosen", status="proposed")
    rejected = UseCaseFactory(workshop=workshop, title="Set aside", status="rejected")
    _set_phase(workshop, Phase.ROI)

    page = _board_main(bob_client, workshop)

    links = re.findall(r'<a id="roi-link-(\d+)" href="([^"]+)">([^<]+)</a>', page)
    assert links == [
        (str(shortlisted.pk), f"/use-cases/{shortlisted.pk}/roi/", "ROI of “Invoice matching”"),
        (str(second.pk), f"/use-cases/{second.pk}/roi/", "ROI of “Claims triage bot”"),
    ]
    assert f"/use-cases/{proposed.pk}/roi/" not in page
    assert f"/use-cases/{rejected.pk}/roi/" not in page
    # The link opens a form the participant may fill in now.
    form = bob_client.get(f"/use-cases/{shortlisted.pk}/roi/")
    assert form.status_code == 200
    assert form.context["can_edit"] is True


def test_the_roi_links_in_french(bob_client, workshop):
    UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")
    _set_phase(workshop, Phase.ROI)
    with translation.override("en"):
        page = bob_client.get(
            reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    assert "Estimer le ROI" in page
    assert "ROI de «\u00a0Invoice matching\u00a0»" in page


def test_with_no_shortlist_yet_the_board_says_so(bob_client, workshop):
    UseCaseFactory(workshop=workshop, title="Not chosen", status="proposed")
    _set_phase(workshop, Phase.ROI)
    page = _board_main(bob_client, workshop)
    assert "No use case is shortlisted yet" in page
    assert "roi-link-" not in page


@pytest.mark.parametrize("phase", [Phase.COLLECT, Phase.SCORE, Phase.VOTE, Phase.CLOSED])
def test_no_roi_links_outside_the_roi_phase(bob_client, workshop, phase):
    UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")
    _set_phase(workshop, phase)
    page = _board_main(bob_client, workshop)
    assert "roi-link-" not in page
    assert "Estimate the ROI" not in page


def test_shortlisting_during_the_roi_phase_reloads_the_participants_board(alice_client, bob_client, workshop):
    """The board's key carries the shortlist in the ROI phase: a new shortlisted use case shows its link."""
    idea = UseCaseFactory(workshop=workshop, title="Invoice matching", status="proposed")
    _set_phase(workshop, Phase.ROI)
    live = reverse("workshop:live", args=[workshop.pk])
    key = re.search(
        r"\?board=([^\"&]+)", bob_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    )
    assert key

    alice_client.post(reverse("usecases:status", args=[idea.pk]), {"status": "shortlisted"})

    response = bob_client.get(f"{live}?board={key.group(1)}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "boardChanged"
    assert f"/use-cases/{idea.pk}/roi/" in _board_main(bob_client, workshop)


# --- Landing on the join page -------------------------------------------------------------------


def test_a_participant_who_lost_their_cookie_lands_on_the_join_page_with_a_word(client, bob, workshop):
    idea = UseCaseFactory(workshop=workshop, author=bob, title="Invoice matching", status="shortlisted")
    for url in (
        reverse("workshop:board", args=[workshop.pk]),
        reverse("usecases:edit", args=[idea.pk]),
        f"/use-cases/{idea.pk}/roi/",
    ):
        response = client.get(url)
        assert_sent_to_join(response, workshop.pk)
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "This browser is not in that workshop." in text
    assert "ask the facilitator for a rejoin link" in text
    assert 'name="join_code"' in text
    assert "URLconf" not in text
    assert workshop.title not in text


def test_the_word_is_french_for_a_french_reader(client, workshop):
    with translation.override("en"):
        page = client.get(f"/join/?workshop={workshop.pk}", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ce navigateur ne participe pas à cet atelier." in page


def test_a_removed_participant_is_told_in_french_too(alice_client, bob, bob_client, workshop):
    alice_client.post(reverse("workshop:participant-remove", args=[workshop.pk, bob.pk]))
    assert_sent_to_join(bob_client.get(reverse("workshop:board", args=[workshop.pk])), workshop.pk)
    with translation.override("en"):
        page = bob_client.get(f"/join/?workshop={workshop.pk}", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vous avez été retiré de cet atelier." in page


def test_a_removed_participant_joins_again_from_that_page(alice_client, bob, bob_client, workshop):
    alice_client.post(reverse("workshop:participant-remove", args=[workshop.pk, bob.pk]))
    bob_client.get(f"/join/?workshop={workshop.pk}")

    joined = bob_client.post("/join/", {"join_code": workshop.join_code, "display_name": "Bob"})

    assert joined.status_code == 302
    assert joined["Location"] == reverse("workshop:board", args=[workshop.pk])
    board = bob_client.get(joined["Location"])
    assert board.status_code == 200
    assert "You are <strong>Bob</strong>" in board.content.decode()


def test_signed_in_users_and_the_api_keep_the_404(charlie_client, workshop):
    assert charlie_client.get(reverse("workshop:board", args=[workshop.pk])).status_code == 404
    assert BrowserClient().get(f"/api/v1/workshops/{workshop.pk}/").status_code in {401, 404}
    assert BrowserClient().get("/workshops/not-a-number/").status_code == 404
