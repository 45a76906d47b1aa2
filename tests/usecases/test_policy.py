"""usecases.policy: who may add, edit, score, vote, triage and shortlist, phase by phase and role by role.

The table below is the product's rule, written out by hand (DESIGN.md's phases); the predicates
must answer it without touching the database, and the services must refuse exactly where the
predicates say no. Then: a prohibited use case's Shortlist is disabled on every page that shows one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.exceptions import Refused
from tests.factories import ParticipantFactory, UseCaseFactory
from tests.usecases.conftest import set_phase
from usecases import policy, services
from usecases.models import Status, UseCase
from workshop.models import Client, Participant, Workshop
from workshop.selectors import Access, Actor, Role

PHASES = ("draft", "collect", "score", "vote", "roi", "closed")

# Role -> one letter per phase above (T: may, .: may not). "author" is a participant whose idea it is.
TABLE: dict[str, dict[str, str]] = {
    "may_add": {
        "facilitator": "TTTTT.",
        "author": ".T....",
        "participant": ".T....",
        "manager": "......",
    },
    "may_edit": {
        "facilitator": "TTTTT.",
        "author": ".T....",
        "participant": "......",
        "manager": "......",
    },
    "may_score": {
        "facilitator": "......",
        "author": "..T...",
        "participant": "..T...",
        "manager": "......",
    },
    "may_vote": {
        "facilitator": "......",
        "author": "...T..",
        "participant": "...T..",
        "manager": "......",
    },
    "may_triage": {
        "facilitator": "TTTTT.",
        "author": "......",
        "participant": "......",
        "manager": "......",
    },
    "may_shortlist": {
        "facilitator": "TTTTT.",
        "author": "......",
        "participant": "......",
        "manager": "......",
    },
    "may_shortlist_prohibited": {
        "facilitator": "......",
        "author": "......",
        "participant": "......",
        "manager": "......",
    },
}
ROLES = ("facilitator", "author", "participant", "manager")


def _unsaved(phase: str, role: str, *, tier: str = "minimal", status: str = Status.PROPOSED) -> tuple[Access, UseCase]:
    """An access and a use case built in memory: the predicates must need nothing else."""
    workshop = Workshop(pk=7, phase=phase, client=Client(pk=3, name="Acme"))
    author = Participant(pk=11, workshop=workshop, display_name="Bob")
    other = Participant(pk=12, workshop=workshop, display_name="Dana")
    use_case = UseCase(pk=21, workshop=workshop, author=author, title="Idea", ai_act_tier=tier, status=status)
    actor, access_role = {
        "facilitator": (Actor(), Role.FACILITATOR),
        "author": (Actor(participant=author), Role.PARTICIPANT),
        "participant": (Actor(participant=other), Role.PARTICIPANT),
        "manager": (Actor(), Role.VIEWER),
    }[role]
    return Access(workshop=workshop, role=access_role, actor=actor), use_case


def _answer(name: str, access: Access, use_case: UseCase) -> bool:
    if name in {"may_add", "may_score", "may_vote", "may_triage"}:
        return getattr(policy, name)(access)
    if name == "may_shortlist_prohibited":
        return policy.may_shortlist(access, use_case)
    return getattr(policy, name)(access, use_case)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_predicate_answers_the_table_in_every_phase_without_the_database(name, role):
    # No django_db mark: a predicate that queried would fail here.
    expected = TABLE[name][role]
    tier = "unacceptable" if name == "may_shortlist_prohibited" else "minimal"
    answers = "".join("T" if _answer(name, *_unsaved(phase, role, tier=tier)) else "." for phase in PHASES)
    assert answers == expected, f"{name} for a {role}: phases {PHASES}"


@pytest.mark.parametrize("phase", PHASES)
def test_a_merged_use_case_is_triaged_through_the_one_it_was_merged_into(phase):
    access, merged = _unsaved(phase, "facilitator", status=Status.MERGED)
    assert not policy.may_shortlist(access, merged)
    assert not policy.may_merge(access, merged)
    assert policy.triage(access, merged).change_status is False


@pytest.mark.parametrize("status", [Status.REJECTED, Status.MERGED])
def test_a_use_case_set_aside_is_neither_scored_nor_voted_on(status):
    scoring, set_aside = _unsaved("score", "participant", status=status)
    voting, _ = _unsaved("vote", "participant", status=status)
    assert policy.may_score(scoring)
    assert not policy.may_score(scoring, set_aside)
    assert policy.may_vote(voting)
    assert not policy.may_vote(voting, set_aside)
    assert policy.may_score(scoring, _unsaved("score", "participant", status=Status.SHORTLISTED)[1])


def test_nobody_edits_or_triages_a_use_case_of_another_workshop():
    access, use_case = _unsaved("collect", "facilitator")
    use_case.workshop = Workshop(pk=8, phase="collect")
    assert not policy.may_edit(access, use_case)
    assert not policy.may_shortlist(access, use_case)
    participant, use_case = _unsaved("vote", "participant")
    use_case.workshop = Workshop(pk=8, phase="vote")
    assert not policy.may_vote(participant, use_case)


def test_prohibited_is_the_one_tier_never_shortlisted():
    assert [
        tier
        for tier in ("unknown", "minimal", "limited", "high", "unacceptable")
        if not policy.may_be_shortlisted(tier)
    ] == ["unacceptable"]


def test_the_triage_buttons_of_a_prohibited_use_case():
    access, use_case = _unsaved("vote", "facilitator", tier="unacceptable")
    buttons = policy.triage(access, use_case)
    assert buttons.shortlist
    assert not buttons.may_shortlist
    assert buttons.prohibited
    assert buttons.reject
    assert buttons.merge
    assert buttons.edit
    assert not buttons.put_back  # it is proposed already


# --- The services refuse exactly where the predicates say no ------------------------------


def _db_access(workshop: Workshop, role: str, author: Participant, other: Participant) -> Access:
    actor, access_role = {
        "facilitator": (Actor(user=workshop.facilitators.get()), Role.FACILITATOR),
        "author": (Actor(participant=author), Role.PARTICIPANT),
        "participant": (Actor(participant=other), Role.PARTICIPANT),
        "manager": (Actor(), Role.VIEWER),
    }[role]
    return Access(workshop=workshop, role=access_role, actor=actor)


def _refused(call) -> bool:
    try:
        call()
    except (PermissionDenied, Refused):
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase", PHASES)
def test_the_services_refuse_where_the_predicates_say_no(workshop, bob, phase, role):
    dana = ParticipantFactory(workshop=workshop, display_name="Dana")
    idea = UseCaseFactory(workshop=workshop, author=bob, title="Parcel ETA prediction")
    set_phase(workshop, phase)
    access = _db_access(workshop, role, bob, dana)
    criterion = workshop.criteria.first()
    calls = {
        "may_add": (policy.may_add(access), lambda: services.use_case_create(access=access, data={"title": "New"})),
        "may_edit": (policy.may_edit(access, idea), lambda: services.require_may_edit(access, idea)),
        "may_score": (
            policy.may_score(access, idea),
            lambda: services.scores_set(access=access, use_case=idea, values={criterion.pk: 3}),
        ),
        "may_vote": (policy.may_vote(access, idea), lambda: services.vote_set(access=access, use_case=idea, dots=1)),
        "may_shortlist": (
            policy.may_shortlist(access, idea),
            lambda: services.use_case_set_status(access=access, use_case=idea, status=Status.SHORTLISTED),
        ),
    }
    for name, (allowed, call) in calls.items():
        assert _refused(call) is (not allowed), f"{name}: the service and the predicate disagree"


@pytest.mark.django_db
@pytest.mark.parametrize("phase", ["score", "vote"])
def test_the_services_refuse_scores_and_dots_on_a_use_case_set_aside(workshop, bob, phase):
    rejected = UseCaseFactory(workshop=workshop, title="Parcel ETA prediction", status=Status.REJECTED)
    set_phase(workshop, phase)
    access = Access(workshop=workshop, role=Role.PARTICIPANT, actor=Actor(participant=bob))
    assert not policy.may_score(access, rejected)
    assert not policy.may_vote(access, rejected)
    call = (
        (lambda: services.scores_set(access=access, use_case=rejected, values={workshop.criteria.first().pk: 3}))
        if phase == "score"
        else (lambda: services.vote_set(access=access, use_case=rejected, dots=1))
    )
    with pytest.raises(Refused) as refused:
        call()
    assert refused.value.code == "inactive"


@pytest.mark.django_db
@pytest.mark.parametrize("phase", PHASES[:-1])
def test_the_service_refuses_to_shortlist_a_prohibited_use_case(workshop, alice, phase):
    idea = UseCaseFactory(workshop=workshop, title="Social scoring of drivers", ai_act_tier="unacceptable")
    set_phase(workshop, phase)
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    with pytest.raises(Refused) as refused:
        services.use_case_set_status(access=access, use_case=idea, status=Status.SHORTLISTED)
    assert refused.value.code == "unacceptable"
    idea.refresh_from_db()
    assert idea.status == Status.PROPOSED
    # Rejecting it, or putting it back, stays possible.
    services.use_case_set_status(access=access, use_case=idea, status=Status.REJECTED)
    with pytest.raises(ValidationError):
        services.use_case_set_status(access=access, use_case=idea, status="maybe")


# --- Every page with a Shortlist button disables it for a prohibited use case --------------

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# The templates that include the triage buttons, and the pages that render them.
TRIAGE_TEMPLATES = {"usecases/_board.html", "usecases/_results_body.html"}


def test_these_are_all_the_templates_with_a_shortlist_button():
    """A new page with triage buttons fails here until the test below renders it too."""
    including = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "_triage_actions.html" in path.read_text() or 'value="shortlisted"' in path.read_text()
    }
    assert including == TRIAGE_TEMPLATES | {"usecases/_triage_actions.html"}


def _shortlist_buttons(page: str, use_case: UseCase) -> list[str]:
    return re.findall(rf'<button[^>]*\bid="shortlist-{use_case.pk}"[^>]*>', page)


def _pages(client, workshop: Workshop, fine: UseCase) -> dict[str, str]:
    """Every page (and fragment) that shows the triage buttons, as a facilitator gets it."""
    board = reverse("usecases:board", args=[workshop.pk])
    status = client.post(
        reverse("usecases:status", args=[fine.pk]), {"status": Status.REJECTED}, HTTP_HX_REQUEST="true"
    )
    client.post(reverse("usecases:status", args=[fine.pk]), {"status": Status.PROPOSED})
    return {
        "board page": client.get(board).content.decode(),
        "board region": client.get(board, HTTP_HX_REQUEST="true").content.decode(),
        "board poll": client.get(reverse("usecases:board-poll", args=[workshop.pk])).content.decode(),
        "triage answer": status.content.decode(),
        "results": client.get(reverse("reports:results", args=[workshop.pk])).content.decode(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("phase", ["draft", "collect", "score", "vote", "roi"])
def test_a_prohibited_use_case_has_its_shortlist_disabled_on_every_page(alice_client, workshop, bob, phase):
    prohibited = UseCaseFactory(
        workshop=workshop, title="Emotion recognition at the counter", ai_act_tier="unacceptable"
    )
    set_aside = UseCaseFactory(
        workshop=workshop, title="Social scoring", ai_act_tier="unacceptable", status=Status.REJECTED
    )
    fine = UseCaseFactory(workshop=workshop, title="Parcel ETA prediction", ai_act_tier="minimal")
    set_phase(workshop, phase)

    pages = _pages(alice_client, workshop, fine)

    for name, page in pages.items():
        for use_case in (prohibited, set_aside):
            buttons = _shortlist_buttons(page, use_case)
            assert buttons, f"{name}: no Shortlist button for {use_case.title}"
            assert all(" disabled" in button for button in buttons), f"{name}: {use_case.title} {buttons}"
        # The control is really there and enabled for an allowed use case: the check above can fail.
        assert _shortlist_buttons(page, fine), name
        assert all(" disabled" not in button for button in _shortlist_buttons(page, fine)), name


# --- Templates compare no phase and no tier: the views hand them the policy's booleans -----

_VALUES = "draft|collect|score|vote|roi|closed|unknown|minimal|limited|high|unacceptable|prohibited"
_NAMED = re.compile(r"(phase|tier)\s*(==|!=|\bin\b)")
_LITERAL = re.compile(rf"""(==|!=)\s*['"]({_VALUES})['"]|['"]({_VALUES})['"]\s*(==|!=)""")


def phase_or_tier_comparisons(text: str) -> list[str]:
    """Every template tag of `text` that compares a phase or a tier, in any spelling."""
    found = []
    for tag in re.findall(r"{%(.*?)%}", text, flags=re.S):
        code = re.sub(r""""[^"]*"|'[^']*'""", '""', tag)  # words inside strings are prose, not code
        if _NAMED.search(code) or _LITERAL.search(tag):
            found.append(tag.strip())
    return found


def test_the_template_check_sees_every_spelling():
    for tag in (
        '{% if workshop.phase == "vote" %}',
        "{% if workshop.phase != 'draft' and x %}",
        '{% elif phase == "score" %}',
        '{% if tier == "unacceptable" %}',
        "{% if uc.ai_act_tier != 'minimal' %}",
        '{% if "closed" == workshop.phase %}',
        '{% if workshop.phase in "draft collect" %}',
    ):
        assert phase_or_tier_comparisons(tag) == [tag.removeprefix("{%").removesuffix("%}").strip()], tag
    for tag in ("{% if scoring %}", '{% if r.status == "shortlisted" %}', '<p data-phase="{{ workshop.phase }}">'):
        assert phase_or_tier_comparisons(tag) == [], tag


def test_no_template_compares_a_phase_or_a_tier():
    found = [
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for tag in phase_or_tier_comparisons(path.read_text())
    ]
    assert found == []
