"""Who may call what: the one table the authorisation matrix test checks every route against.

Each URL name of the URL conf has a `Rule`: for each HTTP method it accepts,
the outcome expected for each of the seven actors, and (for writes) a body
that an allowed actor could really send, so that the permission check is
reached rather than a form error. Methods a rule does not list must answer
405 (the API: 401 to an anonymous caller first). A route with no rule here
fails `test_every_route_has_a_rule`: an app that adds routes adds their rules
in this file (the lead: reports/, compliance/, pocs/ ...).

The data the matrix runs on (see test_authorization_matrix.py): workshop A in
Collect ideas, results hidden, with a use case by participant A, a second
use case, a criterion and a succeeded summary; workshop B of another client,
with its facilitator and participant; a manager of A's client; a superuser.
A's use case has an ROI estimate and a POC with one check-in (started while it
was shortlisted); A's client does not let its managers record POC check-ins
and verdicts (the default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "participant_a",
    "participant_b",
    "facilitator_a",
    "facilitator_b",
    "manager_a",
    "superuser",
)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Outcomes. OK: the action was allowed (a 2xx, a redirect that is not to a login page, a 304, or
# the business answer 400/409); the others are the refusals the house rules name.
OK = "ok"
FORBIDDEN = "403"
HIDDEN = "404"
UNAUTHENTICATED = "401"
LOGIN = "login"
# A page of a workshop this browser is not in, for a visitor without an account: the join page, told which
# workshop (workshop/middleware.py), never a 404 that leaves a participant who lost their cookie stuck.
# The same answer whether the workshop exists or not: it still tells an outsider nothing.
JOIN = "join"
NOT_ALLOWED = "405"


def _by_role(**outcomes: str) -> dict[str, str]:
    assert set(outcomes) == set(ROLES), set(ROLES) ^ set(outcomes)
    return outcomes


# --- Audiences: who gets what, on pages ---------------------------------------------------------
EVERYONE = _by_role(**dict.fromkeys(ROLES, OK))
# A workshop's pages: its facilitators, participants and managers read; outsiders see nothing.
READ = _by_role(
    anonymous=JOIN,
    participant_a=OK,
    participant_b=JOIN,
    facilitator_a=OK,
    facilitator_b=HIDDEN,
    manager_a=OK,
    superuser=OK,
)
# Results hidden: participants are told no (a 403), staff read.
READ_RESULTS = {**READ, "participant_a": FORBIDDEN}
# Only the workshop's staff read (the summary is not succeeded-and-revealed for participants).
STAFF_READ = {**READ, "participant_a": HIDDEN}
FACILITATE = {**READ, "participant_a": FORBIDDEN, "manager_a": FORBIDDEN}
# Participants and facilitators write; a manager never does.
WRITE = {**READ, "manager_a": FORBIDDEN}
# Only participants act (scores, votes): facilitators do not score or vote.
TAKE_PART = {**READ, "facilitator_a": FORBIDDEN, "manager_a": FORBIDDEN, "superuser": FORBIDDEN}
# The workshop's staff only: facilitators and managers; its participants are told no (a 403).
STAFF_ONLY = {**READ, "participant_a": FORBIDDEN}
# Signed-in pages outside a workshop.
SIGNED_IN = _by_role(
    anonymous=LOGIN,
    participant_a=LOGIN,
    participant_b=LOGIN,
    facilitator_a=OK,
    facilitator_b=OK,
    manager_a=OK,
    superuser=OK,
)
FACILITATORS_ONLY = {**SIGNED_IN, "manager_a": FORBIDDEN}
# Client A's pages: its facilitator and manager read; another facilitator sees nothing.
CLIENT_READ = {**SIGNED_IN, "facilitator_b": HIDDEN}
CLIENT_MANAGE = {**CLIENT_READ, "manager_a": FORBIDDEN}
ADMIN = {**dict.fromkeys(ROLES, LOGIN), "superuser": OK}
PRESENTER = {
    **dict.fromkeys(ROLES, HIDDEN),
    "anonymous": JOIN,
    "participant_b": JOIN,
    "facilitator_a": OK,
    "superuser": OK,
}
GONE = dict.fromkeys(ROLES, "410")


def api(audience: dict[str, str]) -> dict[str, str]:
    """The same audience on the API: no session or token is a 401, and an outsider gets the 404, not the join page."""
    return {**{role: HIDDEN if got == JOIN else got for role, got in audience.items()}, "anonymous": UNAUTHENTICATED}


# Signed-in API routes outside a workshop: participants' tokens are not accounts (403).
API_SIGNED_IN = {**api(SIGNED_IN), "participant_a": FORBIDDEN, "participant_b": FORBIDDEN}
API_FACILITATORS_ONLY = {**API_SIGNED_IN, "manager_a": FORBIDDEN}
API_CLIENT_READ = {**API_SIGNED_IN, "facilitator_b": HIDDEN}
API_CLIENT_MANAGE = {**API_CLIENT_READ, "manager_a": FORBIDDEN}
# Any caller with a session, a user token or a participant token.
API_ANY_CALLER = api(EVERYONE)


@dataclass(frozen=True)
class Rule:
    """Expected outcome per method and role; `bodies` per method: a callable of the matrix's objects."""

    methods: dict[str, dict[str, str]]
    bodies: dict[str, Callable[[Any], dict[str, Any]]] = field(default_factory=dict)
    api: bool = False
    # What unlisted methods answer, per role: 405, unless authentication or a redirect to sign in
    # comes first (DRF checks who is calling before the method; the admin sends non-staff away).
    unlisted: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ROLES, NOT_ALLOWED))

    def expected(self, method: str, role: str) -> str:
        if method in self.methods:
            return self.methods[method][role]
        return self.unlisted[role]


def page(bodies: dict[str, Callable[[Any], dict[str, Any]]] | None = None, **methods: dict[str, str]) -> Rule:
    return Rule(methods=methods, bodies=bodies or {})


def api_rule(
    bodies: dict[str, Callable[[Any], dict[str, Any]]] | None = None,
    *,
    public: bool = False,
    users_only: bool = False,
    **methods: dict[str, str],
) -> Rule:
    """An API route. `public`: open to anonymous callers; `users_only`: a participant's token is a 403."""
    unlisted = dict.fromkeys(ROLES, NOT_ALLOWED)
    if not public:
        unlisted["anonymous"] = UNAUTHENTICATED
    if users_only:
        unlisted.update(participant_a=FORBIDDEN, participant_b=FORBIDDEN)
    return Rule(methods=methods, bodies=bodies or {}, api=True, unlisted=unlisted)


def admin_rule(*methods: str, superuser: str = OK, others: str = LOGIN) -> Rule:
    """An admin route: non-staff are sent to sign in whatever the method; `methods` are the superuser's."""
    listed = {**dict.fromkeys(ROLES, others), "superuser": superuser}
    return Rule(
        methods=dict.fromkeys(methods, listed), unlisted={**dict.fromkeys(ROLES, others), "superuser": NOT_ALLOWED}
    )


_JOIN = {"POST": lambda m: {"join_code": m.a.join_code, "display_name": "Matrix joiner"}}

# --- The table ---------------------------------------------------------------------------------
RULES: dict[str, Rule] = {
    # Project-wide
    "healthz": page(GET=EVERYONE, POST=EVERYONE, PUT=EVERYONE, PATCH=EVERYONE, DELETE=EVERYONE),
    "login": page(
        {"POST": lambda m: {"username": "nobody", "password": "wrong"}}, GET=EVERYONE, POST=EVERYONE, PUT=EVERYONE
    ),
    # Signing out sends everyone to the sign-in page.
    "logout": page(POST=dict.fromkeys(ROLES, LOGIN)),
    "set_language": page(GET=EVERYONE, POST=EVERYONE, PUT=EVERYONE, PATCH=EVERYONE, DELETE=EVERYONE),
    "schema": api_rule(public=True, GET=EVERYONE),
    "api-docs": page(GET=EVERYONE),
    # workshop pages
    "workshop:home": page(GET=EVERYONE),
    "workshop:dashboard": page(GET=SIGNED_IN),
    # A manager signed in is refused: managers read, they never take part.
    "workshop:join": page(_JOIN, GET=EVERYONE, POST={**EVERYONE, "manager_a": FORBIDDEN}),
    "workshop:join-code": page(_JOIN, GET=EVERYONE, POST={**EVERYONE, "manager_a": FORBIDDEN}),
    "workshop:client-create": page(
        {"POST": lambda m: {"name": "Matrix client"}}, GET=FACILITATORS_ONLY, POST=FACILITATORS_ONLY
    ),
    "workshop:client": page(GET=CLIENT_READ),
    "workshop:client-edit": page({"POST": lambda m: {"name": "Renamed"}}, GET=CLIENT_MANAGE, POST=CLIENT_MANAGE),
    "workshop:client-viewer-add": page({"POST": lambda m: {"username": m.outsider.username}}, POST=CLIENT_MANAGE),
    "workshop:client-viewer-remove": page(POST=CLIENT_MANAGE),
    # Whether the client's managers may record POC check-ins and verdicts: its facilitators decide.
    "workshop:client-poc-recording": page({"POST": lambda m: {"managers_record_pocs": "on"}}, POST=CLIENT_MANAGE),
    "workshop:workshop-create": page(
        {
            "POST": lambda m: {
                "client": m.a.client_id,
                "title": "New",
                "language": "en",
                "currency": "EUR",
                "votes_per_participant": 5,
                "max_votes_per_use_case": 3,
            }
        },
        GET=FACILITATORS_ONLY,
        POST=FACILITATORS_ONLY,
    ),
    "workshop:board": page(GET=READ),
    "workshop:workshop-edit": page(
        {
            "POST": lambda m: {
                "title": "Edited",
                "language": "en",
                "currency": "EUR",
                "votes_per_participant": 5,
                "max_votes_per_use_case": 3,
            }
        },
        GET=FACILITATE,
        POST=FACILITATE,
    ),
    "workshop:live": page(GET=READ),
    "workshop:join-screen": page(GET=FACILITATE),
    "workshop:phase": page({"POST": lambda m: {"direction": "next"}}, POST=FACILITATE),
    "workshop:timebox": page({"POST": lambda m: {"minutes": 5}}, POST=FACILITATE),
    # GET asks to confirm first; POST replaces the code.
    "workshop:regenerate-code": page(GET=FACILITATE, POST=FACILITATE),
    "workshop:reveal": page({"POST": lambda m: {"revealed": "1"}}, POST=FACILITATE),
    "workshop:participant-erase": page({"POST": lambda m: {"contributions": "keep"}}, GET=FACILITATE, POST=FACILITATE),
    "summaries:generate": page(POST=FACILITATE),
    "summaries:panel": page(GET=READ),
    "summaries:detail": page(GET=STAFF_READ),
    # usecases pages
    "usecases:board": page(GET=READ),
    "usecases:board-poll": page(GET=READ),
    "usecases:create": page({"POST": lambda m: {"title": "Matrix idea"}}, POST=WRITE),
    "usecases:criteria": page(
        {"POST": lambda m: {"new-name": "Matrix", "new-axis": "impact", "new-weight": 1}}, GET=READ, POST=FACILITATE
    ),
    "usecases:criterion-edit": page({"POST": lambda m: {"action": "down"}}, POST=FACILITATE),
    # Results hidden until the reveal: the one answer is 403 (Access.require_results).
    "reports:results": page(GET=READ_RESULTS),
    # The edit form is for its author and facilitators; a manager is told no even to look at it.
    "usecases:edit": page({"POST": lambda m: {"title": "Edited idea"}}, GET=WRITE, POST=WRITE),
    # GET asks to confirm first (a deletion cannot be undone); POST deletes.
    "usecases:delete": page(GET=WRITE, POST=WRITE),
    "usecases:status": page({"POST": lambda m: {"status": "shortlisted"}}, POST=FACILITATE),
    "usecases:duplicates": page(GET=FACILITATE),
    "usecases:spotlight": page({"POST": lambda m: {"use_case": m.use_case.pk}}, POST=FACILITATE),
    "usecases:close-ideas": page(GET=WRITE),
    "usecases:merge": page({"POST": lambda m: {"into": m.other_use_case.pk}}, GET=FACILITATE, POST=FACILITATE),
    "usecases:score": page({"POST": lambda m: {f"criterion-{m.criterion.pk}": 3}}, POST=TAKE_PART),
    "usecases:vote": page({"POST": lambda m: {"action": "add"}}, POST=TAKE_PART),
    # roi pages
    "roi:edit": page({"POST": lambda m: {"effort_days": "10"}}, GET=READ, POST=WRITE),
    "roi:preview": page({"POST": lambda m: {"effort_days": "10"}}, POST=WRITE),
    "reports:portfolio": page(GET=READ_RESULTS),
    "reports:workshop-plan": page(GET=READ_RESULTS),
    "reports:client-plan": page(GET=CLIENT_READ),
    # The room (issue 11). The projector screen: its facilitators only; anyone else sees no such page.
    "usecases:present": page(GET=PRESENTER),
    "usecases:present-live": page(GET=PRESENTER),
    "usecases:import": page({"POST": lambda m: {}}, GET=FACILITATE, POST=FACILITATE),
    "usecases:criteria-template": page({"POST": lambda m: {"template": "value_effort"}}, POST=FACILITATE),
    "workshop:people": page(GET=FACILITATE),
    "workshop:participant-remove": page(GET=FACILITATE, POST=FACILITATE),
    "workshop:participant-rejoin-link": page(POST=FACILITATE),
    # A rejoin link is its own key: an unknown or used one is gone (410) for everyone.
    "workshop:rejoin": page(GET=GONE, POST=GONE),
    # The pre-assessment: the author (in Collect ideas) and the facilitators write; managers read.
    "compliance:assessment": page({"POST": lambda m: {"is_ai_system": "yes"}}, GET=READ, POST=WRITE),
    # Re-confirming under the law in force is the facilitators' decision; the client's law changes are its staff's.
    "compliance:reconfirm": page(POST=FACILITATE),
    "compliance:client-law-changes": page(GET=CLIENT_READ),
    # POCs: the workshop's facilitators write; managers read everything (they record check-ins and
    # verdicts only where the client lets them, which A's client does not); a participant reads a
    # POC's status (the list and the POC page show it, nothing else); outsiders see nothing.
    "pocs:workshop": page(GET=READ),
    "pocs:detail": page(GET=READ),
    "pocs:backlog-csv": page(GET=STAFF_ONLY),
    "pocs:backlog-md": page(GET=STAFF_ONLY),
    "pocs:start": page(
        {
            "POST": lambda m: {
                "owner": "Ines",
                "started_on": "2026-01-05",
                "planned_end_on": "2026-04-05",
                "metric_direction": "higher",
            }
        },
        GET=FACILITATE,
        POST=FACILITATE,
    ),
    "pocs:check-in": page(
        {"POST": lambda m: {"date": "2026-03-05", "period_months": 1, "hours_saved": "40"}}, POST=FACILITATE
    ),
    "pocs:verdict": page({"POST": lambda m: {"verdict": "extend", "reason": "One more sprint."}}, POST=FACILITATE),
    "pocs:dod-item": page({"POST": lambda m: {"state": "done", "note": "Checked."}}, POST=FACILITATE),
    "pocs:metric-add": page(
        {"POST": lambda m: {"name": "Routing accuracy", "unit": "%", "target": "90", "direction": "higher"}},
        POST=FACILITATE,
    ),
    "pocs:metric-target": page({"POST": lambda m: {"target": "4"}}, POST=FACILITATE),
    "pocs:client-portfolio": page(GET=CLIENT_READ),
    # API: joining and tokens
    "api:api-root": api_rule(GET=API_ANY_CALLER),
    "api:join": api_rule(
        {"POST": lambda m: {"join_code": m.a.join_code, "display_name": "Matrix joiner"}},
        public=True,
        POST={**EVERYONE, "manager_a": FORBIDDEN},
    ),
    "api:token": api_rule({"POST": lambda m: {"username": "nobody", "password": "wrong"}}, public=True, POST=EVERYONE),
    # API: clients
    "api:client-list": api_rule(
        {"POST": lambda m: {"name": "Matrix client"}}, users_only=True, GET=API_SIGNED_IN, POST=API_FACILITATORS_ONLY
    ),
    "api:client-detail": api_rule(
        {"PATCH": lambda m: {"name": "Renamed"}, "PUT": lambda m: {"name": "Renamed", "llm_allowed": True}},
        users_only=True,
        GET=API_CLIENT_READ,
        PUT=API_CLIENT_MANAGE,
        PATCH=API_CLIENT_MANAGE,
    ),
    "api:client-viewers": api_rule(
        {"POST": lambda m: {"username": m.outsider.username}},
        users_only=True,
        GET=API_CLIENT_MANAGE,
        POST=API_CLIENT_MANAGE,
    ),
    "api:client-remove-viewer": api_rule(users_only=True, DELETE=API_CLIENT_MANAGE),
    # API: workshops
    "api:workshop-list": api_rule(
        {"POST": lambda m: {"client": m.a.client_id, "title": "From the API"}},
        GET=API_ANY_CALLER,
        POST={**api(FACILITATORS_ONLY), "participant_a": FORBIDDEN, "participant_b": FORBIDDEN},
    ),
    "api:workshop-detail": api_rule({"PATCH": lambda m: {"title": "Patched"}}, GET=api(READ), PATCH=api(FACILITATE)),
    "api:workshop-phase": api_rule({"POST": lambda m: {"phase": "score"}}, POST=api(FACILITATE)),
    "api:workshop-timebox": api_rule({"POST": lambda m: {"seconds": 30}}, POST=api(FACILITATE)),
    "api:workshop-regenerate-code": api_rule(POST=api(FACILITATE)),
    "api:workshop-reveal": api_rule({"POST": lambda m: {"revealed": True}}, POST=api(FACILITATE)),
    "api:workshop-summaries": api_rule(GET=api(READ), POST=api(FACILITATE)),
    "api:summary-detail": api_rule(GET=api(STAFF_READ)),
    "api:participant-erase": api_rule({"POST": lambda m: {"keep_contributions": True}}, POST=api(FACILITATE)),
    "api:participants": api_rule(GET=api(READ)),
    # API: criteria, use cases, scores, votes
    "api:criteria": api_rule(
        {"POST": lambda m: {"name": "Matrix", "axis": "impact"}}, GET=api(READ), POST=api(FACILITATE)
    ),
    "api:criterion": api_rule(
        {"PATCH": lambda m: {"weight": 2}, "PUT": lambda m: {"name": "Put", "axis": "impact", "weight": 2}},
        GET=api(READ),
        PUT=api(FACILITATE),
        PATCH=api(FACILITATE),
        DELETE=api(FACILITATE),
    ),
    "api:use-cases": api_rule({"POST": lambda m: {"title": "API idea"}}, GET=api(READ), POST=api(WRITE)),
    "api:use-case": api_rule(
        {"PATCH": lambda m: {"problem": "Patched"}, "PUT": lambda m: {"title": "Put idea"}},
        GET=api(READ),
        PUT=api(WRITE),
        PATCH=api(WRITE),
        DELETE=api(WRITE),
    ),
    "api:workshop-duplicates": api_rule(GET=api(FACILITATE)),
    "api:workshop-spotlight": api_rule({"POST": lambda m: {"use_case": m.use_case.pk}}, POST=api(FACILITATE)),
    "api:use-case-merge": api_rule({"POST": lambda m: {"into": m.other_use_case.pk}}, POST=api(FACILITATE)),
    "api:use-case-scores": api_rule(
        {"PUT": lambda m: {"scores": {str(m.criterion.pk): 3}}}, GET=api(READ), PUT=api(TAKE_PART)
    ),
    "api:use-case-vote": api_rule({"POST": lambda m: {"dots": 1}}, POST=api(TAKE_PART)),
    "api:ranking": api_rule(GET=api(READ_RESULTS)),
    # API: ROI and plans
    "api:roi-estimate": api_rule({"PUT": lambda m: {"effort_days": "10"}}, GET=api(READ), PUT=api(WRITE)),
    "api:workshop-portfolio": api_rule(GET=api(READ_RESULTS)),
    "api:workshop-participant": api_rule(DELETE=api(FACILITATE)),
    "api:workshop-participant-rejoin-link": api_rule(POST=api(FACILITATE)),
    "api:criteria-template": api_rule({"POST": lambda m: {"template": "value_effort"}}, POST=api(FACILITATE)),
    "api:use-case-assessment": api_rule(
        {"PUT": lambda m: {"answers": {"is_ai_system": "yes"}}}, GET=api(READ), PUT=api(WRITE)
    ),
    "api:assessment-questions": api_rule(GET=API_ANY_CALLER),
    "api:use-case-assessment-changes": api_rule(GET=api(READ)),
    "api:client-law-changes": api_rule(GET={**api(CLIENT_READ), "participant_a": HIDDEN, "participant_b": HIDDEN}),
    "api:workshop-plan": api_rule(GET=api(READ_RESULTS)),
    "api:client-plan": api_rule(GET={**api(CLIENT_READ), "participant_a": FORBIDDEN, "participant_b": FORBIDDEN}),
    # API: POCs, as their pages (participants get a POC's status and nothing more)
    "api:use-case-poc": api_rule(
        {"POST": lambda m: {"owner": "Ines", "started_on": "2026-01-05", "planned_end_on": "2026-04-05"}},
        GET=api(READ),
        POST=api(FACILITATE),
    ),
    "api:poc-detail": api_rule(GET=api(READ)),
    "api:poc-check-ins": api_rule(
        {"POST": lambda m: {"date": "2026-03-05", "hours_saved": "40"}}, GET=api(STAFF_ONLY), POST=api(FACILITATE)
    ),
    "api:poc-verdict": api_rule(
        {"POST": lambda m: {"verdict": "extend", "reason": "One more sprint."}}, POST=api(FACILITATE)
    ),
    "api:poc-dod-item": api_rule({"PATCH": lambda m: {"state": "done", "note": "Checked."}}, PATCH=api(FACILITATE)),
    "api:poc-metrics": api_rule(
        {"POST": lambda m: {"name": "Routing accuracy", "unit": "%", "target": "90", "direction": "higher"}},
        POST=api(FACILITATE),
    ),
    "api:poc-metric": api_rule({"PATCH": lambda m: {"target": "4"}}, PATCH=api(FACILITATE)),
    "api:client-pocs": api_rule(GET={**api(CLIENT_READ), "participant_a": FORBIDDEN, "participant_b": FORBIDDEN}),
    "api:workshop-backlog-csv": api_rule(GET=api(STAFF_ONLY)),
    "api:workshop-backlog-md": api_rule(GET=api(STAFF_ONLY)),
}

# Django's admin: staff only (the superuser reads and acts; everyone else is sent to sign in).
# Its model pages take every method; the few others are listed.
ADMIN_PREFIX = "admin:"
ADMIN_RULE = admin_rule(*METHODS)
RULES.update(
    {
        "admin:login": page(GET=EVERYONE, POST=EVERYONE, PUT=EVERYONE),
        # Signing out of the admin: POST for the signed-in staff; a page saying so for everyone else.
        "admin:logout": Rule(
            methods={"POST": {**dict.fromkeys(ROLES, OK), "superuser": LOGIN}},
            unlisted={**dict.fromkeys(ROLES, OK), "superuser": NOT_ALLOWED},
        ),
        "admin:password_change": admin_rule("GET", "POST", "PUT"),
        "admin:password_change_done": admin_rule("GET"),
        "admin:jsi18n": admin_rule("GET"),
        # Without its query parameters the autocomplete view refuses even the superuser.
        "admin:autocomplete": admin_rule("GET", superuser=FORBIDDEN),
        # The timeline is written by the services only: not even the superuser adds an event by hand.
        "admin:workshop_event_add": admin_rule(*METHODS, superuser=FORBIDDEN),
        "admin:workshop_rejoinlink_add": admin_rule(*METHODS, superuser=FORBIDDEN),
    }
)


def rule_for(name: str) -> Rule | None:
    if name in RULES:
        return RULES[name]
    if name.startswith(ADMIN_PREFIX):
        return ADMIN_RULE
    return None
