"""Issue 21: the AI Act and the GDPR read article by article, one table per finding, under both editions.

Pure: no database. Each case quotes the words of the article it relies on: Regulation (EU) 2024/1689 (the
AI Act) as published in the Official Journal, Regulation (EU) 2016/679 (the GDPR), and the DPIA guidelines
WP248 rev.01. The last section keeps what was already right (Art. 6(3), Art. 27's scope, Art. 25, the Art.
50 duty holders, the 25 points of Annex III) from regressing.
"""

from __future__ import annotations

import pytest

from compliance import law, rules
from compliance.questions import BY_CODE, options_for

E24, E26 = law.AI_ACT_2024, law.AI_ACT_2026
EDITIONS = pytest.mark.parametrize("edition", [E24, E26], ids=["2024", "2026"])

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
# An organisation established in the EU, not a public authority, not deploying it on its own workers, as is.
SETTLED = {
    "non_eu_provider": "no",
    "public_authority": "no",
    "public_service": "no",
    "employer": "no",
    "own_brand": "no",
    "substantial_modification": "no",
    "purpose_changed_to_high_risk": "no",
}
CREDIT = {"annex_iii_area": "essential_services", "annex_iii_use": "credit_scoring", "art6_3_condition": "none"}
RECRUITMENT = {"annex_iii_area": "employment", "annex_iii_use": "employment_recruitment", "art6_3_condition": "none"}
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
# Art. 9-15, 16(b), 16(l), 17-21, 43, 47, 48, 72, 73: every high-risk provider, Section A or Annex III.
PROVIDER_CORE = [
    "risk_management",
    "data_governance",
    "technical_documentation",
    "record_keeping",
    "instructions_for_use",
    "human_oversight",
    "accuracy_robustness",
    "provider_identification",
    "accessibility",
    "quality_management",
    "keep_documentation",
    "keep_logs",
    "corrective_actions",
    "demonstrate_conformity",
    "conformity_assessment",
    "declaration_of_conformity",
    "ce_marking",
    "post_market_monitoring",
    "serious_incidents",
]


def assess(edition: law.Edition, *layers: dict[str, str], **changes: str) -> rules.Outcome:
    merged: dict[str, str] = {**BASE}
    for layer in layers:
        merged |= layer
    return rules.assess(merged | changes, edition=edition)


def codes(outcome: rules.Outcome) -> list[str]:
    return [o.code for o in outcome.obligations]


def assumed(outcome: rules.Outcome) -> list[str]:
    return [a.code for a in outcome.assumptions]


def label(question: str, option: str) -> str:
    found = BY_CODE[question].option(option)
    assert found is not None
    return found.label


# --- 1. Art. 2(10): personal use lifts the duties of natural-person deployers only -------------------------
#
# Art. 2(10): "This Regulation does not apply to obligations of deployers who are natural persons using AI
# systems in the course of a purely personal non-professional activity [...]". The provider of a consumer
# system keeps Art. 4 ("Providers and deployers of AI systems shall take measures [...]") and Art. 50(1)
# ("Providers shall ensure [...]"); Art. 5 prohibits "the placing on the market, the putting into service or
# the use", whoever the user.


@EDITIONS
@pytest.mark.parametrize(
    ("changes", "tier", "duties", "roles"),
    [
        # A consumer chatbot's provider: Art. 4 and Art. 50(1) stay.
        (
            {"role": "provider", "interacts_with_people": "yes"},
            "limited",
            ["ai_literacy", "inform_interaction"],
            ("provider",),
        ),
        # Built and used by the company for people's personal use: the provider's duties stay, Art. 50(4) of the
        # deployer (a deep fake) is lifted with the personal user's duties.
        ({"role": "both", "deepfake": "yes"}, "limited", ["ai_literacy"], ("provider",)),
        # A natural person using it for themselves: out of scope.
        ({"role": "deployer", "interacts_with_people": "yes"}, "out_of_scope", [], ()),
        # A prohibited practice stays prohibited, for the provider and the personal user alike.
        (
            {"role": "provider", "prohibited_practice": "manipulation"},
            "prohibited",
            ["ai_literacy", "stop_prohibited"],
            ("provider",),
        ),
        (
            {"role": "deployer", "prohibited_practice": "manipulation"},
            "prohibited",
            ["ai_literacy", "stop_prohibited"],
            ("deployer",),
        ),
    ],
    ids=["provider-chatbot", "both-deepfake", "personal-deployer", "provider-prohibited", "deployer-prohibited"],
)
def test_personal_use_lifts_only_the_natural_person_deployers_duties(edition, changes, tier, duties, roles):
    outcome = assess(edition, {"excluded_purpose": "personal_use"}, changes)

    assert outcome.tier == tier
    assert codes(outcome) == duties
    assert outcome.roles == roles
    if tier == "limited":
        assert "Art. 2(10)" in outcome.articles


# --- 2. Role "both": Art. 3(3) and 3(4) ---------------------------------------------------------------------
#
# Art. 3(3): "'provider' means a natural or legal person [...] that develops an AI system [...] and places it on
# the market or puts the AI system into service under its own name [...]"; Art. 3(4): "'deployer' means [...]
# using an AI system under its authority [...]". Art. 3(11): "'putting into service' means the supply of an AI
# system for first use directly to the deployer or for own use [...]": an in-house system makes its maker both.


@EDITIONS
def test_an_in_house_credit_scorer_carries_the_providers_and_the_deployers_duties_and_the_fria(edition):
    outcome = assess(edition, CREDIT, SETTLED, role="both")

    assert outcome.roles == ("provider", "deployer")
    assert outcome.tier == "high"
    assert {"risk_management", "registration", "deployer_duties", "fria", "explain_decisions"} <= set(codes(outcome))
    assert outcome.fria_required
    assert not outcome.needs_legal_review
    assert label("role", "both") == "Both: we build it and use it ourselves"
    assert BY_CODE["role"].option("both").article == "Art. 3(3), 3(4)"


# --- 3. Art. 50(6): emotion recognition and biometric categorisation stay high-risk -------------------------
#
# Art. 50(6): "Paragraphs 1 to 4 shall not affect the requirements and obligations set out in Chapter III [...]".
# Annex III 1: "(b) AI systems intended to be used for biometric categorisation, according to sensitive or
# protected attributes or characteristics based on the inference of those attributes or characteristics;
# (c) AI systems intended to be used for emotion recognition."


@EDITIONS
@pytest.mark.parametrize(
    ("kind", "tier", "articles", "assumptions"),
    [
        ("emotion_recognition", "high", ("Art. 6(2)", "Annex III 1(c)", "Art. 50(3)"), []),
        ("sensitive_categorisation", "high", ("Art. 6(2)", "Annex III 1(b)", "Art. 50(3)"), []),
        ("other_categorisation", "limited", ("Art. 50(3)",), []),
        ("unknown", "high", ("Art. 6(2)", "Annex III 1", "Art. 50(3)"), ["biometric_kind"]),
    ],
)
def test_the_art_50_3_answer_reaches_annex_iii_1_without_an_area(edition, kind, tier, articles, assumptions):
    outcome = assess(
        edition, SETTLED, emotion_or_biometric_categorisation="yes", biometric_kind=kind, art6_3_condition="none"
    )

    assert outcome.tier == tier
    assert outcome.articles == articles
    assert assumed(outcome) == assumptions
    assert "inform_emotion_biometric" in codes(outcome)  # Art. 50(3) for the deployer either way
    if tier == "high":
        assert "deployer_duties" in codes(outcome)


# --- 4. Art. 5: each practice with its conditions and exceptions --------------------------------------------


@pytest.mark.parametrize(
    ("practice", "words"),
    [
        # 5(1)(a): "[...] materially distorting the behaviour [...] in a manner that causes or is reasonably likely
        # to cause [...] significant harm"
        ("manipulation", ["materially distort", "reasonably likely", "significant harm"]),
        # 5(1)(b): "[...] due to their age, disability or a specific social or economic situation [...] materially
        # distorting [...] significant harm"
        (
            "exploits_vulnerabilities",
            ["age", "disability", "social or economic situation", "materially", "significant harm"],
        ),
        # 5(1)(c): "(i) detrimental or unfavourable treatment [...] in social contexts that are unrelated to the
        # contexts in which the data was originally generated or collected; (ii) [...] unjustified or
        # disproportionate to their social behaviour or its gravity"
        ("social_scoring", ["unrelated", "unjustified or disproportionate"]),
        # 5(1)(d): "based solely on the profiling [...]; this prohibition shall not apply to AI systems used to
        # support the human assessment [...] based on objective and verifiable facts"
        ("crime_prediction_by_profiling", ["solely", "objective and verifiable facts"]),
        # 5(1)(e): "through the untargeted scraping of facial images from the internet or CCTV footage"
        ("facial_scraping", ["untargeted scraping", "internet or CCTV"]),
        # 5(1)(f): "[...] except where the use of the AI system is intended [...] for medical or safety reasons"
        ("emotion_recognition_work_education", ["workplace", "education", "other than for medical or safety reasons"]),
        # 5(1)(g): "to deduce or infer their race, political opinions, trade union membership, religious or
        # philosophical beliefs, sex life or sexual orientation; this prohibition does not cover any labelling or
        # filtering of lawfully acquired biometric datasets"
        (
            "biometric_categorisation_sensitive",
            [
                "race, political opinions, trade union membership, religious or philosophical beliefs, sex life or "
                "sexual orientation",
                "labelling or filtering lawfully acquired datasets excepted",
            ],
        ),
        # 5(1)(h): "the use of 'real-time' remote biometric identification systems in publicly accessible spaces
        # for the purposes of law enforcement, unless and in so far as such use is strictly necessary for one of
        # the following objectives"; Art. 5(3): "[...] subject to a prior authorisation granted by a judicial
        # authority or an independent administrative authority"
        (
            "realtime_remote_biometric_id_law_enforcement",
            ["Using real-time", "strictly necessary", "prior authorisation"],
        ),
    ],
)
def test_each_prohibited_practice_is_offered_with_its_own_conditions_and_exceptions(practice, words):
    text = label("prohibited_practice", practice)

    for word in words:
        assert word in text
    assert "whatever the safeguards" not in BY_CODE["prohibited_practice"].help
    assert "exception" in BY_CODE["prohibited_practice"].help


@EDITIONS
def test_a_driver_drowsiness_system_is_not_banned_but_high_risk(edition):
    # Art. 5(1)(f) excepts "medical or safety reasons": the client answers none of the practices, and the
    # emotion recognition stays high-risk under Annex III 1(c).
    outcome = assess(edition, SETTLED, emotion_or_biometric_categorisation="yes", biometric_kind="emotion_recognition")

    assert outcome.tier == "high"
    assert "Annex III 1(c)" in outcome.articles


# --- 5. Annex III points with their own limits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("use", "words"),
    [
        # 1(a): "This shall not include AI systems intended to be used for biometric verification the sole
        # purpose of which is to confirm that a specific natural person is the person he or she claims to be"
        ("biometric_verification", ["who they claim to be", "face unlock"]),
        # 2: "AI systems intended to be used as safety components in the management and operation of critical
        # digital infrastructure, road traffic, or in the supply of water, gas, heating or electricity"
        ("critical_infrastructure_safety", ["safety component", "water, gas, heating or electricity"]),
        # 4(b): "to allocate tasks based on individual behaviour or personal traits or characteristics"
        ("employment_management", ["allocating tasks based on individual behaviour or personal traits"]),
        # 5(a): "AI systems intended to be used by public authorities or on behalf of public authorities"
        ("public_benefits", ["by or on behalf of public authorities"]),
        # 5(b): "with the exception of AI systems used for the purpose of detecting financial fraud"
        ("credit_scoring", ["other than detecting financial fraud"]),
        ("fraud_detection", ["financial fraud"]),
        # 8(a): "or to be used in a similar way in alternative dispute resolution"
        ("judicial_assistance", ["alternative dispute resolution"]),
    ],
)
def test_each_annex_iii_point_is_offered_with_its_scope_limits(use, words):
    text = label("annex_iii_use", use)

    for word in words:
        assert word in text


@EDITIONS
@pytest.mark.parametrize(
    ("area", "use", "article"),
    [
        ("biometrics", "biometric_verification", "Annex III 1(a)"),
        ("essential_services", "fraud_detection", "Annex III 5(b)"),
    ],
    ids=["kyc-selfie-match", "fraud-detection"],
)
def test_a_use_a_point_excludes_is_not_high_risk_and_needs_no_fria(edition, area, use, article):
    outcome = assess(edition, SETTLED, annex_iii_area=area, annex_iii_use=use)

    assert outcome.tier == "minimal"
    assert not outcome.fria_required
    assert codes(outcome) == ["ai_literacy"]
    assert BY_CODE["annex_iii_use"].option(use).article == article
    assert "art6_3_condition" not in outcome.visible


# --- 6. Art. 6(4): a deployer relies on the provider's documented assessment --------------------------------
#
# Art. 6(4): "A provider who considers that an AI system referred to in Annex III is not high-risk shall
# document its assessment before that system is placed on the market or put into service."


@EDITIONS
@pytest.mark.parametrize(("role", "review"), [("deployer", True), ("provider", False), ("both", False)])
def test_a_deployer_claiming_an_art_6_3_condition_gets_a_legal_review(edition, role, review):
    outcome = assess(edition, RECRUITMENT, SETTLED, role=role, art6_3_condition="preparatory", profiling="no")

    assert outcome.tier == "minimal"
    assert outcome.needs_legal_review is review
    if review:
        assert outcome.assumptions == (rules.Assumption("art6_3_condition", rules.DEPLOYER_ART_6_3),)
        assert "Art. 6(4)" in rules.DEPLOYER_ART_6_3
    else:
        assert "document_not_high_risk" in codes(outcome)


# --- 7. GDPR Art. 35(3), WP248 criterion 2, Art. 22(4) -------------------------------------------------------


def test_art_35_3_a_covers_decisions_that_similarly_significantly_affect_people():
    # Art. 35(3)(a): "[...] on which decisions are based that produce legal effects concerning the natural
    # person or similarly significantly affect the natural person"
    assert "similarly significantly affect" in BY_CODE["systematic_evaluation"].text


@EDITIONS
@pytest.mark.parametrize(
    ("changes", "dpia", "articles"),
    [
        # Art. 35(3)(b): "processing on a large scale of special categories of data referred to in Article 9(1)"
        ({"special_category": "yes", "large_scale": "yes"}, "required", ("GDPR Art. 9", "GDPR Art. 35(3)(b)")),
        # WP248 criterion 2: "processing that aims at taking decisions on data subjects producing 'legal effects
        # concerning the natural person' or which 'similarly significantly affects the natural person'": not
        # only decisions by automated means alone.
        ({"significant_decisions": "yes", "large_scale": "yes"}, "likely", ("WP248 criteria 2, 5",)),
        # Art. 22(4): "Decisions referred to in paragraph 2 shall not be based on special categories of personal
        # data referred to in Article 9(1), unless point (a) or (g) of Article 9(2) applies [...]"
        (
            {"special_category": "yes", "automated_decision": "yes"},
            "likely",
            ("GDPR Art. 9", "GDPR Art. 22", "GDPR Art. 22(4)", "WP248 criteria 2, 4"),
        ),
    ],
    ids=["35-3-b-in-two-answers", "wp248-2-not-solely-automated", "22-4"],
)
def test_gdpr_dpia_and_art_22_4(edition, changes, dpia, articles):
    outcome = assess(edition, GDPR_BASE, changes, bias_detection="no")

    assert outcome.dpia == dpia
    assert outcome.gdpr_articles == articles


# --- Wrong duties: Art. 2(2), Annex I Section B; machinery in Section B from the 2026 edition -------------
#
# Art. 2(2): "For AI systems classified as high-risk AI systems in accordance with Article 6(1) related to
# products covered by the Union harmonisation legislation listed in Section B of Annex I, only Article 6(1),
# Articles 102 to 109 and Article 112 apply."


@pytest.mark.parametrize(
    ("edition", "section", "section_b"),
    [
        (E24, "section_b", True),
        (E26, "section_b", True),
        (E24, "section_a", False),
        (E26, "section_a", False),
        (E24, "machinery", False),  # Annex I Section A, point 1, as published
        (E26, "machinery", True),  # moved to Section B by the 2026 amendment (law.AI_ACT_2026.annex_i_section_b)
    ],
    ids=["b-2024", "b-2026", "a-2024", "a-2026", "machinery-2024", "machinery-2026"],
)
def test_annex_i_section_b_products_carry_art_2_2_only(edition, section, section_b):
    outcome = assess(edition, SETTLED, role="provider", annex_i_safety_component="yes", annex_i_section=section)

    assert outcome.tier == "high"
    if section_b:
        assert codes(outcome) == ["sectoral_rules", "ai_literacy"]
        assert outcome.articles == ("Art. 6(1)", "Annex I", "Art. 2(2)")
        assert outcome.obligations[0].article == "Art. 2(2)"
        assert outcome.obligations[0].review  # whether Art. 4 and 50 still apply is for the legal review
    else:
        assert codes(outcome) == ["ai_literacy", *PROVIDER_CORE]  # no Art. 49(1): not an Annex III system


# --- Registration: Art. 49(1), 49(3), 49(5), 26(8) ---------------------------------------------------------
#
# Art. 49(1): "Before placing on the market or putting into service a high-risk AI system listed in Annex III,
# with the exception of high-risk AI systems referred to in point 2 of Annex III, the provider [...] shall
# register [...]"; Art. 49(5): "High-risk AI systems referred to in point 2 of Annex III shall be registered at
# national level."; Art. 49(3): "[...] deployers that are public authorities, Union institutions, bodies,
# offices or agencies or persons acting on their behalf shall register themselves, select the system and
# register its use in the EU database"; Art. 26(8) likewise.
POINT_2 = {
    "annex_iii_area": "critical_infrastructure",
    "annex_iii_use": "critical_infrastructure_safety",
    "art6_3_condition": "none",
}


@EDITIONS
@pytest.mark.parametrize(
    ("layers", "role", "registered", "not_registered"),
    [
        ([CREDIT], "provider", ["registration"], ["register_nationally"]),
        ([POINT_2], "provider", ["register_nationally"], ["registration"]),
        ([{"annex_i_safety_component": "yes", "annex_i_section": "section_a"}], "provider", [], ["registration"]),
        ([RECRUITMENT, {"public_authority": "yes"}], "deployer", ["deployer_registration"], []),
        ([RECRUITMENT], "deployer", [], ["deployer_registration"]),
        ([POINT_2, {"public_authority": "yes"}], "deployer", [], ["deployer_registration"]),
    ],
    ids=["annex-iii", "point-2", "annex-i", "public-authority", "private", "public-authority-point-2"],
)
def test_registration_follows_the_annex_and_the_kind_of_body(edition, layers, role, registered, not_registered):
    outcome = assess(edition, SETTLED, *layers, role=role)

    assert outcome.tier == "high"
    assert set(registered) <= set(codes(outcome))
    assert not set(not_registered) & set(codes(outcome))


@EDITIONS
def test_a_public_authority_is_asked_for_point_2_never_and_bodies_governed_by_public_law_get_the_fria(edition):
    # Art. 27(1): "deployers that are bodies governed by public law, or are private entities providing public
    # services"
    assert "body governed by public law" in BY_CODE["public_service"].text
    assert BY_CODE["public_service"].review  # a public authority read as such a body
    public = assess(edition, SETTLED, RECRUITMENT, public_authority="yes")
    point_2 = assess(edition, SETTLED, POINT_2)

    assert public.fria_required
    assert "public_service" not in public.visible
    assert "public_authority" not in point_2.visible


# --- The provider's list: Art. 16, 22, 73 --------------------------------------------------------------------
#
# Art. 16: "(b) indicate on the high-risk AI system [...] their name, registered trade name or registered trade
# mark, the address at which they can be contacted; [...] (d) keep the documentation referred to in Article 18;
# (e) when under their control, keep the logs [...] as referred to in Article 19; [...] (j) take the necessary
# corrective actions and provide information as required in Article 20; (k) upon a reasoned request of a
# national competent authority, demonstrate the conformity [...]; (l) ensure that the high-risk AI system
# complies with accessibility requirements [...]". Art. 18(1): "for a period ending 10 years". Art. 22(1):
# "Prior to making their high-risk AI systems available on the Union market, providers established in third
# countries shall, by written mandate, appoint an authorised representative which is established in the
# Union." Art. 73(2)-(4): "not later than 15 days", "not later than two days", "not later than 10 days".


@EDITIONS
@pytest.mark.parametrize(("non_eu", "representative"), [("no", False), ("yes", True), ("unknown", True)])
def test_the_high_risk_provider_carries_art_16_b_to_l_73_and_art_22_when_outside_the_eu(
    edition, non_eu, representative
):
    outcome = assess(edition, SETTLED, CREDIT, role="provider", non_eu_provider=non_eu)
    by_code = {o.code: o for o in outcome.obligations}

    assert [by_code[c].article for c in ("provider_identification", "keep_documentation", "keep_logs")] == [
        "Art. 16(b)",
        "Art. 18",
        "Art. 19",
    ]
    assert [by_code[c].article for c in ("corrective_actions", "demonstrate_conformity", "accessibility")] == [
        "Art. 20",
        "Art. 21",
        "Art. 16(l)",
    ]
    assert "10 years" in by_code["keep_documentation"].text
    incidents = by_code["serious_incidents"]
    assert incidents.article == "Art. 73"
    assert all(days in incidents.text for days in ("15 days", "10 days", "2 days"))
    assert ("authorised_representative" in by_code) is representative
    assert (assumed(outcome) == ["non_eu_provider"]) is (non_eu == "unknown")


# --- The deployer: Art. 26(4), (5), (7), (11) and Art. 86 ------------------------------------------------
#
# Art. 26(4): "to the extent the deployer exercises control over the input data, that deployer shall ensure
# that input data is relevant and sufficiently representative"; 26(5): "[...] they shall [...] suspend the use
# of that system [...] Where deployers have identified a serious incident, they shall also immediately inform
# [...]"; 26(7): "deployers who are employers shall inform workers' representatives and the affected workers";
# 26(11): "deployers of high-risk AI systems referred to in Annex III that make decisions or assist in making
# decisions related to natural persons shall inform the natural persons"; Art. 86(1): "Any affected person
# subject to a decision which is taken by the deployer on the basis of the output from a high-risk AI system
# listed in Annex III, with the exception of systems listed under point 2 thereof [...] shall have the right to
# obtain from the deployer clear and meaningful explanations [...]".


@EDITIONS
@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        ([RECRUITMENT], ["deployer_duties", "inform_affected_persons", "explain_decisions"]),
        (
            [RECRUITMENT, {"employer": "yes"}],
            ["deployer_duties", "inform_workers", "inform_affected_persons", "explain_decisions"],
        ),
        ([{"annex_i_safety_component": "yes", "annex_i_section": "section_a"}], ["deployer_duties"]),
        ([POINT_2], ["deployer_duties"]),
    ],
    ids=["annex-iii", "employer", "annex-i", "point-2"],
)
def test_the_deployers_duties_follow_the_annex_and_whether_it_employs_the_people_concerned(edition, layers, expected):
    outcome = assess(edition, SETTLED, *layers)

    assert codes(outcome) == ["ai_literacy", *expected]
    duties = next(o for o in outcome.obligations if o.code == "deployer_duties").text
    assert "input data" in duties
    assert "suspend" in duties
    assert "serious incident" in duties


# --- Wording: GDPR Art. 9, Art. 6(3)(c), Art. 3(23), Art. 3(60) and 50(4) ------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # GDPR Art. 9(1): "racial or ethnic origin, political opinions, religious or philosophical beliefs, or
        # trade union membership [...] genetic data, biometric data for the purpose of uniquely identifying a
        # natural person, data concerning health or [...] sex life or sexual orientation"
        (
            BY_CODE["special_category"].help,
            [
                "political opinions",
                "religious or philosophical beliefs",
                "identify a person uniquely",
                "sexual orientation",
            ],
        ),
        # Art. 6(3)(c): "[...] and is not meant to replace or influence the previously completed human assessment,
        # without proper human review"
        (label("art6_3_condition", "detects_patterns"), ["deviations", "without proper human review"]),
        # Art. 3(23): "a change [...] after its placing on the market or putting into service which is not foreseen
        # or planned in the initial conformity assessment [...] the compliance [...] is affected or results in a
        # modification to the intended purpose"
        (BY_CODE["substantial_modification"].help, ["not foreseen", "compliance", "intended purpose"]),
        # Art. 3(60): "[...] resembles existing persons, objects, places, entities or events and would falsely
        # appear to a person to be authentic or truthful"
        (BY_CODE["deepfake"].text, ["existing people, objects, places", "falsely appear"]),
        # Art. 50(4): "evidently artistic, creative, satirical, fictional or analogous work [...] disclosure [...]
        # in an appropriate manner that does not hamper the display or enjoyment of the work"
        (BY_CODE["deepfake"].help, ["artistic, creative, satirical or fictional", "does not hamper"]),
    ],
    ids=["gdpr-9", "6-3-c", "3-23", "3-60", "50-4"],
)
def test_the_articles_are_paraphrased_without_loosening_them(text, words):
    for word in words:
        assert word in text


def test_every_question_and_option_cites_the_article_it_reads():
    for question in BY_CODE.values():
        assert question.article
        for option in question.options:
            if option.code not in {"unknown", "none", "yes", "no"} and question.code not in {
                "data_location",
                "model_location",
            }:
                assert option.article, (question.code, option.code)


# --- Old answers still assess ------------------------------------------------------------------------------


@EDITIONS
def test_stored_answers_of_an_old_assessment_still_assess(edition):
    old = {**BASE, **CREDIT, "public_service": "no", "own_brand": "no", "bogus_code": "yes", "role": "owner"}

    outcome = rules.assess(old, edition=edition)

    assert outcome.tier == "high"
    assert "role" in assumed(outcome)


# --- What was already right -------------------------------------------------------------------------------
#
# Art. 6(3): "[...] shall not be considered to be high-risk where it does not pose a significant risk of harm
# [...]"; last subparagraph: "an AI system referred to in Annex III shall always be considered to be high-risk
# where the AI system performs profiling of natural persons."


@EDITIONS
@pytest.mark.parametrize("condition", ["narrow_procedural", "improves_human_work", "detects_patterns", "preparatory"])
@pytest.mark.parametrize(("profiling", "tier"), [("no", "minimal"), ("yes", "high")])
def test_art_6_3_still_reads_as_before(edition, condition, profiling, tier):
    outcome = assess(edition, RECRUITMENT, SETTLED, role="provider", art6_3_condition=condition, profiling=profiling)

    assert outcome.tier == tier
    if tier == "minimal":
        assert codes(outcome) == ["ai_literacy", "document_not_high_risk", "register_not_high_risk"]


# Art. 27(1): "Prior to deploying a high-risk AI system referred to in Article 6(2), with the exception of
# high-risk AI systems intended to be used in the area listed in point 2 of Annex III, deployers that are bodies
# governed by public law, or are private entities providing public services, and deployers of high-risk AI
# systems referred to in points 5 (b) and (c) of Annex III, shall perform an assessment [...]"
@EDITIONS
@pytest.mark.parametrize(
    ("layers", "fria"),
    [
        ([CREDIT], True),
        ([CREDIT, {"annex_iii_use": "life_health_insurance"}], True),
        ([RECRUITMENT, {"public_service": "yes"}], True),
        ([RECRUITMENT], False),
        ([POINT_2, {"public_service": "yes"}], False),
        ([{"annex_i_safety_component": "yes", "annex_i_section": "section_a", "public_service": "yes"}], False),
    ],
    ids=["5b", "5c", "public-service", "private", "point-2", "annex-i"],
)
def test_art_27_scope_still_reads_as_before(edition, layers, fria):
    assert assess(edition, SETTLED, *layers).fria_required is fria


# Art. 25(1): "Any distributor, importer, deployer or other third-party shall be considered to be a provider
# [...] (a) they put their name or trademark [...]; (b) they make a substantial modification [...]; (c) they
# modify the intended purpose [...]"
@EDITIONS
@pytest.mark.parametrize("change", ["own_brand", "substantial_modification", "purpose_changed_to_high_risk"])
def test_art_25_still_makes_the_deployer_a_provider(edition, change):
    outcome = assess(edition, SETTLED, RECRUITMENT, **{change: "yes"})

    assert outcome.roles == ("provider", "deployer")
    assert BY_CODE[change].article in outcome.articles


# Art. 50(1), (2): "Providers shall ensure [...]"; 50(3), (4): "Deployers of [...] shall inform / disclose".
@EDITIONS
@pytest.mark.parametrize(
    ("question", "role", "duty"),
    [
        ("interacts_with_people", "provider", "inform_interaction"),
        ("generates_content", "provider", "mark_generated_content"),
        ("deepfake", "deployer", "disclose_deepfake"),
        ("public_interest_text", "deployer", "disclose_public_text"),
    ],
)
def test_art_50_duty_holders_still_read_as_before(edition, question, role, duty):
    for asked in ("provider", "deployer"):
        outcome = assess(edition, {question: "yes", "role": asked})
        assert (duty in codes(outcome)) is (asked == role)


def test_all_25_points_of_annex_iii_are_still_offered():
    points = {o.article for o in options_for("annex_iii_use", {}) if o.area and not o.not_high_risk}

    assert len(points) == 25
    assert points == {
        *(f"Annex III 1({x})" for x in "abc"),
        "Annex III 2",
        *(f"Annex III 3({x})" for x in "abcd"),
        *(f"Annex III 4({x})" for x in "ab"),
        *(f"Annex III 5({x})" for x in "abcd"),
        *(f"Annex III 6({x})" for x in "abcde"),
        *(f"Annex III 7({x})" for x in "abcd"),
        *(f"Annex III 8({x})" for x in "ab"),
    }
