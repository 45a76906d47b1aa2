"""The database adds the scores up; the pure arithmetic must rank exactly as it would from every score row."""

import random

import pytest

from tests.factories import CriterionFactory, ParticipantFactory, UseCaseFactory, WorkshopFactory
from usecases.models import Score, Status, UseCase, Vote
from usecases.ranking import CriterionRow, UseCaseRow, rank, rank_workshop
from workshop.models import Workshop
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db


def _random_workshop(rng: random.Random) -> Workshop:
    workshop = WorkshopFactory(criteria=False)
    criteria = [
        CriterionFactory(
            workshop=workshop,
            axis=rng.choice(["impact", "feasibility"]),
            weight=rng.randint(1, 5),
            order=rng.randint(0, 3),
        )
        for _ in range(rng.randint(1, 6))
    ]
    statuses = [Status.PROPOSED, Status.PROPOSED, Status.SHORTLISTED, Status.REJECTED]
    use_cases = [UseCaseFactory(workshop=workshop, status=rng.choice(statuses)) for _ in range(rng.randint(1, 10))]
    participants = [ParticipantFactory(workshop=workshop) for _ in range(rng.randint(1, 8))]
    # Not everyone scores everything: some criteria and use cases stay unscored.
    Score.objects.bulk_create(
        Score(participant=p, use_case=uc, criterion=c, value=rng.randint(1, 5))
        for p in participants
        for uc in use_cases
        for c in criteria
        if rng.random() < 0.7
    )
    Vote.objects.bulk_create(
        Vote(participant=p, use_case=uc, dots=rng.randint(1, 3))
        for p in participants
        for uc in rng.sample(use_cases, k=min(2, len(use_cases)))
    )
    return workshop


def _ranked_from_every_row(workshop: Workshop):  # type: ignore[no-untyped-def]
    use_cases = [
        UseCaseRow(uc.pk, uc.title, uc.status, uc.category, uc.merged_into_id)
        for uc in UseCase.objects.filter(workshop=workshop)
    ]
    criteria = [CriterionRow(c.pk, c.axis, c.weight) for c in workshop.criteria.order_by("order", "id")]
    scores = Score.objects.filter(use_case__workshop=workshop).values_list(
        "participant_id", "use_case_id", "criterion_id", "value"
    )
    votes: dict[int, int] = {}
    for vote in Vote.objects.filter(use_case__workshop=workshop):
        votes[vote.use_case_id] = votes.get(vote.use_case_id, 0) + vote.dots
    return rank(use_cases, criteria, scores, votes, workshop.participants.count())


@pytest.mark.parametrize("seed", range(8))
def test_database_totals_rank_exactly_as_every_score_row_would(seed):
    rng = random.Random(seed)
    workshop = _random_workshop(rng)
    _random_workshop(rng)  # another workshop's scores must not count

    assert rank_workshop(workshop) == _ranked_from_every_row(workshop)


def _reader(workshop: Workshop, role: Role = Role.FACILITATOR) -> Access:
    return Access(workshop=workshop, role=role, actor=Actor())


def test_an_unchanged_workshop_is_ranked_without_adding_a_score_up_again(
    django_assert_num_queries, totals_off_the_database
):
    workshop = _random_workshop(random.Random(1))
    first = rank_workshop(workshop, reader=_reader(workshop))
    same_version = Workshop.objects.get(pk=workshop.pk)  # another request reading the same version
    with django_assert_num_queries(3):  # use cases, votes, participants: no score nor criterion is read
        assert rank_workshop(same_version, reader=_reader(same_version)) == first


def test_a_reader_who_sees_less_never_gets_another_reader_s_kept_totals(
    django_assert_num_queries, totals_off_the_database
):
    workshop = _random_workshop(random.Random(1))
    rank_workshop(workshop, reader=_reader(workshop))
    with django_assert_num_queries(5):  # the participant's own: the criteria read and the scores added up for them
        rank_workshop(workshop, reader=_reader(workshop, Role.PARTICIPANT))


def test_a_change_to_the_workshop_is_ranked_afresh():
    workshop = _random_workshop(random.Random(2))
    before = rank_workshop(workshop, reader=_reader(workshop))
    Score.objects.filter(use_case__workshop=workshop).update(value=5)
    workshop.touch(scores=True)  # what usecases.services.scores_set does after a change

    after = rank_workshop(workshop, reader=_reader(workshop))
    assert after != before
    assert after == _ranked_from_every_row(workshop)


def test_a_vote_reranks_from_the_kept_score_totals_in_three_queries(django_assert_num_queries, totals_off_the_database):
    workshop = _random_workshop(random.Random(3))
    rank_workshop(workshop, reader=_reader(workshop))
    vote = Vote.objects.filter(use_case__workshop=workshop).first()
    vote.dots += 1
    vote.save()
    workshop.touch()  # a vote: the version changes, the scores do not

    with django_assert_num_queries(3):  # use cases, votes, participants: no score nor criterion is read
        after = rank_workshop(workshop, reader=_reader(workshop))
    assert after == _ranked_from_every_row(workshop)


def test_a_score_saved_through_the_service_is_ranked_at_once(workshop, bob, alice):
    from tests.usecases.conftest import set_phase
    from usecases.services import scores_set
    from workshop.selectors import Actor, workshop_access

    idea = UseCaseFactory(workshop=workshop)
    set_phase(workshop, "score")
    criteria = list(workshop.criteria.all())
    access = workshop_access(actor=Actor(participant=bob), pk=workshop.pk)
    scores_set(access=access, use_case=idea, values={c.pk: 2 for c in criteria})
    assert rank_workshop(access.workshop, reader=access).get(idea.pk).impact == 2.0

    scores_set(access=access, use_case=idea, values={c.pk: 4 for c in criteria})
    assert rank_workshop(access.workshop, reader=access).get(idea.pk).impact == 4.0
