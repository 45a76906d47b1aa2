"""Sample use cases, scores and votes for the demo workshop (seed_demo). Deterministic."""

from __future__ import annotations

from usecases.models import Criterion, Score, Status, UseCase, Vote
from usecases.services import use_case_merge, use_case_set_status
from workshop.models import Participant, Workshop
from workshop.selectors import Access, Actor, Role

# (title, fields) for a logistics company's customer operations.
USE_CASES: list[tuple[str, dict[str, object]]] = [
    (
        "Parcel delivery ETA prediction",
        {
            "problem": "Customers call to ask where their parcel is; 30% of calls are 'where is my order'.",
            "solution": "Predict the delivery window from tracking events, traffic and depot load.",
            "benefits": "Fewer calls, proactive notifications.",
            "data_sources": "Tracking events, route plans, depot scans.",
            "affected_users": "Customer service, end customers",
            "category": "prediction",
            "ai_act_tier": "minimal",
            "client_role": "deployer",
            "personal_data": "yes",
            "data_location": "eu_cloud",
            "model_location": "eu_cloud",
        },
    ),
    (
        "Customer email triage",
        {
            "problem": "Agents read and route 1,200 emails a day by hand.",
            "solution": "Classify emails by intent and urgency, pre-fill the ticket.",
            "benefits": "Faster first response, less manual sorting.",
            "data_sources": "Shared mailbox history, ticket categories.",
            "affected_users": "Customer service",
            "category": "classification",
            "ai_act_tier": "limited",
            "client_role": "deployer",
            "personal_data": "yes",
            "data_location": "on_premises",
            "model_location": "eu_cloud",
        },
    ),
    (
        "Damage claim photo assessment",
        {
            "problem": "Damage claims wait five days for an expert to look at photos.",
            "solution": "Assess damage from the customer's photos and propose a settlement range.",
            "benefits": "Claims settled in a day.",
            "data_sources": "Claim photos, past settlements.",
            "affected_users": "Claims team",
            "category": "vision",
            "ai_act_tier": "limited",
            "client_role": "deployer",
            "personal_data": "unknown",
            "data_location": "eu_cloud",
            "model_location": "non_eu_cloud",
        },
    ),
    (
        "Automated credit decisions for B2B accounts",
        {
            "problem": "Opening a credit account for a small business takes two weeks.",
            "solution": "Score creditworthiness and decide limits automatically.",
            "benefits": "Faster onboarding of business customers.",
            "data_sources": "Payment history, credit bureau data.",
            "affected_users": "Finance, sole traders",
            "category": "prediction",
            "ai_act_tier": "high",
            "client_role": "deployer",
            "personal_data": "yes",
            "automated_decisions": True,
            "data_location": "eu_cloud",
            "model_location": "eu_cloud",
            "compliance_note": "Credit scoring of natural persons (sole traders): high risk under Annex III; "
            "human review of every refusal (GDPR Art. 22).",
        },
    ),
    (
        "Multilingual customer chatbot",
        {
            "problem": "Night and weekend questions wait until Monday.",
            "solution": "A chatbot answering tracking and returns questions in five languages.",
            "benefits": "24/7 answers for simple questions.",
            "data_sources": "FAQ, tracking API, returns policy.",
            "affected_users": "End customers",
            "category": "conversational",
            "ai_act_tier": "limited",
            "client_role": "deployer",
            "personal_data": "yes",
            "data_location": "eu_cloud",
            "model_location": "eu_cloud",
        },
    ),
    (
        "Chatbot for customer questions",
        {
            "problem": "Same questions every day about returns.",
            "solution": "Answer returns questions automatically.",
            "category": "conversational",
        },
    ),
    (
        "Agent emotion monitoring on calls",
        {
            "problem": "Supervisors want to know which agents are stressed.",
            "solution": "Infer agents' emotions from their voice during calls.",
            "affected_users": "Call-centre agents",
            "category": "other",
            "ai_act_tier": "unacceptable",
            "client_role": "deployer",
            "personal_data": "yes",
            "special_category_data": True,
            "compliance_note": "Emotion recognition in the workplace is prohibited (AI Act Art. 5).",
        },
    ),
    (
        "Reply drafting for complaint letters",
        {
            "problem": "Complaint replies take 40 minutes each.",
            "solution": "Draft a reply from the complaint and the case history for the agent to edit.",
            "benefits": "Half the handling time, consistent tone.",
            "data_sources": "Complaint letters, case notes, reply templates.",
            "affected_users": "Complaints team",
            "category": "generation",
            "ai_act_tier": "minimal",
            "client_role": "deployer",
            "personal_data": "yes",
            "data_location": "on_premises",
            "model_location": "on_premises",
        },
    ),
]

# (impact, feasibility) each participant gives, by use case index; None: not scored.
SCORES: dict[int, list[tuple[int, int] | None]] = {
    0: [(5, 4), (4, 4), (5, 5), (4, 3)],
    1: [(4, 5), (4, 4), (3, 5), (4, 4)],
    2: [(4, 2), (3, 2), (5, 3), (2, 2)],
    3: [(5, 2), (2, 1), (4, 2), (3, 3)],
    4: [(3, 4), (4, 3), (3, 3), (2, 4)],
    7: [(3, 4), (4, 5), (3, 4), None],
}
# Dots per participant by use case index (budget 5, at most 3 on one).
VOTES: list[dict[int, int]] = [{0: 3, 1: 2}, {1: 2, 4: 1, 5: 2}, {0: 2, 7: 2, 2: 1}, {3: 2, 1: 1, 0: 1}]


def seed_use_cases(workshop: Workshop, participants: list[Participant]) -> list[UseCase]:
    """~8 use cases with scores, votes, a shortlist, a rejected prohibited idea and a merged duplicate.

    Participants' rows are written directly, as if the session had happened; the facilitator's
    merge, rejection and shortlist go through the services, so the timeline shows them.
    """
    authors = [*participants, None]
    use_cases = [
        UseCase.objects.create(workshop=workshop, title=title, author=authors[i % len(authors)], **fields)
        for i, (title, fields) in enumerate(USE_CASES)
    ]
    criteria = list(Criterion.objects.filter(workshop=workshop))
    Score.objects.bulk_create(
        Score(
            participant=participant,
            use_case=use_cases[index],
            criterion=criterion,
            value=impact if criterion.axis == "impact" else feasibility,
        )
        for index, rows in SCORES.items()
        for participant, pair in zip(participants, rows, strict=False)
        if pair is not None
        for impact, feasibility in [pair]
        for criterion in criteria
    )
    cap = workshop.max_votes_per_use_case
    for participant, dots_by_index in zip(participants, VOTES, strict=False):
        for index, dots in dots_by_index.items():
            Vote.objects.create(participant=participant, use_case=use_cases[index], dots=min(dots, cap))

    # The facilitator's decisions go through the services, so the timeline records them.
    facilitator = workshop.facilitators.first()
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=facilitator))
    use_case_merge(access=access, use_case=use_cases[5], into=use_cases[4])
    use_case_set_status(access=access, use_case=use_cases[6], status=Status.REJECTED)
    for index in (0, 1, 7):
        use_case_set_status(access=access, use_case=use_cases[index], status=Status.SHORTLISTED)
    return use_cases
