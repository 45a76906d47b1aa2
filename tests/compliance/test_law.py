"""The editions of the AI Act (compliance/law.py) as the rules read them: every path, under both editions.

Pure: no database. `law.AI_ACT_2024` is Regulation (EU) 2024/1689 as published (in force 1 August 2024);
`law.AI_ACT_2026` is that text as amended by Regulation (EU) 2026/1744, the Digital Omnibus on AI (in
force 27 July 2026). Each case names its edition; none depends on the day the tests run, except those
about today, which compute what today should read.

The words quoted from Regulation (EU) 2024/1689 are those of the Official Journal text. The amending act
was read from secondary sources only (see `law.AI_ACT_2026.sources` and `.unconfirmed`): its words are
not quoted, its dates and articles are asserted as compliance/law.py records them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from compliance import law, rules
from compliance.questions import BY_CODE, CONDITIONS, PRACTICES, options_for

E24, E26 = law.AI_ACT_2024, law.AI_ACT_2026
OMNIBUS = "Regulation (EU) 2026/1744"
AMENDED_113 = "Art. 113, as amended by Regulation (EU) 2026/1744"
FEB_2025, AUG_2026, DEC_2026 = date(2025, 2, 2), date(2026, 8, 2), date(2026, 12, 2)
AUG_2027, DEC_2027, AUG_2028 = date(2027, 8, 2), date(2027, 12, 2), date(2028, 8, 2)

# --- The dates of each edition, with the article that sets them ------------------------------------
#
# Art. 113 of Regulation (EU) 2024/1689, as published:
#   "This Regulation shall enter into force on the twentieth day following that of its publication in
#    the Official Journal of the European Union. It shall apply from 2 August 2026. However:
#    (a) Chapters I and II shall apply from 2 February 2025;
#    (b) Chapter III Section 4, Chapter V, Chapter VII and Chapter XII and Article 78 shall apply from
#        2 August 2025, with the exception of Article 101;
#    (c) Article 6(1) and the corresponding obligations in this Regulation shall apply from 2 August 2027."
# Chapters I and II are Art. 1-5: AI literacy (Art. 4) and the prohibited practices (Art. 5) apply from
# 2 February 2025 (point (a)). Annex III high risk (Art. 6(2)) and Art. 50 fall under the general date,
# 2 August 2026 (second sentence). Annex I high risk (Art. 6(1)) applies from 2 August 2027 (point (c)).
#
# Regulation (EU) 2026/1744 amends Art. 113: Annex III high risk from 2 December 2027, Annex I high risk
# from 2 August 2028, the new Art. 5 practice (intimate imagery) from 2 December 2026; Art. 5 otherwise
# and Art. 50 keep their dates (2 February 2025, 2 August 2026).
PROHIBITIONS = {E24.code: (FEB_2025, "Art. 113(a)"), E26.code: (FEB_2025, "Art. 113(a)")}
GENERAL = {E24.code: (AUG_2026, "Art. 113"), E26.code: (AUG_2026, "Art. 113")}
ANNEX_III = {E24.code: (AUG_2026, "Art. 113"), E26.code: (DEC_2027, AMENDED_113)}
ANNEX_I = {E24.code: (AUG_2027, "Art. 113(c)"), E26.code: (AUG_2028, AMENDED_113)}
INTIMATE_IMAGERY = (DEC_2026, AMENDED_113)
BIAS_DETECTION = (date(2026, 7, 27), "Art. 4a, inserted by Regulation (EU) 2026/1744")

# Art. 4, as published: "Providers and deployers of AI systems shall take measures to ensure, to their
# best extent, a sufficient level of AI literacy of their staff and other persons dealing with the
# operation and use of AI systems on their behalf [...]". The 2026 amendment turns it into measures that
# support AI literacy.
AI_LITERACY = {
    E24.code: "Ensure a sufficient level of AI literacy of the staff who operate or use it.",
    E26.code: "Take measures to support the AI literacy of the staff and others who operate or use it on your behalf.",
}

BASE = {  # an AI system, deployed, nothing special, no personal data: minimal risk
    "is_ai_system": "yes",
    "role": "deployer",
    "excluded_purpose": "none",
    "prohibited_practice": "none",
    "annex_i_safety_component": "no",
    "annex_iii_area": "none",
    "interacts_with_people": "no",
    "generates_content": "no",
    "emotion_or_biometric_categorisation": "no",
    "deepfake": "no",
    "public_interest_text": "no",
    "personal_data": "no",
}
GDPR_BASE = {
    "personal_data": "yes",
    "special_category": "no",
    "automated_decision": "no",
    "significant_decisions": "no",
    "systematic_evaluation": "no",
    "large_scale_sensitive": "no",
    "public_monitoring": "no",
    "evaluation_scoring": "no",
    "systematic_monitoring": "no",
    "highly_personal": "no",
    "large_scale": "no",
    "matching_datasets": "no",
    "vulnerable_subjects": "no",
    "innovative_technology": "no",
    "prevents_right": "no",
    "data_location": "eu_cloud",
    "model_location": "on_premises",
}
# An organisation established in the EU, not a public authority, not using it on its own workers (issue 21).
EU_PRIVATE = {"non_eu_provider": "no", "public_authority": "no", "employer": "no"}
RECRUITMENT = {
    "annex_iii_area": "employment",
    "annex_iii_use": "employment_recruitment",
    "art6_3_condition": "none",
    **EU_PRIVATE,
}
CREDIT = {
    "annex_iii_area": "essential_services",
    "annex_iii_use": "credit_scoring",
    "art6_3_condition": "none",
    **EU_PRIVATE,
}
NO_ROLE_CHANGE = {"own_brand": "no", "substantial_modification": "no", "purpose_changed_to_high_risk": "no"}
DEPLOYED = {**NO_ROLE_CHANGE, "public_service": "no"}  # a private deployer, as is
# A private employer deploying a vendor's CV-ranking tool: Annex III 4(a), with personal data.
CV_RANKING = {**BASE, **RECRUITMENT, **DEPLOYED, **GDPR_BASE}
# A customer-service chatbot: limited risk through Art. 50(1).
CHATBOT = {**BASE, **NO_ROLE_CHANGE, **EU_PRIVATE, "interacts_with_people": "yes"}

HIGH_RISK_PROVIDER = [  # catalogue order, with their articles (Art. 9-22, 43, 47-49, 72-73; issue 21 added 16-21, 73)
    ("risk_management", "Art. 9"),
    ("data_governance", "Art. 10"),
    ("technical_documentation", "Art. 11"),
    ("record_keeping", "Art. 12"),
    ("instructions_for_use", "Art. 13"),
    ("human_oversight", "Art. 14"),
    ("accuracy_robustness", "Art. 15"),
    ("provider_identification", "Art. 16(b)"),
    ("accessibility", "Art. 16(l)"),
    ("quality_management", "Art. 17"),
    ("keep_documentation", "Art. 18"),
    ("keep_logs", "Art. 19"),
    ("corrective_actions", "Art. 20"),
    ("demonstrate_conformity", "Art. 21"),
    ("conformity_assessment", "Art. 43"),
    ("declaration_of_conformity", "Art. 47"),
    ("ce_marking", "Art. 48"),
    ("registration", "Art. 49(1)"),
    ("post_market_monitoring", "Art. 72"),
    ("serious_incidents", "Art. 73"),
]
PROVIDER_DUTIES = [code for code, _article in HIGH_RISK_PROVIDER]
# Art. 49(1) registers Annex III systems only ("listed in Annex III"): not an Annex I product.
ANNEX_I_PROVIDER = [code for code in PROVIDER_DUTIES if code != "registration"]
SPLIT = PROVIDER_DUTIES.index("conformity_assessment")  # the deployer's Art. 26 and 27 come before Art. 43
# The deployer of an Annex III system (other than point 2): Art. 26, 26(11), and Art. 86 after the provider's.
ANNEX_III_DEPLOYER = ["deployer_duties", "inform_affected_persons"]
ART_86 = ["explain_decisions"]

EDITIONS = pytest.mark.parametrize("edition", [E24, E26], ids=["2024", "2026"])


def answers(base: dict[str, str] | None = None, **changes: str | None) -> dict[str, str]:
    """`base` (BASE by default) with `changes` (None removes an answer)."""
    merged = {**(BASE if base is None else base), **changes}
    return {code: value for code, value in merged.items() if value is not None}


def codes(outcome: rules.Outcome) -> list[str]:
    return [o.code for o in outcome.obligations]


def when(outcome: rules.Outcome, code: str) -> tuple[date, str]:
    """(the date an obligation applies from, the article that sets it)."""
    obligation = next(o for o in outcome.obligations if o.code == code)
    return obligation.applies_from, obligation.date_article


def dated(outcome: rules.Outcome) -> list[tuple[str, str, date, str]]:
    return [(o.code, o.article, o.applies_from, o.date_article) for o in outcome.obligations]


def assumed(outcome: rules.Outcome) -> list[str]:
    return [a.code for a in outcome.assumptions]


def literacy(edition: law.Edition) -> tuple[str, str, date, str]:
    return ("ai_literacy", "Art. 4", *PROHIBITIONS[edition.code])


class _Today(date):
    """A `date` whose today() is set by the test: what the rules read when no day is given."""

    day = date(2000, 1, 1)

    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return cls.day


@pytest.fixture
def today(monkeypatch):
    """Sets the day the rules take for today: `today(date(...))`."""

    def set_day(day: date) -> None:
        monkeypatch.setattr(_Today, "day", day)
        monkeypatch.setattr(rules, "date", _Today)

    return set_day


# --- The editions, and the one in force on a day ------------------------------------------------


def test_the_editions_are_the_2024_text_then_its_2026_amendment_in_order():
    assert law.EDITIONS == (E24, E26)
    assert (E24.code, E26.code) == ("2024/1689", "2024/1689+2026/1744")
    assert (E24.published, E24.in_force) == (date(2024, 7, 12), date(2024, 8, 1))
    assert (E26.published, E26.in_force) == (date(2026, 7, 24), date(2026, 7, 27))
    assert (E24.amended_by, E26.amended_by) == ("", OMNIBUS)
    assert [e.in_force for e in law.EDITIONS] == sorted(e.in_force for e in law.EDITIONS)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 7, 12), E24),  # published, not yet in force: the first text is all there is
        (date(2024, 7, 31), E24),  # the day before Art. 113 puts it in force
        (date(2024, 8, 1), E24),  # "the twentieth day following that of its publication"
        (date(2026, 7, 26), E24),  # the day before the amendment enters into force
        (date(2026, 7, 27), E26),  # the third day after its publication, 24 July 2026
        (date(2030, 1, 1), E26),
    ],
    ids=str,
)
def test_edition_on_each_boundary(day, expected):
    assert law.edition_on(day) is expected
    assert rules.assess(BASE, as_of=day).edition is expected


def test_edition_on_today_and_the_default_of_assess():
    expected = E26 if date.today() >= date(2026, 7, 27) else E24

    assert law.edition_on(date.today()) is expected
    assert rules.assess(BASE).edition is expected


@pytest.mark.parametrize(
    ("day", "expected", "deployer_duties"),
    [
        (date(2025, 1, 1), E24, (AUG_2026, "Art. 113")),
        (date(2026, 7, 26), E24, (AUG_2026, "Art. 113")),
        (date(2026, 7, 27), E26, (DEC_2027, AMENDED_113)),
        (date(2030, 1, 1), E26, (DEC_2027, AMENDED_113)),
    ],
    ids=str,
)
def test_without_a_day_assess_reads_the_edition_in_force_today(today, day, expected, deployer_duties):
    today(day)
    outcome = rules.assess(CV_RANKING)

    assert outcome.edition is expected
    assert when(outcome, "deployer_duties") == deployer_duties


@pytest.mark.parametrize("day", [date(2025, 1, 1), date(2026, 7, 27), date(2030, 1, 1)], ids=str)
def test_an_assessment_made_under_the_2024_edition_keeps_its_2024_outcome_whatever_today_is(today, day):
    today(day)
    outcome = rules.assess(CV_RANKING, edition=E24)

    assert outcome.edition is E24
    assert outcome == rules.assess(CV_RANKING, as_of=date(2026, 7, 26))
    assert dated(outcome) == [
        literacy(E24),
        ("deployer_duties", "Art. 26", AUG_2026, "Art. 113"),
        ("inform_affected_persons", "Art. 26(11)", AUG_2026, "Art. 113"),
        ("explain_decisions", "Art. 86", AUG_2026, "Art. 113"),
    ]
    assert outcome.obligations[0].text == AI_LITERACY[E24.code]


def test_an_edition_read_by_its_code_and_an_unknown_code_reads_as_the_latest():
    assert law.edition("2024/1689") is E24
    assert law.edition("2024/1689+2026/1744") is E26
    assert law.edition("2024/1689+2031/1") is law.EDITIONS[-1]


@pytest.mark.parametrize(
    ("edition", "since", "has"),
    [(E24, "", True), (E24, E26.code, False), (E26, "", True), (E26, E24.code, True), (E26, E26.code, True)],
)
def test_a_question_or_option_belongs_to_the_editions_from_its_own_on(edition, since, has):
    assert law.has(edition, since) is has


@EDITIONS
def test_each_edition_dates_every_part_of_the_act_and_its_notes_and_wording_refer_to_what_exists(edition):
    assert {law.PROHIBITIONS, law.GPAI, law.GENERAL, law.ANNEX_III, law.ANNEX_I} <= set(edition.applies_from)
    # Art. 113(b): general-purpose AI models (Chapter V) from 2 August 2025, in both editions.
    assert edition.applies(law.GPAI) == law.When(date(2025, 8, 2), "Art. 113(b)")
    assert {note.when for note in edition.notes.values()} <= set(edition.applies_from)
    assert set(edition.notes) | set(edition.wording) <= set(rules.OBLIGATIONS)
    known = {e.code for e in law.EDITIONS} | {""}
    for question in BY_CODE.values():
        assert question.since in known
        assert {o.since for o in question.options} <= known


def test_the_2026_edition_marks_the_grace_of_art_50_2_as_unconfirmed():
    # The sources agree on 2 December 2026; none we read names the article that carries it.
    assert E26.applies(law.ART_50_2_PLACED_BEFORE) == law.When(DEC_2026, OMNIBUS, confirmed=False)
    assert E26.unconfirmed
    assert not E24.unconfirmed


# --- Out of scope -----------------------------------------------------------------------------------


@EDITIONS
@pytest.mark.parametrize(
    ("changes", "article"),
    [
        ({"is_ai_system": "no"}, "Art. 3(1)"),  # not an AI system: the Act does not apply
        ({"excluded_purpose": "military_defence"}, "Art. 2(3)"),
        ({"excluded_purpose": "research_only"}, "Art. 2(6)"),
        ({"excluded_purpose": "personal_use"}, "Art. 2(10)"),
    ],
    ids=["not-ai", "military", "research", "personal"],
)
def test_out_of_scope_has_no_obligation_under_either_edition(edition, changes, article):
    # Special categories processed: the AI Act's Art. 4a question still stays out of an out-of-scope system.
    outcome = rules.assess(answers(CV_RANKING, **changes, special_category="yes"), edition=edition)

    assert outcome.edition is edition
    assert outcome.tier == "out_of_scope"
    assert outcome.articles == (article,)
    assert outcome.obligations == ()
    assert outcome.roles == ()
    assert not outcome.fria_required
    assert "bias_detection" not in outcome.visible
    assert outcome.gdpr_articles == ("GDPR Art. 9",)  # the GDPR still applies


# --- Prohibited (Art. 5) -------------------------------------------------------------------------------
#
# Art. 5(1): "The following AI practices shall be prohibited: [...]"; Chapter II, so from 2 February 2025
# (Art. 113(a)). The 2026 amendment adds the practice of intimate imagery, prohibited from 2 December 2026.

PRACTICES_2024 = [p for p in PRACTICES if p != "intimate_imagery"]


@EDITIONS
@pytest.mark.parametrize("practice", PRACTICES_2024)
def test_each_practice_of_the_2024_text_is_prohibited_from_february_2025_under_both_editions(edition, practice):
    # Even a high-risk purpose does not soften a prohibited practice.
    outcome = rules.assess(answers(prohibited_practice=practice, **CREDIT), edition=edition)

    assert outcome.tier == "prohibited"
    assert outcome.articles == (BY_CODE["prohibited_practice"].option(practice).article,)
    assert dated(outcome) == [literacy(edition), ("stop_prohibited", "Art. 5", FEB_2025, "Art. 113(a)")]
    assert not outcome.fria_required
    assert not outcome.needs_legal_review


def test_the_practices_are_those_of_art_5_1_a_to_h_and_the_2026_one_is_point_i():
    articles = {p: BY_CODE["prohibited_practice"].option(p).article for p in PRACTICES}

    assert [articles[p] for p in PRACTICES_2024] == [f"Art. 5(1)({letter})" for letter in "abcdefgh"]
    assert articles["intimate_imagery"] == "Art. 5(1)(i)"


def test_intimate_imagery_is_prohibited_under_the_2026_edition_from_december_2026():
    outcome = rules.assess(answers(prohibited_practice="intimate_imagery"), edition=E26)

    assert outcome.tier == "prohibited"
    assert outcome.articles == ("Art. 5(1)(i)",)
    assert dated(outcome) == [literacy(E26), ("stop_prohibited", "Art. 5", *INTIMATE_IMAGERY)]
    assert not outcome.needs_legal_review


@pytest.mark.parametrize(("edition", "offered"), [(E24, False), (E26, True)], ids=["2024", "2026"])
def test_intimate_imagery_is_an_option_of_the_2026_edition_only(edition, offered):
    options = {o.code for o in options_for("prohibited_practice", {}, edition)}
    errors = rules.validate(answers(prohibited_practice="intimate_imagery"), edition=edition)

    assert ("intimate_imagery" in options) is offered
    assert errors == ({} if offered else {"prohibited_practice": rules.ERROR_NOT_AN_OPTION})


def test_intimate_imagery_sent_under_the_2024_edition_counts_as_unknown_so_prohibited_until_the_review():
    outcome = rules.assess(answers(prohibited_practice="intimate_imagery"), edition=E24)

    assert outcome.tier == "prohibited"
    assert outcome.articles == ("Art. 5(1)",)
    assert dated(outcome) == [literacy(E24), ("stop_prohibited", "Art. 5", FEB_2025, "Art. 113(a)")]
    assert assumed(outcome) == ["prohibited_practice"]


@pytest.mark.parametrize(("day", "valid"), [(date(2026, 7, 26), False), (date(2026, 7, 27), True)], ids=str)
def test_validate_on_a_day_accepts_intimate_imagery_from_the_amendments_entry_into_force(day, valid):
    errors = rules.validate(answers(prohibited_practice="intimate_imagery"), as_of=day)

    assert (errors == {}) is valid


@EDITIONS
def test_an_unknown_practice_is_prohibited_until_the_review_under_both_editions(edition):
    outcome = rules.assess(answers(prohibited_practice="unknown", **CREDIT, **NO_ROLE_CHANGE), edition=edition)

    assert outcome.tier == "prohibited"
    assert outcome.articles == ("Art. 5(1)",)
    assert when(outcome, "stop_prohibited") == PROHIBITIONS[edition.code]
    assert assumed(outcome) == ["prohibited_practice"]


# --- High risk through Annex III (Art. 6(2)) -------------------------------------------------------------
#
# Art. 6(2): "In addition to the high-risk AI systems referred to in paragraph 1, AI systems referred to
# in Annex III shall be considered to be high-risk." Under the 2024 text their obligations apply from the
# general date, 2 August 2026 (Art. 113); under the 2026 edition from 2 December 2027.


@EDITIONS
@pytest.mark.parametrize(
    ("role", "roles", "duties", "assumptions"),
    [
        ("deployer", ("deployer",), [*ANNEX_III_DEPLOYER, *ART_86], []),
        ("provider", ("provider",), PROVIDER_DUTIES, []),
        (
            "unknown",
            ("provider", "deployer"),
            [*PROVIDER_DUTIES[:SPLIT], *ANNEX_III_DEPLOYER, *PROVIDER_DUTIES[SPLIT:], *ART_86],
            ["role"],
        ),
        (  # issue 21: Art. 3(3) and 3(4), an organisation that builds it and uses it itself is both
            "both",
            ("provider", "deployer"),
            [*PROVIDER_DUTIES[:SPLIT], *ANNEX_III_DEPLOYER, *PROVIDER_DUTIES[SPLIT:], *ART_86],
            [],
        ),
    ],
    ids=["deployer", "provider", "unknown-role", "both"],
)
def test_annex_iii_recruitment_is_high_risk_with_the_duties_of_the_role_from_the_editions_date(
    edition, role, roles, duties, assumptions
):
    outcome = rules.assess(answers(**RECRUITMENT, **DEPLOYED, role=role), edition=edition)

    assert outcome.tier == "high"
    assert outcome.articles == ("Art. 6(2)", "Annex III 4(a)")
    assert outcome.roles == roles
    assert codes(outcome) == ["ai_literacy", *duties]
    assert dated(outcome)[0] == literacy(edition)
    assert {when(outcome, code) for code in duties} == {ANNEX_III[edition.code]}
    assert not outcome.fria_required
    assert assumed(outcome) == assumptions


@EDITIONS
def test_the_deployers_and_providers_high_risk_duties_cite_their_articles(edition):
    as_provider = rules.assess(answers(**RECRUITMENT, role="provider"), edition=edition)
    as_deployer = rules.assess(answers(**RECRUITMENT, **DEPLOYED), edition=edition)

    assert [(o.code, o.article) for o in as_provider.obligations[1:]] == HIGH_RISK_PROVIDER
    assert [(o.code, o.article) for o in as_deployer.obligations[1:]] == [
        ("deployer_duties", "Art. 26"),
        ("inform_affected_persons", "Art. 26(11)"),
        ("explain_decisions", "Art. 86"),
    ]


# Art. 27(1): "Prior to deploying a high-risk AI system referred to in Article 6(2), with the exception of
# high-risk AI systems intended to be used in the area listed in point 2 of Annex III, deployers that are
# bodies governed by public law, or are private entities providing public services, and deployers of
# high-risk AI systems referred to in points 5 (b) and (c) of Annex III, shall perform an assessment of
# the impact on fundamental rights that the use of such system may produce."
@EDITIONS
@pytest.mark.parametrize(
    ("extra", "fria", "assumptions"),
    [
        (CREDIT, True, []),  # Annex III 5(b): always
        ({**CREDIT, "annex_iii_use": "life_health_insurance"}, True, []),  # 5(c): always
        ({**RECRUITMENT, "public_service": "yes"}, True, []),  # a public body or a public service
        ({**RECRUITMENT, "public_service": "no"}, False, []),
        ({**RECRUITMENT, "public_service": "unknown"}, True, ["public_service"]),
        ({**CREDIT, "annex_iii_use": "emergency_triage", "public_service": "no"}, False, []),
        (
            {"annex_iii_area": "critical_infrastructure", "annex_iii_use": "critical_infrastructure_safety"}
            | {"art6_3_condition": "none", "public_service": "yes"},
            False,
            [],
        ),  # point 2 of Annex III: never
        ({"annex_iii_area": "unknown", "art6_3_condition": "none", "public_service": "no"}, True, ["annex_iii_area"]),
        (
            {"annex_i_safety_component": "yes", "annex_i_section": "section_a", "public_service": "yes"},
            False,
            [],
        ),  # Art. 6(1): not Art. 27
    ],
    ids=[
        "credit-5b",
        "insurance-5c",
        "public-body",
        "private",
        "public-unknown",
        "private-triage",
        "critical-infrastructure",
        "area-unknown",
        "annex-i",
    ],
)
def test_the_fundamental_rights_impact_assessment_and_its_date(edition, extra, fria, assumptions):
    outcome = rules.assess(answers(**{**NO_ROLE_CHANGE, **EU_PRIVATE, **extra}), edition=edition)

    assert outcome.tier == "high"
    assert outcome.fria_required is fria
    assert ("fria" in codes(outcome)) is fria
    if fria:
        assert dated(outcome)[-4:] == [
            ("deployer_duties", "Art. 26", *ANNEX_III[edition.code]),
            ("inform_affected_persons", "Art. 26(11)", *ANNEX_III[edition.code]),
            ("fria", "Art. 27", *ANNEX_III[edition.code]),
            ("explain_decisions", "Art. 86", *ANNEX_III[edition.code]),
        ]
    assert assumed(outcome) == assumptions


@EDITIONS
def test_a_deployer_who_becomes_the_provider_carries_both_from_the_annex_iii_date(edition):
    outcome = rules.assess(answers(**CREDIT, **{**NO_ROLE_CHANGE, "own_brand": "yes"}), edition=edition)

    assert outcome.roles == ("provider", "deployer")
    assert outcome.articles == ("Art. 6(2)", "Annex III 5(b)", "Art. 25(1)(a)")
    assert outcome.fria_required
    assert {when(outcome, c) for c in codes(outcome)[1:]} == {ANNEX_III[edition.code]}


# --- High risk through Annex I (Art. 6(1)) ---------------------------------------------------------------
#
# Art. 113(c): "Article 6(1) and the corresponding obligations in this Regulation shall apply from
# 2 August 2027." The 2026 edition moves them to 2 August 2028.


@EDITIONS
@pytest.mark.parametrize(
    ("role", "duties"),
    [("provider", ANNEX_I_PROVIDER), ("deployer", ["deployer_duties"])],
    ids=["provider", "deployer"],
)
def test_an_annex_i_product_is_high_risk_from_the_annex_i_date(edition, role, duties):
    given = answers(
        role=role,
        annex_i_safety_component="yes",
        annex_i_section="section_a",  # issue 21: Section B products carry Art. 2(2) only (test_articles.py)
        **NO_ROLE_CHANGE,
        **EU_PRIVATE,
        public_service="yes",
    )
    outcome = rules.assess(given, edition=edition)

    assert outcome.tier == "high"
    assert outcome.articles == ("Art. 6(1)", "Annex I")
    assert codes(outcome) == ["ai_literacy", *duties]
    assert {when(outcome, code) for code in duties} == {ANNEX_I[edition.code]}
    assert not outcome.fria_required
    assert "public_service" not in outcome.visible


@EDITIONS
def test_an_unknown_annex_i_answer_is_high_risk_from_the_annex_i_date_and_needs_review(edition):
    outcome = rules.assess(answers(annex_i_safety_component="unknown", **DEPLOYED, employer="no"), edition=edition)

    assert outcome.tier == "high"
    assert when(outcome, "deployer_duties") == ANNEX_I[edition.code]
    assert assumed(outcome) == ["annex_i_safety_component"]


@EDITIONS
def test_annex_i_and_annex_iii_together_apply_from_the_earlier_annex_iii_date(edition):
    outcome = rules.assess(answers(role="provider", annex_i_safety_component="yes", **RECRUITMENT), edition=edition)

    assert outcome.articles == ("Art. 6(1)", "Annex I", "Art. 6(2)", "Annex III 4(a)")
    assert {when(outcome, c) for c in PROVIDER_DUTIES} == {ANNEX_III[edition.code]}
    assert ANNEX_III[edition.code][0] < ANNEX_I[edition.code][0]


# --- Art. 6(3): the exception ----------------------------------------------------------------------------
#
# Art. 6(3): "[...] an AI system referred to in Annex III shall not be considered to be high-risk where it
# does not pose a significant risk of harm [...]"; its last subparagraph: "an AI system referred to in
# Annex III shall always be considered to be high-risk where the AI system performs profiling of natural
# persons." The documentation (Art. 6(4)) and registration (Art. 49(2)) keep the general date.


@EDITIONS
@pytest.mark.parametrize("condition", CONDITIONS)
def test_an_art_6_3_condition_without_profiling_is_minimal_but_documented_and_registered(edition, condition):
    outcome = rules.assess(
        answers(role="provider", **{**RECRUITMENT, "art6_3_condition": condition}, profiling="no"), edition=edition
    )

    assert outcome.tier == "minimal"
    assert outcome.articles == ("Annex III 4(a)", BY_CODE["art6_3_condition"].option(condition).article)
    assert dated(outcome) == [
        literacy(edition),
        ("document_not_high_risk", "Art. 6(4)", *GENERAL[edition.code]),
        ("register_not_high_risk", "Art. 49(2)", *GENERAL[edition.code]),
    ]


@EDITIONS
@pytest.mark.parametrize("condition", CONDITIONS)
def test_an_art_6_3_condition_with_profiling_stays_high_risk_from_the_annex_iii_date(edition, condition):
    outcome = rules.assess(
        answers(role="provider", **{**RECRUITMENT, "art6_3_condition": condition}, profiling="yes"), edition=edition
    )

    assert outcome.tier == "high"
    assert outcome.articles == ("Art. 6(2)", "Annex III 4(a)", "Art. 6(3)")
    assert {when(outcome, c) for c in PROVIDER_DUTIES} == {ANNEX_III[edition.code]}


# --- Limited: Art. 50 -------------------------------------------------------------------------------------
#
# Art. 50 applies from the general date, 2 August 2026 (Art. 113), in both editions. Art. 50(2), as
# published: "Providers of AI systems, including general-purpose AI systems, generating synthetic audio,
# image, video or text content, shall ensure that the outputs of the AI system are marked in a
# machine-readable format and detectable as artificially generated or manipulated." The 2026 amendment
# gives generative systems placed on the market before 2 August 2026 until 2 December 2026.


@EDITIONS
@pytest.mark.parametrize(
    ("question", "article", "provider_duty", "deployer_duty"),
    [
        ("interacts_with_people", "Art. 50(1)", "inform_interaction", None),
        ("generates_content", "Art. 50(2)", "mark_generated_content", None),
        ("emotion_or_biometric_categorisation", "Art. 50(3)", None, "inform_emotion_biometric"),
        ("deepfake", "Art. 50(4)", None, "disclose_deepfake"),
        ("public_interest_text", "Art. 50(4)", None, "disclose_public_text"),
    ],
)
def test_each_art_50_question_makes_it_limited_from_august_2026_in_both_editions(
    edition, question, article, provider_duty, deployer_duty
):
    # Issue 21 (Art. 50(6)): emotion recognition and categorisation by sensitive attributes are Annex III 1;
    # only a categorisation by other traits stays limited.
    extra = {"biometric_kind": "other_categorisation"} if question == "emotion_or_biometric_categorisation" else {}
    for role, duty in (("provider", provider_duty), ("deployer", deployer_duty)):
        outcome = rules.assess(answers(role=role, **{question: "yes"}, **extra), edition=edition)

        assert outcome.tier == "limited"
        assert outcome.articles == (article,)
        assert dated(outcome) == [literacy(edition), *([(duty, article, *GENERAL[edition.code])] if duty else [])]
        assert all(o.date_confirmed for o in outcome.obligations)


@pytest.mark.parametrize(("edition", "grace"), [(E24, False), (E26, True)], ids=["2024", "2026"])
def test_the_2026_edition_notes_the_december_2026_grace_on_art_50_2_only(edition, grace):
    outcome = rules.assess(
        answers(role="provider", generates_content="yes", interacts_with_people="yes"), edition=edition
    )
    notes = {o.code: o.note for o in outcome.obligations}

    assert when(outcome, "mark_generated_content") == (AUG_2026, "Art. 113")
    assert notes["inform_interaction"] == ""
    assert notes["ai_literacy"] == ""
    if grace:
        assert "2 December 2026" in notes["mark_generated_content"]
        assert "2 August 2026" in notes["mark_generated_content"]
    else:
        assert notes["mark_generated_content"] == ""


# --- Minimal, and the wording of Art. 4 ------------------------------------------------------------------


@EDITIONS
def test_nothing_special_is_minimal_with_ai_literacy_in_the_wording_of_the_edition(edition):
    outcome = rules.assess(BASE, edition=edition)

    assert outcome.tier == "minimal"
    assert outcome.articles == ()
    assert dated(outcome) == [literacy(edition)]
    assert outcome.obligations[0].text == AI_LITERACY[edition.code]
    assert outcome.obligations[0].role == "any"
    assert not outcome.needs_legal_review
    assert outcome.unanswered == ()


# --- GDPR: the DPIA, transfers, and Art. 4a of the 2026 edition ---------------------------------------


@EDITIONS
@pytest.mark.parametrize(
    ("changes", "dpia", "articles", "transfer"),
    [
        ({"personal_data": "no"}, "not_indicated", (), False),
        ({"systematic_evaluation": "yes"}, "required", ("GDPR Art. 35(3)(a)",), False),
        ({"large_scale_sensitive": "yes"}, "required", ("GDPR Art. 35(3)(b)",), False),
        ({"public_monitoring": "yes"}, "required", ("GDPR Art. 35(3)(c)",), False),
        ({"systematic_evaluation": "unknown"}, "required", ("GDPR Art. 35(3)",), False),
        ({"evaluation_scoring": "yes", "large_scale": "yes"}, "likely", ("WP248 criteria 1, 5",), False),
        ({"innovative_technology": "yes"}, "not_indicated", (), False),
        (
            {"special_category": "yes", "automated_decision": "yes", "bias_detection": None},
            "likely",
            ("GDPR Art. 9", "GDPR Art. 22", "GDPR Art. 22(4)", "WP248 criteria 2, 4"),  # issue 21: Art. 22(4)
            False,
        ),
        ({"data_location": "non_eu_cloud"}, "not_indicated", ("GDPR Chapter V",), True),
        ({"model_location": "non_eu_cloud"}, "not_indicated", ("GDPR Chapter V",), True),
    ],
    ids=[
        "no-personal-data",
        "35-3-a",
        "35-3-b",
        "35-3-c",
        "35-3-unknown",
        "two-criteria",
        "one-criterion",
        "art-9-and-22",
        "data-abroad",
        "model-abroad",
    ],
)
def test_each_dpia_path_is_the_same_under_both_editions(edition, changes, dpia, articles, transfer):
    outcome = rules.assess(answers({**BASE, **GDPR_BASE}, **changes), edition=edition)

    assert outcome.dpia == dpia
    assert outcome.gdpr_articles == articles
    assert outcome.transfer is transfer


# AI Act Art. 4a (2026): special categories of personal data may be processed to detect and correct bias,
# where strictly necessary and with safeguards. It is asked when special categories may be processed.
@pytest.mark.parametrize(
    ("edition", "personal_data", "special_category", "asked"),
    [
        (E24, "yes", "yes", False),
        (E24, "unknown", "unknown", False),
        (E26, "no", None, False),
        (E26, "yes", "no", False),
        (E26, "yes", "yes", True),
        (E26, "yes", "unknown", True),
        (E26, "yes", None, True),  # unanswered counts as unknown
        (E26, "unknown", "yes", True),
    ],
)
def test_bias_detection_is_asked_under_2026_when_special_categories_may_be_processed(
    edition, personal_data, special_category, asked
):
    outcome = rules.assess(
        answers(CV_RANKING, personal_data=personal_data, special_category=special_category), edition=edition
    )

    assert ("bias_detection" in outcome.visible) is asked
    assert ("bias_detection" in outcome.unanswered) is asked
    assert "bias_detection" not in assumed(outcome)  # Art. 4a permits; not answering assumes nothing
    if asked:
        gdpr = [c for c in outcome.visible if BY_CODE[c].section == "gdpr"]
        assert gdpr.index("bias_detection") == gdpr.index("special_category") + 1


@pytest.mark.parametrize(
    ("answer", "listed"),
    [("yes", True), ("no", False), ("unknown", False)],
)
@pytest.mark.parametrize("role", ["provider", "deployer"])
def test_bias_detection_yes_brings_art_4a_and_its_safeguards_under_2026(role, answer, listed):
    outcome = rules.assess(
        answers(CV_RANKING, role=role, special_category="yes", bias_detection=answer), edition=law.AI_ACT_2026
    )

    assert ("AI Act Art. 4a" in outcome.gdpr_articles) is listed
    assert ("bias_safeguards" in codes(outcome)) is listed
    if listed:
        assert outcome.gdpr_articles[-1] == "AI Act Art. 4a"
        assert when(outcome, "bias_safeguards") == BIAS_DETECTION
        safeguards = next(o for o in outcome.obligations if o.code == "bias_safeguards")
        assert (safeguards.article, safeguards.role) == ("Art. 4a", "any")
    # The DPIA screening is the same whatever the answer: special categories alone meet one WP248 criterion.
    assert outcome.dpia == "not_indicated"
    assert outcome.gdpr_articles[0] == "GDPR Art. 9"


def test_bias_detection_is_not_a_question_of_the_2024_edition():
    given = answers(CV_RANKING, special_category="yes", bias_detection="yes")
    outcome = rules.assess(given, edition=E24)

    assert rules.validate(given, edition=E24) == {"bias_detection": rules.ERROR_UNKNOWN_QUESTION}
    assert rules.validate(given, edition=E26) == {}
    assert "bias_safeguards" not in codes(outcome)
    assert "AI Act Art. 4a" not in outcome.gdpr_articles
    assert "bias_detection" not in rules.prune(given, edition=E24)
    assert rules.prune(given, edition=E26)["bias_detection"] == "yes"
    assert outcome == rules.assess(answers(CV_RANKING, special_category="yes"), edition=E24)


def test_bias_detection_left_behind_when_special_categories_are_not_processed_is_pruned():
    given = answers(CV_RANKING, special_category="no", bias_detection="yes")
    outcome = rules.assess(given, edition=E26)

    assert "bias_safeguards" not in codes(outcome)
    assert "bias_detection" not in rules.prune(given, edition=E26)


# --- What the 2026 amendment changed, for one use case ---------------------------------------------------


def changed(found: tuple[rules.Change, ...]) -> Counter[tuple[str, str, str, str | None, str | None]]:
    return Counter((c.kind, c.subject, c.article, c.before, c.after) for c in found)


ART_4 = ("article", "ai_literacy", "Art. 4", AI_LITERACY[E24.code], AI_LITERACY[E26.code])
ART_26_MOVED = ("date_moved", "deployer_duties", "Art. 26", "2026-08-02", "2027-12-02")
ART_27_MOVED = ("date_moved", "fria", "Art. 27", "2026-08-02", "2027-12-02")
# Issue 21: the Annex III deployer also carries Art. 26(11) and Art. 86, moved with Art. 26.
DEPLOYER_MOVED = [
    ART_26_MOVED,
    ("date_moved", "inform_affected_persons", "Art. 26(11)", "2026-08-02", "2027-12-02"),
    ("date_moved", "explain_decisions", "Art. 86", "2026-08-02", "2027-12-02"),
]
BIAS_ASKED = ("question_added", "bias_detection", "AI Act Art. 4a", None, "bias_detection")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, [ART_4, *DEPLOYER_MOVED]),
        ({"public_service": "yes"}, [ART_4, *DEPLOYER_MOVED, ART_27_MOVED]),
        ({"special_category": "yes"}, [ART_4, *DEPLOYER_MOVED, BIAS_ASKED]),
        ({"special_category": "unknown"}, [ART_4, *DEPLOYER_MOVED, BIAS_ASKED]),
        ({"special_category": "yes", "public_service": "yes"}, [ART_4, *DEPLOYER_MOVED, ART_27_MOVED, BIAS_ASKED]),
        ({"special_category": "yes", "bias_detection": "no"}, [ART_4, *DEPLOYER_MOVED]),  # answered: not new
        (
            {"special_category": "yes", "bias_detection": "yes", "public_service": "yes"},
            [
                ART_4,
                *DEPLOYER_MOVED,
                ART_27_MOVED,
                ("obligation_added", "bias_safeguards", "Art. 4a", None, "2026-07-27"),
                ("article", "AI Act Art. 4a", "AI Act Art. 4a", None, "AI Act Art. 4a"),
            ],
        ),
    ],
    ids=[
        "private",
        "public-service",
        "special-categories",
        "special-unknown",
        "special-and-public",
        "bias-no",
        "bias-yes-public",
    ],
)
def test_the_2026_amendment_for_a_cv_ranking_deployer(changes, expected):
    found = rules.changes(answers(CV_RANKING, **changes), E24, E26)

    assert changed(found) == Counter(expected)
    assert {c.by for c in found} == {OMNIBUS}
    assert {c.kind for c in found} <= set(rules.CHANGE_KINDS)


def test_the_cv_ranking_deployers_outcomes_under_each_edition_are_what_the_changes_say():
    before = rules.assess(CV_RANKING, edition=E24)
    after = rules.assess(CV_RANKING, edition=E26)

    assert (before.tier, after.tier) == ("high", "high")
    assert when(before, "deployer_duties") == (AUG_2026, "Art. 113")
    assert when(after, "deployer_duties") == (DEC_2027, AMENDED_113)


def test_going_back_from_the_2026_edition_to_2024_lists_the_same_changes_reversed_and_by_no_act():
    found = rules.changes(answers(CV_RANKING, public_service="yes"), E26, E24)

    assert changed(found) == Counter(
        [
            ("article", "ai_literacy", "Art. 4", AI_LITERACY[E26.code], AI_LITERACY[E24.code]),
            ("date_moved", "deployer_duties", "Art. 26", "2027-12-02", "2026-08-02"),
            ("date_moved", "inform_affected_persons", "Art. 26(11)", "2027-12-02", "2026-08-02"),
            ("date_moved", "fria", "Art. 27", "2027-12-02", "2026-08-02"),
            ("date_moved", "explain_decisions", "Art. 86", "2027-12-02", "2026-08-02"),
        ]
    )
    assert {c.by for c in found} == {""}


@EDITIONS
@pytest.mark.parametrize("tier", [None, *rules.TIERS])
def test_no_change_between_an_edition_and_itself(edition, tier):
    assert rules.changes(answers(CV_RANKING, special_category="yes"), edition, edition, tier=tier) == ()


def test_the_2026_amendment_moves_every_annex_i_duty_of_a_provider_to_august_2028():
    given = answers(role="provider", annex_i_safety_component="yes", annex_i_section="section_a", non_eu_provider="no")
    found = rules.changes(given, E24, E26)

    assert changed(found) == Counter(
        [
            ART_4,
            *(
                ("date_moved", code, article, "2027-08-02", "2028-08-02")
                for code, article in HIGH_RISK_PROVIDER
                if code in ANNEX_I_PROVIDER
            ),
        ]
    )


def test_the_2026_amendment_changes_nothing_but_art_4_for_a_chatbot_or_a_prohibited_practice():
    for given in (CHATBOT, answers(prohibited_practice="social_scoring")):
        assert changed(rules.changes(given, E24, E26)) == Counter([ART_4])


def test_the_2026_amendment_for_a_chatbot_whose_tier_a_facilitator_set_to_high():
    found = rules.changes(answers(CHATBOT, public_service="yes"), E24, E26, tier="high")

    assert changed(found) == Counter([ART_4, *DEPLOYER_MOVED, ART_27_MOVED])


# --- A tier set by a facilitator ---------------------------------------------------------------------------


@EDITIONS
@pytest.mark.parametrize(
    ("role", "public_service", "roles", "duties", "fria", "assumptions"),
    [
        ("deployer", "yes", ("deployer",), [*ANNEX_III_DEPLOYER, "fria", *ART_86], True, []),
        ("deployer", "no", ("deployer",), [*ANNEX_III_DEPLOYER, *ART_86], False, []),
        ("deployer", "unknown", ("deployer",), [*ANNEX_III_DEPLOYER, "fria", *ART_86], True, ["public_service"]),
        ("provider", "yes", ("provider",), PROVIDER_DUTIES, False, []),
        (
            "unknown",
            "yes",
            ("provider", "deployer"),
            [*PROVIDER_DUTIES[:SPLIT], *ANNEX_III_DEPLOYER, "fria", *PROVIDER_DUTIES[SPLIT:], *ART_86],
            True,
            ["role"],
        ),
    ],
    ids=["deployer-public", "deployer-private", "deployer-public-unknown", "provider", "unknown-role"],
)
def test_a_chatbot_set_to_high_carries_the_high_risk_duties_of_its_role(
    edition, role, public_service, roles, duties, fria, assumptions
):
    suggested = rules.assess(answers(CHATBOT, role=role, public_service=public_service), edition=edition)
    outcome = rules.assess(answers(CHATBOT, role=role, public_service=public_service), edition=edition, tier="high")

    assert suggested.tier == "limited"
    assert (outcome.tier, outcome.suggested_tier, outcome.overridden) == ("high", "limited", True)
    assert outcome.articles == ("Art. 6(2)", "Art. 50(1)")
    assert outcome.roles == roles
    assert outcome.fria_required is fria
    # Catalogue order: Art. 50(1) comes between Art. 49(1) and Art. 72.
    interaction = ["inform_interaction"] if "provider" in roles else []
    expected = ["ai_literacy", *duties]
    if interaction:
        expected.insert(expected.index("post_market_monitoring"), "inform_interaction")
    assert codes(outcome) == expected
    assert dated(outcome)[0] == literacy(edition)
    assert {when(outcome, code) for code in duties} == {ANNEX_III[edition.code]}
    if interaction:
        assert when(outcome, "inform_interaction") == GENERAL[edition.code]
    assert assumed(outcome) == assumptions
    assert (outcome.dpia, outcome.gdpr_articles) == (suggested.dpia, suggested.gdpr_articles)


@EDITIONS
def test_a_provider_set_to_high_carries_the_articles_of_the_high_risk_provider(edition):
    outcome = rules.assess(answers(CHATBOT, role="provider"), edition=edition, tier="high")

    assert [o.article for o in outcome.obligations if o.code in PROVIDER_DUTIES] == [a for _c, a in HIGH_RISK_PROVIDER]


@EDITIONS
def test_a_chatbot_set_to_minimal_keeps_ai_literacy_only(edition):
    outcome = rules.assess(answers(CHATBOT, role="provider"), edition=edition, tier="minimal")

    assert (outcome.tier, outcome.suggested_tier, outcome.overridden) == ("minimal", "limited", True)
    assert outcome.articles == ()
    assert dated(outcome) == [literacy(edition)]
    assert not outcome.fria_required


@EDITIONS
def test_a_chatbot_set_to_prohibited_carries_the_ban(edition):
    outcome = rules.assess(CHATBOT, edition=edition, tier="prohibited")

    assert (outcome.tier, outcome.suggested_tier, outcome.overridden) == ("prohibited", "limited", True)
    assert outcome.articles == ("Art. 5(1)",)
    assert dated(outcome) == [literacy(edition), ("stop_prohibited", "Art. 5", *PROHIBITIONS[edition.code])]


@EDITIONS
def test_a_chatbot_set_to_out_of_scope_has_no_obligation(edition):
    outcome = rules.assess(CHATBOT, edition=edition, tier="out_of_scope")

    assert (outcome.tier, outcome.suggested_tier, outcome.overridden) == ("out_of_scope", "limited", True)
    assert outcome.articles == ("Art. 2",)
    assert outcome.obligations == ()
    assert outcome.roles == ()


@EDITIONS
@pytest.mark.parametrize(
    ("given", "tier"),
    [
        (CHATBOT, "limited"),
        (BASE, "minimal"),
        (answers(**RECRUITMENT, **DEPLOYED), "high"),
        (answers(prohibited_practice="social_scoring"), "prohibited"),
        (answers(is_ai_system="no"), "out_of_scope"),
    ],
    ids=["limited", "minimal", "high", "prohibited", "out-of-scope"],
)
def test_a_tier_equal_to_the_suggestion_is_not_an_override(edition, given, tier):
    outcome = rules.assess(given, edition=edition, tier=tier)

    assert (outcome.tier, outcome.suggested_tier, outcome.overridden) == (tier, tier, False)
    assert outcome == rules.assess(given, edition=edition)


@EDITIONS
@pytest.mark.parametrize("tier", ["", "severe", None])
def test_an_unknown_tier_counts_as_none_set(edition, tier):
    assert rules.assess(CHATBOT, edition=edition, tier=tier) == rules.assess(CHATBOT, edition=edition)


@EDITIONS
def test_minimal_set_to_limited_lists_every_art_50_duty_of_the_role(edition):
    outcome = rules.assess(answers(role="provider"), edition=edition, tier="limited")

    assert (outcome.tier, outcome.suggested_tier, outcome.overridden) == ("limited", "minimal", True)
    assert outcome.articles == ("Art. 50(1)", "Art. 50(2)", "Art. 50(3)", "Art. 50(4)")
    assert dated(outcome) == [
        literacy(edition),
        ("inform_interaction", "Art. 50(1)", *GENERAL[edition.code]),
        ("mark_generated_content", "Art. 50(2)", *GENERAL[edition.code]),
    ]


@EDITIONS
def test_a_prohibited_annex_i_product_set_to_high_carries_the_annex_i_date(edition):
    given = answers(role="provider", prohibited_practice="social_scoring", annex_i_safety_component="yes")
    outcome = rules.assess(given, edition=edition, tier="high")

    assert (outcome.tier, outcome.suggested_tier, outcome.overridden) == ("high", "prohibited", True)
    assert outcome.articles[0] == "Art. 6(1)"
    assert {when(outcome, c) for c in ANNEX_I_PROVIDER} == {ANNEX_I[edition.code]}
    assert "registration" not in codes(outcome)  # issue 21: Art. 49(1) registers Annex III systems only
    assert not outcome.fria_required


@EDITIONS
def test_an_art_6_3_exception_set_to_high_drops_the_exception_duties(edition):
    given = answers(role="provider", **{**RECRUITMENT, "art6_3_condition": "preparatory"}, profiling="no")
    outcome = rules.assess(given, edition=edition, tier="high")

    assert (outcome.tier, outcome.suggested_tier) == ("high", "minimal")
    assert outcome.articles == ("Art. 6(2)", "Annex III 4(a)")
    assert codes(outcome) == ["ai_literacy", *PROVIDER_DUTIES]
    assert {when(outcome, c) for c in PROVIDER_DUTIES} == {ANNEX_III[edition.code]}
