"""factory_boy factories: one per model, realistic defaults."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from usecases.models import Criterion, UseCase
from workshop.models import Client, Participant, Workshop
from workshop.services import facilitators_group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def facilitator(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """`UserFactory(facilitator=True)` puts the user in the Facilitators group."""
        if create and extracted:
            self.groups.add(facilitators_group())
        if create:
            self.save()


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Client {n}")


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")

    @factory.post_generation
    def facilitators(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.facilitators.add(*extracted)

    @factory.post_generation
    def criteria(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Default criteria unless `criteria=False`."""
        if create and extracted is not False:
            from usecases.services import criteria_copy_defaults

            criteria_copy_defaults(workshop=self)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    display_name = factory.Sequence(lambda n: f"Participant {n}")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")

    @classmethod
    def with_token(cls, **kwargs: object) -> tuple[Participant, str]:
        """A participant and its raw token, for API and cookie tests."""
        participant = cls.build(**kwargs)
        token = participant.set_new_token()
        participant.save()
        return participant, token


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    workshop = factory.SubFactory(WorkshopFactory, criteria=False)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    axis = "impact"
    weight = 1
    order = factory.Sequence(int)


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCase

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Use case {n}")
    problem = "Agents retype order data from emails."
    solution = "Extract fields with an LLM and pre-fill the form."


class RoiEstimateFactory(factory.django.DjangoModelFactory):
    """A POC of 20 person-days at 800 plus 4,000 setup (20,000), saving 60 hours a month at 55."""

    class Meta:
        model = "roi.RoiEstimate"

    use_case = factory.SubFactory(UseCaseFactory, status="shortlisted")
    effort_days = Decimal("20")
    daily_rate = Decimal("800")
    setup_cost = Decimal("4000")
    monthly_run_cost = Decimal("300")
    inference_cost_per_1k = Decimal("2.5")
    monthly_requests = Decimal("20000")
    hours_saved_per_month = Decimal("60")
    hourly_cost = Decimal("55")
    other_annual_gains = Decimal("0")
    ramp_months = 3


def score_on_axes(participant: Participant, use_case: UseCase, *, impact: int, feasibility: int) -> None:
    """`participant` gives `impact` to every impact criterion of the workshop and `feasibility` to the others."""
    from usecases.models import Score

    for criterion in Criterion.objects.filter(workshop_id=use_case.workshop_id):
        value = impact if criterion.axis == "impact" else feasibility
        Score.objects.update_or_create(
            participant=participant, use_case=use_case, criterion=criterion, defaults={"value": value}
        )


class ScoreFactory(factory.django.DjangoModelFactory):
    """A score of 3 by a participant of the use case's workshop on its first criterion."""

    class Meta:
        model = "usecases.Score"

    use_case = factory.SubFactory(UseCaseFactory)
    participant = factory.LazyAttribute(lambda o: ParticipantFactory(workshop=o.use_case.workshop))
    criterion = factory.LazyAttribute(lambda o: o.use_case.workshop.criteria.order_by("order").first())
    value = 3


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "usecases.Vote"

    use_case = factory.SubFactory(UseCaseFactory)
    participant = factory.LazyAttribute(lambda o: ParticipantFactory(workshop=o.use_case.workshop))
    dots = 1
