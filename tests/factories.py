"""factory_boy factories: one per model, realistic defaults."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from usecases.models import Criterion, UseCase
from workshop.models import Client, Participant, Workshop


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
            self.groups.add(Group.objects.get(name="Facilitators"))
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
