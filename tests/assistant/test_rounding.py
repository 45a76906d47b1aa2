"""The MCP tools give the results page's figures: scores rounded half up to two decimals, as the REST API."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from rest_framework.authtoken.models import Token

from assistant.server import build_server
from tests.assistant.conftest import inprocess_connect, rest, rest_api, run_session, tool
from tests.factories import ParticipantFactory, UseCaseFactory, score_on_axes

pytestmark = pytest.mark.django_db(transaction=True)


def test_scores_come_rounded_as_on_the_results_page(alice: Any, workshop: Any) -> None:
    use_case = UseCaseFactory(workshop=workshop, title="Claims routing")
    # Impact 10/3 = 3.3333…, feasibility 11/3 = 3.6666…, priority √(110/9) = 3.4960…
    for impact, feasibility in ((4, 4), (3, 4), (3, 3)):
        score_on_axes(ParticipantFactory(workshop=workshop), use_case, impact=impact, feasibility=feasibility)
    token = Token.objects.create(user=alice).key

    async def calls(client: Client) -> dict[str, Any]:
        return {
            "ranking": await tool(client, "workshop_ranking", workshop_id=workshop.pk),
            "use_case": await tool(client, "get_use_case", use_case_id=use_case.pk),
            "plan": await tool(client, "poc_plan", workshop_id=workshop.pk),
        }

    answers = run_session(inprocess_connect(build_server(token)), calls)

    row = answers["ranking"]["rows"][0]
    assert (row["impact"], row["feasibility"], row["priority"]) == (3.33, 3.67, 3.5)
    assert row["spread"] == 0.47  # population stdev of (4, 3, 3): 0.4714…
    scores = answers["use_case"]["scores"]
    assert (scores["impact"], scores["priority"]) == (3.33, 3.5)
    assert {criterion["mean"] for criterion in scores["criteria"]} == {3.33, 3.67}
    assert answers["plan"]["workshops"][0]["other_candidates"][0]["priority"] == 3.5
    # The REST API answers the very same figures.
    api = rest_api(token)
    assert rest(api, f"/api/v1/workshops/{workshop.pk}/ranking/")["rows"][0] == row
