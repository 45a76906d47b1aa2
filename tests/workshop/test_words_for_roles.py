"""Each text on a screen is for the role that sees it; risky clicks ask first; Closed has no live controls."""

from __future__ import annotations

import pytest
from django.urls import reverse

from summaries.models import Summary
from tests.factories import UseCaseFactory
from tests.usecases.conftest import set_phase
from usecases.models import UseCase

pytestmark = pytest.mark.django_db

BUILTIN_CONTENT = {
    "key_themes": ["Customer service load"],
    "top_use_cases": [{"title": "Parcel ETA", "why": "Quick win with the most votes."}],
    "disagreements": [],
    "risks_and_compliance": ["“Parcel ETA”: personal data."],
    "proposed_pocs": [{"title": "Parcel ETA", "rationale": "POC cost €20,000."}],
    "next_steps": ["Send this summary to the participants and the sponsor."],
}


def _board(client, workshop) -> str:
    return client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()


def _summary(workshop) -> Summary:
    return Summary.objects.create(
        workshop=workshop,
        trigger="manual",
        provider="builtin",
        provider_reason="No API key is configured",
        input_hash="x" * 64,
        status="succeeded",
        content=BUILTIN_CONTENT,
        markdown="## Key themes\n\n- Customer service load\n\n## Next steps\n\n"
        "- Send this summary to the participants and the sponsor.\n",
    )


def test_participants_never_read_the_facilitators_notes_in_a_summary(alice_client, bob_client, workshop):
    summary = _summary(workshop)
    set_phase(workshop, "vote", revealed=True)
    panel_url = reverse("summaries:panel", args=[workshop.pk])

    for page in (
        bob_client.get(panel_url, HTTP_HX_REQUEST="true").content.decode(),
        bob_client.get(reverse("summaries:detail", args=[summary.pk])).content.decode(),
    ):
        assert "Customer service load" in page
        assert "Quick win with the most votes." in page
        assert "Why without an LLM" not in page
        assert "No API key is configured" not in page
        assert "Send this summary to the participants" not in page
    facilitator = alice_client.get(panel_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Why without an LLM: No API key is configured." in facilitator
    assert "Send this summary to the participants and the sponsor." in facilitator


def test_facilitators_draft_banner_does_not_tell_them_to_wait(alice_client, bob_client, workshop):
    set_phase(workshop, "draft")
    assert "Wait here" not in _board(alice_client, workshop)
    assert "Wait here: the page follows the facilitator." in _board(bob_client, workshop)


def test_a_manager_reads_no_thanks_and_no_join_code(victor_client, alice_client, workshop):
    set_phase(workshop, "closed")
    page = _board(victor_client, workshop)
    assert "Thank you for taking part" not in page
    assert workshop.join_code not in page
    dashboard = victor_client.get(reverse("workshop:dashboard")).content.decode()
    assert workshop.title in dashboard
    assert workshop.join_code not in dashboard
    assert workshop.join_code in alice_client.get(reverse("workshop:dashboard")).content.decode()


def test_next_phase_button_says_which_phase_comes_next(alice_client, workshop):
    set_phase(workshop, "collect")
    page = _board(alice_client, workshop)
    assert ">Next phase: Score</button>" in page
    assert ">Previous phase: Draft</button>" in page
    alice_client.cookies["django_language"] = "fr"
    assert ">Phase suivante\u00a0: Notation</button>" in _board(alice_client, workshop)


def test_closed_board_has_no_timebox_reveal_or_join_code_controls(alice_client, workshop):
    set_phase(workshop, "closed")
    page = _board(alice_client, workshop)
    assert reverse("workshop:timebox", args=[workshop.pk]) not in page
    assert reverse("workshop:regenerate-code", args=[workshop.pk]) not in page
    assert reverse("workshop:join-screen", args=[workshop.pk]) not in page
    assert reverse("workshop:reveal", args=[workshop.pk]) not in page
    assert workshop.join_code not in page
    assert "Previous phase" in page  # a facilitator may still reopen it


def test_new_join_code_asks_before_replacing_it(alice_client, workshop):
    url = reverse("workshop:regenerate-code", args=[workshop.pk])
    old = workshop.join_code
    assert f'href="{url}"' in _board(alice_client, workshop)

    page = alice_client.get(url)

    assert page.status_code == 200
    assert f'<form method="post" action="{url}"' in page.content.decode()
    workshop.refresh_from_db()
    assert workshop.join_code == old
    response = alice_client.post(url)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.join_code != old


def test_new_join_code_is_for_facilitators_only(bob_client, charlie_client, alice_client, workshop):
    url = reverse("workshop:regenerate-code", args=[workshop.pk])
    assert bob_client.get(url).status_code == 403
    assert charlie_client.get(url).status_code == 404
    assert alice_client.put(url).status_code == 405


def test_delete_use_case_asks_first(alice_client, workshop):
    use_case = UseCaseFactory(workshop=workshop, title="Email triage")
    url = reverse("usecases:delete", args=[use_case.pk])
    assert f'href="{url}"' in alice_client.get(reverse("usecases:edit", args=[use_case.pk])).content.decode()

    page = alice_client.get(url).content.decode()

    assert "Delete “Email triage”?" in page
    assert f'<form method="post" action="{url}"' in page
    assert UseCase.objects.filter(pk=use_case.pk).exists()
    assert alice_client.post(url).status_code == 302
    assert not UseCase.objects.filter(pk=use_case.pk).exists()


def test_delete_page_hides_from_outsiders(charlie_client, workshop):
    use_case = UseCaseFactory(workshop=workshop)
    assert charlie_client.get(reverse("usecases:delete", args=[use_case.pk])).status_code == 404


def test_the_api_keeps_the_facilitators_notes_of_a_summary_from_participants(alice_api, bob_api, workshop):
    summary = _summary(workshop)
    set_phase(workshop, "vote", revealed=True)

    for body in (
        bob_api.get(f"/api/v1/summaries/{summary.pk}/").json(),
        bob_api.get(f"/api/v1/workshops/{workshop.pk}/summaries/").json()[0],
    ):
        assert "Send this summary to the participants" not in str(body)
        assert "No API key is configured" not in str(body)
        assert "next_steps" not in body["content"]
        assert body["content"]["key_themes"]
        assert (body["markdown"], body["provider_reason"], body["prompt_tokens"]) == (None, None, None)
    facilitator = alice_api.get(f"/api/v1/summaries/{summary.pk}/").json()
    assert "Send this summary to the participants" in facilitator["markdown"]
    assert facilitator["provider_reason"] == "No API key is configured"
