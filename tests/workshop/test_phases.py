import pytest
from django.urls import reverse

from workshop.models import Event, EventKind

pytestmark = pytest.mark.django_db


def test_facilitator_moves_phase_forward_and_back(alice_client, workshop):
    url = reverse("workshop:phase", args=[workshop.pk])

    assert alice_client.post(url, {"direction": "next"}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.phase == "score"

    alice_client.post(url, {"direction": "previous"})
    workshop.refresh_from_db()
    assert workshop.phase == "collect"

    changes = list(Event.objects.filter(workshop=workshop, kind=EventKind.PHASE_CHANGED).order_by("id"))
    assert [(e.data["old"], e.data["new"]) for e in changes] == [("collect", "score"), ("score", "collect")]


def test_phase_change_bumps_the_version(alice_client, workshop):
    before = workshop.version
    alice_client.post(reverse("workshop:phase", args=[workshop.pk]), {"phase": "vote"})
    workshop.refresh_from_db()
    assert workshop.phase == "vote"
    assert workshop.version > before


def test_no_phase_before_draft(alice_client, workshop):
    workshop.phase = "draft"
    workshop.save()
    response = alice_client.post(reverse("workshop:phase", args=[workshop.pk]), {"direction": "previous"}, follow=True)
    workshop.refresh_from_db()
    assert workshop.phase == "draft"
    assert "no phase in that direction" in response.content.decode()


def test_participant_cannot_change_phase(bob_client, workshop):
    response = bob_client.post(reverse("workshop:phase", args=[workshop.pk]), {"direction": "next"})
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.phase == "collect"


def test_other_facilitator_cannot_see_or_change_phase(charlie_client, workshop):
    response = charlie_client.post(reverse("workshop:phase", args=[workshop.pk]), {"direction": "next"})
    assert response.status_code == 404
    workshop.refresh_from_db()
    assert workshop.phase == "collect"


def test_phase_change_needs_post(alice_client, workshop):
    assert alice_client.get(reverse("workshop:phase", args=[workshop.pk])).status_code == 405


def test_timebox_sets_a_countdown_everyone_sees(alice_client, bob_client, workshop):
    alice_client.post(reverse("workshop:timebox", args=[workshop.pk]), {"minutes": "10"})
    workshop.refresh_from_db()
    assert workshop.phase_ends_at is not None
    page = bob_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert f'data-countdown-to="{workshop.phase_ends_at.isoformat()}"' in page


def test_timebox_out_of_range_is_refused(alice_client, workshop):
    response = alice_client.post(reverse("workshop:timebox", args=[workshop.pk]), {"minutes": "999"}, follow=True)
    workshop.refresh_from_db()
    assert workshop.phase_ends_at is None
    assert "240" in response.content.decode()


def test_regenerated_code_replaces_the_old_one(alice_client, client, workshop):
    old = workshop.join_code
    alice_client.post(reverse("workshop:regenerate-code", args=[workshop.pk]))
    workshop.refresh_from_db()
    assert workshop.join_code != old
    response = client.post(reverse("workshop:join"), {"join_code": old, "display_name": "Eve"})
    assert "No workshop has this code" in response.content.decode()


def test_closed_workshop_is_read_only_for_reveal_and_new_code(alice_client, workshop):
    workshop.phase = "closed"
    workshop.save()
    old = workshop.join_code
    response = alice_client.post(reverse("workshop:reveal", args=[workshop.pk]), {"revealed": "1"}, follow=True)
    assert "closed" in response.content.decode()
    alice_client.post(reverse("workshop:regenerate-code", args=[workshop.pk]))
    workshop.refresh_from_db()
    assert workshop.results_revealed is False
    assert workshop.join_code == old


def test_a_phase_change_and_what_listens_to_it_commit_together(workshop, alice):
    """Receivers run inside the phase change's transaction: one failing undoes the change."""
    from workshop.selectors import Actor, workshop_access
    from workshop.services import workshop_set_phase
    from workshop.signals import phase_changed

    def broken(**kwargs):
        raise RuntimeError("listener failed")

    phase_changed.connect(broken, dispatch_uid="test-broken-listener")
    try:
        with pytest.raises(RuntimeError):
            workshop_set_phase(access=workshop_access(actor=Actor(user=alice), pk=workshop.pk), phase="score")
    finally:
        phase_changed.disconnect(dispatch_uid="test-broken-listener")

    workshop.refresh_from_db()
    assert workshop.phase == "collect"
    assert not Event.objects.filter(workshop=workshop, kind=EventKind.PHASE_CHANGED).exists()
