"""Fixtures of the summaries tests: eager tasks, the providers, a scored workshop, a manager."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client as BrowserClient

from config.celery import app as celery_app
from roi.models import RoiEstimate
from tests import llm_server as fake_llm
from tests.factories import ParticipantFactory, UseCaseFactory, UserFactory
from usecases.models import Score, Vote

# The scripted LLM server fixture, for every summaries test (a plain import of it would be
# reported as redefined by each test parameter of the same name).
llm_server = fake_llm.llm_server


@pytest.fixture
def eager_celery():
    """Tasks run in-process, whatever CELERY_BROKER_URL says (the real worker has its own test)."""
    old = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old


@pytest.fixture
def builtin(settings):
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = None
    settings.LLM_ENABLED = True


@pytest.fixture
def openai_llm(settings, llm_server):
    """The real openai client pointed at the scripted server; retries without waiting."""
    settings.OPENAI_API_KEY = "sk-test"
    settings.OPENAI_BASE_URL = llm_server.base_url
    settings.OPENAI_MODEL = "test-model"
    settings.LLM_ENABLED = True
    settings.LLM_TIMEOUT_SECONDS = 5
    settings.SUMMARY_MAX_RETRIES = 3
    settings.SUMMARY_RETRY_BASE_SECONDS = 0
    return llm_server


@pytest.fixture
def use_cases(workshop, bob):
    """Two use cases scored by bob and ann: a shortlisted quick win with an ROI, a disputed high-risk one."""
    ann = ParticipantFactory(workshop=workshop, display_name="Ann")
    criteria = list(workshop.criteria.all())
    invoices = UseCaseFactory(
        workshop=workshop,
        title="Invoice extraction",
        status="shortlisted",
        category="automation",
        ai_act_tier="limited",
        personal_data="yes",
        model_location="non_eu_cloud",
    )
    chatbot = UseCaseFactory(
        workshop=workshop,
        title="Support chatbot",
        category="conversational",
        ai_act_tier="high",
        automated_decisions=True,
    )
    for participant, values in ((bob, {invoices: 5, chatbot: 2}), (ann, {invoices: 4, chatbot: 5})):
        for use_case, value in values.items():
            for criterion in criteria:
                Score.objects.create(participant=participant, use_case=use_case, criterion=criterion, value=value)
    Vote.objects.create(participant=bob, use_case=invoices, dots=3)
    Vote.objects.create(participant=ann, use_case=chatbot, dots=1)
    RoiEstimate.objects.create(
        use_case=invoices,
        effort_days=Decimal(20),
        daily_rate=Decimal(800),
        hours_saved_per_month=Decimal(100),
        hourly_cost=Decimal(50),
    )
    return {"invoices": invoices, "chatbot": chatbot}


@pytest.fixture
def dora_client(workshop):
    """A manager who views the workshop's client."""
    dora = UserFactory(username="dora")
    workshop.client.viewers.add(dora)
    client = BrowserClient()
    client.force_login(dora)
    return client
