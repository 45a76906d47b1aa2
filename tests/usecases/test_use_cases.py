"""Use cases: who adds and edits them when, and the facilitator's shortlist, reject and merge."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, UseCaseFactory, VoteFactory
from tests.usecases.conftest import set_phase
from usecases.models import Score, UseCase, Vote
from workshop.models import Event, EventKind

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Email triage for claims",
    "problem": "Agents sort 400 emails a day by hand.",
    "solution": "Classify incoming emails and route them.",
    "category": "classification",
    "ai_act_tier": "limited",
    "client_role": "deployer",
    "personal_data": "yes",
    "data_location": "eu_cloud",
    "model_location": "eu_cloud",
}


def _form(**extra: object) -> dict:
    return {f"{k}": v for k, v in {**IDEA, **extra}.items()}


# --- Adding ------------------------------------------------------------------------------


def test_participant_adds_a_use_case_in_collect(bob_client, workshop, bob):
    version = workshop.version
    response = bob_client.post(reverse("usecases:create", args=[workshop.pk]), _form())

    assert response.status_code == 302
    use_case = UseCase.objects.get(workshop=workshop)
    assert use_case.author == bob
    assert use_case.title == "Email triage for claims"
    assert use_case.category == "classification"
    assert use_case.personal_data == "yes"
    assert use_case.data_location == "eu_cloud"
    workshop.refresh_from_db()
    assert workshop.version > version


def test_htmx_add_returns_a_fresh_form_and_refreshes_the_list(bob_client, workshop):
    response = bob_client.post(reverse("usecases:create", args=[workshop.pk]), _form(), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="add-use-case"' in page
    assert "added" in page
    assert "useCasesChanged" in response["HX-Trigger"]


def test_empty_title_is_refused_with_a_clear_error_and_keeps_the_typed_data(bob_client, workshop):
    response = bob_client.post(reverse("usecases:create", args=[workshop.pk]), _form(title="   "))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the use case a title." in page
    assert "Agents sort 400 emails a day by hand." in page
    assert not UseCase.objects.exists()


def test_empty_title_over_htmx_re_renders_the_form_with_the_error(bob_client, workshop):
    response = bob_client.post(reverse("usecases:create", args=[workshop.pk]), _form(title=""), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Give the use case a title." in response.content.decode()
    assert not UseCase.objects.exists()


@pytest.mark.parametrize("phase", ["draft", "score", "vote", "roi", "closed"])
def test_participant_cannot_add_outside_collect(bob_client, workshop, phase):
    set_phase(workshop, phase)
    response = bob_client.post(reverse("usecases:create", args=[workshop.pk]), _form())

    assert response.status_code == 409
    assert "Collect ideas" in response.content.decode() or "closed" in response.content.decode()
    assert not UseCase.objects.exists()


def test_facilitator_adds_a_use_case_without_author_even_in_score(alice_client, workshop):
    set_phase(workshop, "score")
    response = alice_client.post(reverse("usecases:create", args=[workshop.pk]), _form())
    assert response.status_code == 302
    assert UseCase.objects.get().author is None


def test_outsider_cannot_add(charlie_client, workshop):
    response = charlie_client.post(reverse("usecases:create", args=[workshop.pk]), _form())
    assert response.status_code == 404


def test_create_needs_post(bob_client, workshop):
    assert bob_client.get(reverse("usecases:create", args=[workshop.pk])).status_code == 405


# --- Editing -----------------------------------------------------------------------------


def test_author_edits_own_use_case_in_collect(bob_client, bobs_idea):
    response = bob_client.post(reverse("usecases:edit", args=[bobs_idea.pk]), _form(title="Better ETA"))
    assert response.status_code == 302
    bobs_idea.refresh_from_db()
    assert bobs_idea.title == "Better ETA"


def test_editing_someone_elses_use_case_is_forbidden_and_changes_nothing(dana_client, dana_api, bobs_idea):
    page = dana_client.post(reverse("usecases:edit", args=[bobs_idea.pk]), _form(title="Hijacked"))
    api = dana_api.patch(f"/api/v1/use-cases/{bobs_idea.pk}/", {"title": "Hijacked"}, format="json")

    assert page.status_code == 403
    assert api.status_code == 403
    assert "use cases you added" in api.json()["detail"]
    bobs_idea.refresh_from_db()
    assert bobs_idea.title == "Parcel ETA prediction"


def test_author_cannot_edit_after_collect(bob_client, bobs_idea, workshop):
    set_phase(workshop, "score")
    response = bob_client.post(reverse("usecases:edit", args=[bobs_idea.pk]), _form(title="Late change"))
    assert response.status_code == 409
    bobs_idea.refresh_from_db()
    assert bobs_idea.title == "Parcel ETA prediction"


def test_facilitator_edits_any_use_case_until_closed(alice_client, bobs_idea, workshop):
    set_phase(workshop, "vote")
    assert alice_client.post(reverse("usecases:edit", args=[bobs_idea.pk]), _form(title="Tidied")).status_code == 302
    bobs_idea.refresh_from_db()
    assert bobs_idea.title == "Tidied"

    set_phase(workshop, "closed")
    response = alice_client.post(reverse("usecases:edit", args=[bobs_idea.pk]), _form(title="After close"))
    assert response.status_code == 409
    bobs_idea.refresh_from_db()
    assert bobs_idea.title == "Tidied"


def test_edit_page_empty_title_keeps_the_saved_title(bob_client, bobs_idea):
    response = bob_client.post(reverse("usecases:edit", args=[bobs_idea.pk]), _form(title=""))
    assert response.status_code == 400
    assert "Give the use case a title." in response.content.decode()
    bobs_idea.refresh_from_db()
    assert bobs_idea.title == "Parcel ETA prediction"


def test_outsider_gets_404_on_edit(charlie_client, bobs_idea):
    assert charlie_client.get(reverse("usecases:edit", args=[bobs_idea.pk])).status_code == 404


def test_author_deletes_own_use_case(bob_client, bobs_idea):
    assert bob_client.post(reverse("usecases:delete", args=[bobs_idea.pk])).status_code == 302
    assert not UseCase.objects.filter(pk=bobs_idea.pk).exists()


# --- Shortlist, reject -------------------------------------------------------------------


def test_facilitator_shortlists_and_rejects(alice_client, bobs_idea):
    url = reverse("usecases:status", args=[bobs_idea.pk])
    assert alice_client.post(url, {"status": "shortlisted"}).status_code == 302
    bobs_idea.refresh_from_db()
    assert bobs_idea.status == "shortlisted"
    assert Event.objects.filter(kind=EventKind.STATUS_CHANGED).exists()

    response = alice_client.post(url, {"status": "rejected"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="board-poll"' in response.content.decode()
    bobs_idea.refresh_from_db()
    assert bobs_idea.status == "rejected"


def test_participant_cannot_shortlist(bob_client, bobs_idea):
    response = bob_client.post(reverse("usecases:status", args=[bobs_idea.pk]), {"status": "shortlisted"})
    assert response.status_code == 403
    bobs_idea.refresh_from_db()
    assert bobs_idea.status == "proposed"


def test_unacceptable_tier_is_never_shortlisted_page_and_api(alice_client, alice_api, workshop):
    idea = UseCaseFactory(workshop=workshop, title="Social scoring of drivers", ai_act_tier="unacceptable")

    page = alice_client.post(reverse("usecases:status", args=[idea.pk]), {"status": "shortlisted"}, follow=True)
    api = alice_api.patch(f"/api/v1/use-cases/{idea.pk}/", {"status": "shortlisted"}, format="json")

    assert "can never be shortlisted" in page.content.decode()
    assert api.status_code == 409
    assert "never be shortlisted" in api.json()["detail"]
    idea.refresh_from_db()
    assert idea.status == "proposed"


def test_board_says_why_an_unacceptable_use_case_cannot_be_shortlisted(alice_client, workshop):
    UseCaseFactory(workshop=workshop, title="Emotion recognition at the counter", ai_act_tier="unacceptable")
    page = alice_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "it can never be shortlisted" in page
    assert "disabled" in page


def test_the_tier_cannot_be_set_through_the_use_case_api_even_to_unacceptable(alice_api, workshop):
    # The pre-assessment sets the tier now (tests/compliance); the use-case API says so.
    idea = UseCaseFactory(workshop=workshop, status="shortlisted")
    response = alice_api.patch(f"/api/v1/use-cases/{idea.pk}/", {"ai_act_tier": "unacceptable"}, format="json")
    assert response.status_code == 400
    assert "ai_act_tier" in response.json()
    idea.refresh_from_db()
    assert idea.ai_act_tier == "unknown"


# --- Merge -------------------------------------------------------------------------------


def test_merge_moves_votes_with_cap_and_refund_and_keeps_scores(alice_client, workshop, bob):
    set_phase(workshop, "vote")
    workshop.votes_per_participant, workshop.max_votes_per_use_case = 5, 3
    workshop.save()
    target = UseCaseFactory(workshop=workshop, title="Route optimisation")
    duplicate = UseCaseFactory(workshop=workshop, title="Optimise delivery routes")
    other = ParticipantFactory(workshop=workshop)
    VoteFactory(participant=bob, use_case=target, dots=2)
    VoteFactory(participant=bob, use_case=duplicate, dots=3)
    VoteFactory(participant=other, use_case=duplicate, dots=1)
    criterion = workshop.criteria.first()
    Score.objects.create(participant=bob, use_case=duplicate, criterion=criterion, value=4)

    response = alice_client.post(reverse("usecases:merge", args=[duplicate.pk]), {"into": target.pk})

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == "merged"
    assert duplicate.merged_into == target
    # bob: 2 + 3 capped at 3, the other 2 dots return to his budget.
    assert Vote.objects.get(participant=bob, use_case=target).dots == 3
    assert Vote.objects.get(participant=other, use_case=target).dots == 1
    assert not Vote.objects.filter(use_case=duplicate).exists()
    assert sum(Vote.objects.filter(participant=bob).values_list("dots", flat=True)) == 3
    assert Score.objects.filter(use_case=duplicate, participant=bob).exists()
    assert Event.objects.filter(kind=EventKind.MERGED).exists()


def test_merged_use_case_is_listed_as_merged_with_a_link_to_the_target(alice_client, workshop):
    target = UseCaseFactory(workshop=workshop, title="Route optimisation")
    duplicate = UseCaseFactory(workshop=workshop, title="Optimise delivery routes")
    alice_client.post(reverse("usecases:merge", args=[duplicate.pk]), {"into": target.pk})

    page = alice_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Merged into" in page
    assert f'href="#uc-{target.pk}"' in page

    results = alice_client.get(reverse("reports:results", args=[workshop.pk])).content.decode()
    assert "Merged and rejected" in results
    assert f'href="#rank-{target.pk}"' in results


def test_merge_into_itself_or_another_workshop_is_refused(alice_api, workshop, other_workshop):
    idea = UseCaseFactory(workshop=workshop)
    foreign = UseCaseFactory(workshop=other_workshop)
    itself = alice_api.post(f"/api/v1/use-cases/{idea.pk}/merge/", {"into": idea.pk}, format="json")
    elsewhere = alice_api.post(f"/api/v1/use-cases/{idea.pk}/merge/", {"into": foreign.pk}, format="json")
    assert itself.status_code == 400
    assert elsewhere.status_code == 400
    assert "into" in elsewhere.json()
    idea.refresh_from_db()
    assert idea.status == "proposed"


def test_participant_cannot_merge(bob_client, bob_api, workshop, bobs_idea):
    target = UseCaseFactory(workshop=workshop)
    assert bob_client.post(reverse("usecases:merge", args=[bobs_idea.pk]), {"into": target.pk}).status_code == 403
    assert bob_api.post(f"/api/v1/use-cases/{bobs_idea.pk}/merge/", {"into": target.pk}).status_code == 403
    bobs_idea.refresh_from_db()
    assert bobs_idea.status == "proposed"


def test_merge_page_offers_the_targets(alice_client, workshop):
    target = UseCaseFactory(workshop=workshop, title="Route optimisation")
    duplicate = UseCaseFactory(workshop=workshop, title="Optimise delivery routes")
    page = alice_client.get(reverse("usecases:merge", args=[duplicate.pk])).content.decode()
    assert "Merge into…" in page
    assert target.title in page


def test_deleting_a_merge_target_brings_its_duplicates_back(alice_api, workshop):
    from tests.factories import UseCaseFactory

    target = UseCaseFactory(workshop=workshop, title="Chatbot")
    duplicate = UseCaseFactory(workshop=workshop, title="Chat assistant")
    assert (
        alice_api.post(f"/api/v1/use-cases/{duplicate.pk}/merge/", {"into": target.pk}, format="json").status_code
        == 200
    )

    assert alice_api.delete(f"/api/v1/use-cases/{target.pk}/").status_code == 204
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == ("proposed", None)
