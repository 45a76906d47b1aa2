import re

import pytest
from django.urls import reverse

from tests.conftest import assert_sent_to_join

pytestmark = pytest.mark.django_db


def test_participant_sees_phase_and_what_to_do(bob_client, workshop):
    page = bob_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert "Collect ideas" in page
    assert "Add your AI use-case ideas" in page
    assert "Next phase" not in page


def test_facilitator_sees_code_and_controls(alice_client, workshop):
    page = alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert workshop.join_code in page
    assert "Next phase" in page
    assert "Previous phase" in page


def test_participant_of_a_is_sent_to_the_join_page_on_b_and_sees_nothing_of_it(bob_client, other_workshop):
    assert_sent_to_join(bob_client.get(reverse("workshop:board", args=[other_workshop.pk])), other_workshop.pk)
    assert_sent_to_join(bob_client.get(reverse("workshop:live", args=[other_workshop.pk])), other_workshop.pk)
    page = bob_client.get(f"/join/?workshop={other_workshop.pk}").content.decode()
    assert other_workshop.title not in page
    assert other_workshop.join_code not in page
    assert other_workshop.client.name not in page


def test_anonymous_gets_the_join_page_and_outsider_404(client, charlie_client, workshop):
    assert_sent_to_join(client.get(reverse("workshop:board", args=[workshop.pk])), workshop.pk)
    assert charlie_client.get(reverse("workshop:board", args=[workshop.pk])).status_code == 404


def test_the_answer_does_not_tell_whether_a_workshop_exists(client, workshop):
    missing = workshop.pk + 1000
    for pk in (workshop.pk, missing):
        assert_sent_to_join(client.get(reverse("workshop:board", args=[pk])), pk)
    pages = [
        # The same page but for its own address (the language switch comes back to it) and its CSRF
        # tokens (masked afresh on each render).
        re.sub(r"[A-Za-z0-9]{64}", "", client.get(f"/join/?workshop={pk}").content.decode()).replace(
            f"workshop={pk}", "workshop=ID"
        )
        for pk in (workshop.pk, missing)
    ]
    assert pages[0] == pages[1]
    assert 'data-notice="lost"' in pages[0]


def test_live_fragment_is_a_fragment_with_an_etag(bob_client, workshop):
    response = bob_client.get(reverse("workshop:live", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert 'id="live"' in response.content.decode()
    assert response["ETag"]


def test_unchanged_live_fragment_costs_a_304_or_an_htmx_204(bob_client, workshop, django_assert_max_num_queries):
    url = reverse("workshop:live", args=[workshop.pk])
    etag = bob_client.get(url)["ETag"]

    with django_assert_max_num_queries(3):
        plain = bob_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert plain.status_code == 304
    assert plain.content == b""
    htmx = bob_client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204


def test_live_fragment_changes_after_a_phase_change_and_triggers_reload(alice_client, bob_client, workshop):
    url = reverse("workshop:live", args=[workshop.pk])
    etag = bob_client.get(url)["ETag"]
    alice_client.post(reverse("workshop:phase", args=[workshop.pk]), {"direction": "next"})

    response = bob_client.get(f"{url}?board=collect.0", HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["HX-Trigger"] == "boardChanged"
    assert "Score" in response.content.decode()


def test_dashboard_lists_only_my_workshops(alice_client, workshop, other_workshop):
    page = alice_client.get(reverse("workshop:dashboard")).content.decode()
    assert workshop.title in page
    assert other_workshop.title not in page


def test_dashboard_needs_login(client):
    response = client.get(reverse("workshop:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_join_screen_shows_code_and_a_qr_code_of_the_join_link(alice_client, workshop):
    response = alice_client.get(reverse("workshop:join-screen", args=[workshop.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert workshop.join_code in page
    assert f"http://testserver/join/{workshop.join_code}/" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'class="qr"' in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_join_screen_is_for_facilitators(bob_client, charlie_client, workshop):
    url = reverse("workshop:join-screen", args=[workshop.pk])
    assert bob_client.get(url).status_code == 403
    assert charlie_client.get(url).status_code == 404
    assert bob_client.post(url).status_code == 405


def test_reveal_and_new_use_cases_in_score_phase_reload_the_board(alice_client, bob_client, workshop):
    from tests.factories import UseCaseFactory

    workshop.phase = "score"
    workshop.save()
    url = reverse("workshop:live", args=[workshop.pk])
    key = bob_client.get(url).content.decode().split("?board=", 1)[1].split('"', 1)[0]

    UseCaseFactory(workshop=workshop)
    workshop.touch()
    assert bob_client.get(f"{url}?board={key}", HTTP_HX_REQUEST="true")["HX-Trigger"] == "boardChanged"

    key = bob_client.get(url).content.decode().split("?board=", 1)[1].split('"', 1)[0]
    alice_client.post(reverse("workshop:reveal", args=[workshop.pk]), {"revealed": "1"})
    response = bob_client.get(f"{url}?board={key}", HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "boardChanged"
    assert reverse("reports:results", args=[workshop.pk]) in response.content.decode()


def test_new_ideas_in_collect_do_not_reload_the_add_form(bob_client, workshop):
    from tests.factories import UseCaseFactory

    url = reverse("workshop:live", args=[workshop.pk])
    key = bob_client.get(url).content.decode().split("?board=", 1)[1].split('"', 1)[0]
    UseCaseFactory(workshop=workshop)
    workshop.touch()
    response = bob_client.get(f"{url}?board={key}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "HX-Trigger" not in response


def test_unchanged_participant_poll_is_one_query(bob_client, workshop, django_assert_num_queries):
    url = reverse("workshop:live", args=[workshop.pk])
    etag = bob_client.get(url)["ETag"]
    with django_assert_num_queries(1):
        assert bob_client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true").status_code == 204
