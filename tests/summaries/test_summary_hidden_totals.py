"""Summaries quote vote totals: a participant reads none while the workshop hides those totals."""

from __future__ import annotations

import pytest

from summaries.models import Summary, SummaryProvider, SummaryStatus
from summaries.selectors import summaries_for
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db


def test_participants_read_no_summary_while_vote_totals_are_hidden(workshop, bob, alice):
    Summary.objects.create(
        workshop=workshop, trigger="manual", provider=SummaryProvider.BUILTIN, status=SummaryStatus.SUCCEEDED
    )
    workshop.results_revealed = True
    workshop.hide_vote_totals = True
    workshop.phase = "vote"
    workshop.save()
    participant = Access(workshop=workshop, role=Role.PARTICIPANT, actor=Actor(participant=bob))
    facilitator = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    assert not summaries_for(participant).exists()
    assert summaries_for(facilitator).count() == 1

    workshop.phase = "roi"  # the Vote phase is over: the totals, and the summaries, are shown
    workshop.save()
    assert summaries_for(participant).count() == 1
