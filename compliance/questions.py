"""The questions of the pre-assessment, as data: codes, options, one line of help, the article. Pure: no Django.

Codes are stable (the API and the exports use them). Every question also takes `unknown`.
English texts are marked with `gettext_noop` (a local no-op of the same name, so that makemessages
finds them) and translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from compliance.law import AI_ACT_2026, MACHINERY, SECTION_A, SECTION_B, Edition, has


def gettext_noop(message: str) -> str:
    """Marks a string for translation; the Django side translates it when it is shown."""
    return message


_ = gettext_noop

YES, NO, UNKNOWN, NONE = "yes", "no", "unknown", "none"
PROVIDER, DEPLOYER, BOTH = "provider", "deployer", "both"
AI_ACT, GDPR = "ai_act", "gdpr"
SECTION_LABELS = {AI_ACT: _("EU AI Act"), GDPR: _("GDPR")}
NON_EU = "non_eu_cloud"


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    article: str = ""
    area: str = ""  # annex_iii_use: the Annex III area the point belongs to
    since: str = ""  # the edition of the law that brought it (compliance/law.py); "" = every edition
    not_high_risk: bool = False  # annex_iii_use: a use the point itself leaves out (e.g. fraud detection, 5(b))
    review: str = ""  # a reading of the article we are unsure of, for the legal review


@dataclass(frozen=True)
class Question:
    code: str
    section: str
    text: str
    help: str  # one line
    article: str
    options: tuple[Option, ...]
    cautious: str  # what the suggestion assumes when the answer is unknown
    since: str = ""  # the edition of the law that brought it (compliance/law.py); "" = every edition
    review: str = ""  # a reading of the article we are unsure of, for the legal review (not user-facing)

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


DONT_KNOW = Option(UNKNOWN, _("Don't know"))
_YES_NO = (Option(YES, _("Yes")), Option(NO, _("No")), DONT_KNOW)
_NONE_OF_THESE = Option(NONE, _("None of these"))


def _choice(*options: Any) -> tuple[Option, ...]:
    """(code, label[, article[, area[, since]]]) rows or options, then "Don't know"."""
    return (*(row if isinstance(row, Option) else Option(*row[:5]) for row in options), DONT_KNOW)


def _uses(area: str, *rows: tuple[str, str, str]) -> list[tuple[str, str, str, str]]:
    return [(code, label, article, area) for code, label, article in rows]


EXCLUSIONS = ("military_defence", "research_only", "personal_use")
PRACTICES = (
    "manipulation",
    "exploits_vulnerabilities",
    "social_scoring",
    "crime_prediction_by_profiling",
    "facial_scraping",
    "emotion_recognition_work_education",
    "biometric_categorisation_sensitive",
    "realtime_remote_biometric_id_law_enforcement",
    "intimate_imagery",
)
AREAS: dict[str, str] = {  # Annex III area -> its reference
    "biometrics": "Annex III 1",
    "critical_infrastructure": "Annex III 2",
    "education": "Annex III 3",
    "employment": "Annex III 4",
    "essential_services": "Annex III 5",
    "law_enforcement": "Annex III 6",
    "migration": "Annex III 7",
    "justice_democracy": "Annex III 8",
}
# Annex III 5(b) and 5(c): their deployers always assess the impact on fundamental rights (Art. 27(1)).
FRIA_USES = ("credit_scoring", "life_health_insurance")
CONDITIONS = ("narrow_procedural", "improves_human_work", "detects_patterns", "preparatory")
ROLE_CHANGES = ("own_brand", "substantial_modification", "purpose_changed_to_high_risk")
ART_35_3 = ("systematic_evaluation", "large_scale_sensitive", "public_monitoring")
# The nine WP248 criteria by number, and the questions that meet each (any one of them does).
WP248: dict[int, tuple[str, ...]] = {
    1: ("evaluation_scoring",),
    2: ("automated_decision", "significant_decisions"),
    3: ("systematic_monitoring",),
    4: ("special_category", "highly_personal"),
    5: ("large_scale",),
    6: ("matching_datasets",),
    7: ("vulnerable_subjects",),
    8: ("innovative_technology",),
    9: ("prevents_right",),
}

# Art. 5(1), each practice with the conditions and exceptions of its own point: a system that meets an
# exception is not prohibited (it is then usually high-risk under Annex III, asked next).
_PRACTICE_OPTIONS = (
    (NONE, _("None of these")),
    (
        "manipulation",
        _(
            "Subliminal, manipulative or deceptive techniques that materially distort people's behaviour, "
            "impairing their ability to make an informed decision, in a way that causes or is reasonably likely "
            "to cause them or others significant harm"
        ),
        "Art. 5(1)(a)",
    ),
    (
        "exploits_vulnerabilities",
        _(
            "Exploiting the vulnerabilities of people due to their age, a disability or a specific social or "
            "economic situation, materially distorting their behaviour in a way that causes or is reasonably "
            "likely to cause significant harm"
        ),
        "Art. 5(1)(b)",
    ),
    (
        "social_scoring",
        _(
            "Scoring people over time on their social behaviour or personal traits, where the score leads to "
            "detrimental treatment in a context unrelated to where the data were collected, or treatment "
            "unjustified or disproportionate to the behaviour"
        ),
        "Art. 5(1)(c)",
    ),
    (
        "crime_prediction_by_profiling",
        _(
            "Predicting that a person will commit a crime based solely on profiling or on their personality "
            "traits, not in support of a human assessment based on objective and verifiable facts"
        ),
        "Art. 5(1)(d)",
    ),
    (
        "facial_scraping",
        _(
            "Creating or expanding facial recognition databases by untargeted scraping of images from the internet "
            "or CCTV"
        ),
        "Art. 5(1)(e)",
    ),
    (
        "emotion_recognition_work_education",
        _("Inferring people's emotions at the workplace or in education, other than for medical or safety reasons"),
        "Art. 5(1)(f)",
    ),
    (
        "biometric_categorisation_sensitive",
        _(
            "Categorising individual people from biometric data to infer their race, political opinions, trade "
            "union membership, religious or philosophical beliefs, sex life or sexual orientation (labelling or "
            "filtering lawfully acquired datasets excepted)"
        ),
        "Art. 5(1)(g)",
    ),
    (
        "realtime_remote_biometric_id_law_enforcement",
        _(
            "Using real-time remote biometric identification in publicly accessible spaces for law enforcement, "
            "other than for a strictly necessary purpose listed in Art. 5(1)(h) with prior authorisation"
        ),
        "Art. 5(1)(h)",
    ),
    (
        "intimate_imagery",
        _(
            "Generating or altering sexual or intimate images of real people without their consent, "
            "or child sexual abuse material"
        ),
        "Art. 5(1)(i)",
        "",
        AI_ACT_2026.code,
    ),
)
_AREA_OPTIONS = (
    (NONE, _("None of these")),
    ("biometrics", _("Biometrics"), AREAS["biometrics"]),
    ("critical_infrastructure", _("Critical infrastructure"), AREAS["critical_infrastructure"]),
    ("education", _("Education and vocational training"), AREAS["education"]),
    ("employment", _("Employment and workers management"), AREAS["employment"]),
    ("essential_services", _("Access to essential private and public services"), AREAS["essential_services"]),
    ("law_enforcement", _("Law enforcement"), AREAS["law_enforcement"]),
    ("migration", _("Migration, asylum and border control"), AREAS["migration"]),
    ("justice_democracy", _("Justice and democratic processes"), AREAS["justice_democracy"]),
)
# Annex III, point by point, with the limits of each point; "None of these" (not an Annex III use) and
# "Don't know" fit every area. A use a point itself leaves out is offered as its own option, not high-risk.
_USE_OPTIONS = (
    *_uses(
        "biometrics",
        (
            "remote_biometric_identification",
            _("Remote biometric identification: recognising people at a distance, without their active part"),
            "Annex III 1(a)",
        ),
        (
            "biometric_categorisation",
            _("Biometric categorisation by sensitive or protected attributes inferred from biometric data"),
            "Annex III 1(b)",
        ),
        ("emotion_recognition", _("Emotion recognition from biometric data (face, voice, body)"), "Annex III 1(c)"),
    ),
    Option(
        "biometric_verification",
        _("Only verifying that a person is who they claim to be (face unlock, a selfie matched to an ID document)"),
        "Annex III 1(a)",
        "biometrics",
        not_high_risk=True,
    ),
    *_uses(
        "critical_infrastructure",
        (
            "critical_infrastructure_safety",
            _(
                "A safety component in managing or operating critical digital infrastructure, road traffic, or "
                "the supply of water, gas, heating or electricity"
            ),
            "Annex III 2",
        ),
    ),
    *_uses(
        "education",
        ("education_admission", _("Deciding access or admission, or assigning people"), "Annex III 3(a)"),
        ("education_evaluation", _("Evaluating learning outcomes"), "Annex III 3(b)"),
        ("education_level", _("Assessing the level of education a person will receive"), "Annex III 3(c)"),
        ("education_proctoring", _("Detecting prohibited behaviour during tests"), "Annex III 3(d)"),
    ),
    *_uses(
        "employment",
        (
            "employment_recruitment",
            _("Recruitment: job ads, filtering applications, evaluating candidates"),
            "Annex III 4(a)",
        ),
        (
            "employment_management",
            _(
                "Decisions on working conditions, promotion or termination, allocating tasks based on individual "
                "behaviour or personal traits, or monitoring and evaluating workers"
            ),
            "Annex III 4(b)",
        ),
    ),
    *_uses(
        "essential_services",
        (
            "public_benefits",
            _(
                "Used by or on behalf of public authorities to decide eligibility for public assistance benefits "
                "and services, healthcare included, or to grant, reduce, revoke or reclaim them"
            ),
            "Annex III 5(a)",
        ),
        (
            "credit_scoring",
            _("Creditworthiness or credit score of natural persons, other than detecting financial fraud"),
            "Annex III 5(b)",
        ),
        ("life_health_insurance", _("Risk assessment and pricing in life and health insurance"), "Annex III 5(c)"),
        ("emergency_triage", _("Emergency calls, dispatch and emergency patient triage"), "Annex III 5(d)"),
    ),
    Option(
        "fraud_detection",
        _("Only detecting financial fraud"),
        "Annex III 5(b)",
        "essential_services",
        not_high_risk=True,
    ),
    *_uses(
        "law_enforcement",
        ("victim_risk", _("Risk of a person becoming a victim of crime"), "Annex III 6(a)"),
        ("law_enforcement_polygraph", _("Polygraphs and similar tools"), "Annex III 6(b)"),
        ("evidence_reliability", _("Evaluating the reliability of evidence"), "Annex III 6(c)"),
        ("offending_risk", _("Risk of offending or re-offending"), "Annex III 6(d)"),
        ("law_enforcement_profiling", _("Profiling to detect, investigate or prosecute crimes"), "Annex III 6(e)"),
    ),
    *_uses(
        "migration",
        ("migration_polygraph", _("Polygraphs and similar tools"), "Annex III 7(a)"),
        ("migration_risk", _("Security, irregular migration or health risk of a person"), "Annex III 7(b)"),
        ("asylum_visa_applications", _("Examining asylum, visa or residence applications"), "Annex III 7(c)"),
        ("border_identification", _("Identifying people, other than checking travel documents"), "Annex III 7(d)"),
    ),
    *_uses(
        "justice_democracy",
        (
            "judicial_assistance",
            _(
                "Helping a judicial authority, or an alternative dispute resolution, research and interpret facts "
                "and the law and apply the law to the facts"
            ),
            "Annex III 8(a)",
        ),
        ("election_influence", _("Influencing an election, a referendum or voting behaviour"), "Annex III 8(b)"),
    ),
    (NONE, _("None of these")),
)
_CONDITION_OPTIONS = (
    (NONE, _("None of these")),
    ("narrow_procedural", _("It performs a narrow procedural task"), "Art. 6(3)(a)"),
    ("improves_human_work", _("It improves the result of a completed human activity"), "Art. 6(3)(b)"),
    (
        "detects_patterns",
        _(
            "It detects decision patterns or deviations from earlier decisions, and is not meant to replace or "
            "influence a completed human assessment without proper human review"
        ),
        "Art. 6(3)(c)",
    ),
    ("preparatory", _("It performs a preparatory task to an assessment"), "Art. 6(3)(d)"),
)
_HOSTING_OPTIONS = (
    ("on_premises", _("On premises")),
    ("eu_cloud", _("EU cloud")),
    (NON_EU, _("Non-EU cloud")),
)


def _q(
    code: str,
    section: str,
    article: str,
    text: str,
    help: str,
    cautious: str,
    options: Any = _YES_NO,
    since: str = "",
    review: str = "",
) -> Question:
    return Question(code, section, text, help, article, options, cautious, since, review)


QUESTIONS: tuple[Question, ...] = (
    # --- EU AI Act: scope ----------------------------------------------------------------------------
    _q(
        "is_ai_system",
        AI_ACT,
        "Art. 3(1)",
        _("Is it an AI system?"),
        _("It infers from its input how to generate predictions, content, recommendations or decisions."),
        _("Not known whether it is an AI system: assessed as one."),
    ),
    _q(
        "role",
        AI_ACT,
        "Art. 3(3), 3(4)",
        _("What is your organisation's role?"),
        _(
            "The provider develops it or has it developed, and places it on the market or puts it into service "
            "under its own name; the deployer uses it under its authority. An organisation can be both."
        ),
        _("Role not known: the obligations of both the provider and the deployer are listed."),
        _choice(
            (PROVIDER, _("Provider: we build it, or have it built, for others under our name"), "Art. 3(3)"),
            (DEPLOYER, _("Deployer: we use a system someone else provides"), "Art. 3(4)"),
            (BOTH, _("Both: we build it and use it ourselves"), "Art. 3(3), 3(4)"),
        ),
    ),
    _q(
        "excluded_purpose",
        AI_ACT,
        "Art. 2",
        _("Is it used only for one of these purposes?"),
        _(
            "The AI Act does not apply to the first two. Personal use lifts only the duties of the person using "
            "it: its provider keeps its duties, and a prohibited practice stays prohibited."
        ),
        _("Not known whether an exclusion applies: assessed as in scope."),
        _choice(
            (NONE, _("None of these")),
            ("military_defence", _("Military, defence or national security"), "Art. 2(3)"),
            ("research_only", _("Scientific research and development only"), "Art. 2(6)"),
            (
                "personal_use",
                _("Used only by private individuals for their own purely personal, non-professional activity"),
                "Art. 2(10)",
            ),
        ),
    ),
    _q(
        "prohibited_practice",
        AI_ACT,
        "Art. 5(1)",
        _("Does it carry out one of the prohibited practices?"),
        _(
            "Each is prohibited as Art. 5 describes it, conditions and exceptions included. If an exception "
            "applies, choose None of these: the system is then assessed under the other questions."
        ),
        _("Not known whether it is a prohibited practice: assessed as prohibited until the legal review."),
        _choice(*_PRACTICE_OPTIONS),
    ),
    # --- EU AI Act: high risk ------------------------------------------------------------------------
    _q(
        "annex_i_safety_component",
        AI_ACT,
        "Art. 6(1), Annex I",
        _("Is it a product, or a product's safety component, under Annex I, with third-party conformity assessment?"),
        _("For example machinery, toys, lifts, radio equipment, medical devices or vehicles."),
        _("Not known whether Annex I applies: assessed as high-risk."),
    ),
    _q(
        "annex_i_section",
        AI_ACT,
        "Art. 2(2), Annex I",
        _("Which kind of product?"),
        _(
            "For the vehicles, aircraft, ships and trains of Annex I Section B, only Art. 6(1), 102 to 109 and "
            "112 of the AI Act apply: its requirements reach them through their own sector's rules."
        ),
        _("Not known which section of Annex I applies: the full high-risk obligations are listed."),
        _choice(
            (
                SECTION_A,
                _(
                    "Toys, lifts, radio equipment, pressure equipment, personal protective equipment, medical "
                    "devices, or another product of Annex I Section A"
                ),
                "Annex I Section A",
            ),
            (MACHINERY, _("Machinery"), "Annex I"),
            (
                SECTION_B,
                _("Civil aviation, motor vehicles, two- or three-wheel vehicles, agricultural vehicles, ships, rail"),
                "Annex I Section B",
            ),
        ),
        review=(
            "Machinery is read as Section A under the 2024 text and Section B under the 2026 amendment "
            "(compliance/law.py, Edition.annex_i_section_b), from secondary sources."
        ),
    ),
    _q(
        "annex_iii_area",
        AI_ACT,
        "Art. 6(2), Annex III",
        _("Is it used in one of the high-risk areas of Annex III?"),
        _("The area its intended purpose falls in."),
        _("Not known whether an Annex III area applies: assessed as high-risk."),
        _choice(*_AREA_OPTIONS),
    ),
    _q(
        "annex_iii_use",
        AI_ACT,
        "Annex III",
        _("Which use within that area?"),
        _("The point of Annex III that describes its intended purpose."),
        _("The point of Annex III is not known: assessed as high-risk under the area."),
        _choice(*_USE_OPTIONS),
    ),
    _q(
        "art6_3_condition",
        AI_ACT,
        "Art. 6(3)",
        _("Does one of these apply, so that it does not materially influence decisions?"),
        _(
            "Then it is not high-risk, but its provider documents why and registers it (Art. 6(4)); a deployer "
            "relies on that documented assessment and should check it."
        ),
        _("Not known whether an Art. 6(3) exception applies: assessed as high-risk."),
        _choice(*_CONDITION_OPTIONS),
    ),
    _q(
        "profiling",
        AI_ACT,
        "Art. 6(3)",
        _("Does it profile people?"),
        _("Evaluating work, finances, health, behaviour or location: an Annex III system that profiles is high-risk."),
        _("Not known whether it profiles people: the Art. 6(3) exception is not applied."),
    ),
    _q(
        "own_brand",
        AI_ACT,
        "Art. 25(1)(a)",
        _("Will you put your name or trademark on it?"),
        _("A deployer who does so becomes the provider of the high-risk system."),
        _("Not known whether you put your name on it: the provider's obligations are listed too."),
    ),
    _q(
        "substantial_modification",
        AI_ACT,
        "Art. 25(1)(b)",
        _("Will you substantially modify it?"),
        _(
            "A change after it was placed on the market, not foreseen in its conformity assessment, that affects "
            "its compliance or changes its intended purpose: it makes you its provider."
        ),
        _("Not known whether you modify it substantially: the provider's obligations are listed too."),
    ),
    _q(
        "purpose_changed_to_high_risk",
        AI_ACT,
        "Art. 25(1)(c)",
        _("Will you use it for a purpose its provider did not intend, one that makes it high-risk?"),
        _("Changing the intended purpose into a high-risk one makes you its provider."),
        _("Not known whether you change its purpose: the provider's obligations are listed too."),
    ),
    _q(
        "public_authority",
        AI_ACT,
        "Art. 26(8), 49(3)",
        _("Are you a public authority, or an EU institution, body, office or agency, or acting on their behalf?"),
        _("Such deployers register their use of the system in the EU database before using it."),
        _("Not known whether you are a public authority: the registration of its use is listed."),
    ),
    _q(
        "public_service",
        AI_ACT,
        "Art. 27(1)",
        _("Are you a body governed by public law, or a private entity providing public services?"),
        _(
            "For example a public hospital, school or university, or a private company running a public service. "
            "Such deployers assess the impact on fundamental rights before first use."
        ),
        _(
            "Not known whether you are a body governed by public law or provide public services: an impact "
            "assessment is assumed."
        ),
        review="A public authority is read as a body governed by public law for Art. 27(1) (not asked again).",
    ),
    _q(
        "employer",
        AI_ACT,
        "Art. 26(7)",
        _("Will you use it at the workplace, as the employer of the people it concerns?"),
        _("An employer informs the workers' representatives and the workers concerned before using it."),
        _("Not known whether you use it as an employer: informing the workers is listed."),
    ),
    _q(
        "non_eu_provider",
        AI_ACT,
        "Art. 22(1)",
        _("Is your organisation established outside the EU?"),
        _("A provider established outside the EU appoints an authorised representative in the EU."),
        _("Not known where you are established: appointing an authorised representative is listed."),
    ),
    # --- EU AI Act: transparency ---------------------------------------------------------------------
    _q(
        "interacts_with_people",
        AI_ACT,
        "Art. 50(1)",
        _("Does it interact directly with people?"),
        _("For example a chatbot or a voice assistant: people must know they are talking to an AI."),
        _("Not known whether it interacts with people: Art. 50(1) is counted as applying."),
    ),
    _q(
        "generates_content",
        AI_ACT,
        "Art. 50(2)",
        _("Does it generate synthetic audio, images, video or text?"),
        _("The output must be marked as artificially generated, in a machine-readable way."),
        _("Not known whether it generates content: Art. 50(2) is counted as applying."),
    ),
    _q(
        "emotion_or_biometric_categorisation",
        AI_ACT,
        "Art. 50(3)",
        _("Does it recognise emotions or categorise people from biometric data?"),
        _(
            "Biometric data: the face, the voice, the body or how a person moves. The people exposed to it must be "
            "informed; this does not replace the high-risk rules (Art. 50(6))."
        ),
        _("Not known whether it recognises emotions or categorises people: Art. 50(3) is counted as applying."),
    ),
    _q(
        "biometric_kind",
        AI_ACT,
        "Annex III 1(b), 1(c)",
        _("What does it do with the biometric data?"),
        _("Emotion recognition, and categorisation by sensitive or protected attributes, are high-risk (Annex III 1)."),
        _("Not known what it infers from biometric data: assessed as high-risk under Annex III 1."),
        _choice(
            ("emotion_recognition", _("It recognises or infers emotions or intentions"), "Annex III 1(c)"),
            (
                "sensitive_categorisation",
                _(
                    "It sorts people by sensitive or protected attributes it infers, such as ethnic origin, "
                    "health, religion or sexual orientation"
                ),
                "Annex III 1(b)",
            ),
            (
                "other_categorisation",
                _("It sorts people by other traits only, such as hair or eye colour"),
                "Art. 50(3)",
            ),
        ),
        review=(
            "Annex III 1(b) reads 'sensitive or protected attributes or characteristics': which traits beyond "
            "GDPR Art. 9(1) (recital 54) count as protected, e.g. age or sex, is for the legal review."
        ),
    ),
    _q(
        "deepfake",
        AI_ACT,
        "Art. 50(4)",
        _(
            "Does it generate or manipulate images, audio or video that resemble existing people, objects, places "
            "or events and would falsely appear to be authentic?"
        ),
        _(
            "A deep fake must be disclosed as such; in an evidently artistic, creative, satirical or fictional "
            "work, disclosed in an appropriate way that does not hamper the work."
        ),
        _("Not known whether it makes deep fakes: Art. 50(4) is counted as applying."),
    ),
    _q(
        "public_interest_text",
        AI_ACT,
        "Art. 50(4)",
        _("Does it generate text published to inform the public on matters of public interest?"),
        _("Such text is disclosed as AI-generated, unless a person reviews it and takes editorial responsibility."),
        _("Not known whether it publishes text of public interest: Art. 50(4) is counted as applying."),
    ),
    # --- GDPR ----------------------------------------------------------------------------------------
    _q(
        "personal_data",
        GDPR,
        "GDPR Art. 4(1)",
        _("Does it process personal data?"),
        _("Any information about an identified or identifiable person, pseudonymised data included."),
        _("Not known whether it processes personal data: the GDPR screening assumes it does."),
    ),
    _q(
        "special_category",
        GDPR,
        "GDPR Art. 9",
        _("Special categories of data?"),
        _(
            "Racial or ethnic origin, political opinions, religious or philosophical beliefs, trade union "
            "membership, genetic data, biometric data to identify a person uniquely, health, sex life or "
            "sexual orientation."
        ),
        _("Not known whether special categories are processed: counted as sensitive data."),
    ),
    _q(
        "bias_detection",
        GDPR,
        "AI Act Art. 4a",
        _("Will special categories of data be used to find and correct bias in the AI system?"),
        _(
            "Allowed where strictly necessary, with safeguards: pseudonymised, access limited, deleted once the "
            "bias is corrected, and recorded."
        ),
        _("Not known whether special categories are used to correct bias: the Art. 4a safeguards are not listed."),
        since=AI_ACT_2026.code,
    ),
    _q(
        "automated_decision",
        GDPR,
        "GDPR Art. 22",
        _("Does it decide about people by automated means alone, with legal or similarly significant effects?"),
        _(
            "People then have the right to human intervention and to contest the decision; such a decision may "
            "rest on special categories only with explicit consent or a substantial public interest (Art. 22(4))."
        ),
        _("Not known whether it decides alone about people: counted as automated decision-making."),
    ),
    _q(
        "systematic_evaluation",
        GDPR,
        "GDPR Art. 35(3)(a)",
        _(
            "Does it evaluate people systematically and extensively, as the basis of decisions that have legal "
            "effects on them or similarly significantly affect them?"
        ),
        _("Profiling included. One of the three cases where a DPIA is always required."),
        _("Not known whether Art. 35(3)(a) applies: a DPIA is assumed required."),
    ),
    _q(
        "large_scale_sensitive",
        GDPR,
        "GDPR Art. 35(3)(b)",
        _("Does it process special categories, or criminal convictions, on a large scale?"),
        _("One of the three cases where a DPIA is always required."),
        _("Not known whether Art. 35(3)(b) applies: a DPIA is assumed required."),
    ),
    _q(
        "public_monitoring",
        GDPR,
        "GDPR Art. 35(3)(c)",
        _("Does it monitor a publicly accessible area systematically and on a large scale?"),
        _("One of the three cases where a DPIA is always required."),
        _("Not known whether Art. 35(3)(c) applies: a DPIA is assumed required."),
    ),
    _q(
        "evaluation_scoring",
        GDPR,
        "WP248 criterion 1",
        _("Does it evaluate or score people, profiling and predicting included?"),
        _("For example credit screening, or predicting behaviour or health."),
        _("Not known whether it evaluates or scores people: counted as a DPIA criterion."),
    ),
    _q(
        "significant_decisions",
        GDPR,
        "WP248 criterion 2",
        _(
            "Is it used to take decisions that have legal effects on people or similarly significantly affect "
            "them, even with a person deciding in the end?"
        ),
        _("For example refusing credit, a job or a benefit, or excluding or discriminating against people."),
        _("Not known whether it is used for significant decisions: counted as a DPIA criterion."),
        review="WP248 criterion 2 is read as not limited to solely automated decisions (GDPR Art. 22).",
    ),
    _q(
        "systematic_monitoring",
        GDPR,
        "WP248 criterion 3",
        _("Does it observe, monitor or control people systematically?"),
        _("Including monitoring of networks or of publicly accessible areas."),
        _("Not known whether it monitors people: counted as a DPIA criterion."),
    ),
    _q(
        "highly_personal",
        GDPR,
        "WP248 criterion 4",
        _("Data of a highly personal nature?"),
        _("For example financial, location or communication data, or criminal convictions."),
        _("Not known whether the data are highly personal: counted as a DPIA criterion."),
    ),
    _q(
        "large_scale",
        GDPR,
        "WP248 criterion 5",
        _("Is the processing on a large scale?"),
        _("Many people, much data, a long duration or a wide area."),
        _("Not known whether it is on a large scale: counted as a DPIA criterion."),
    ),
    _q(
        "matching_datasets",
        GDPR,
        "WP248 criterion 6",
        _("Does it match or combine datasets collected for different purposes?"),
        _("In a way people would not reasonably expect."),
        _("Not known whether it combines datasets: counted as a DPIA criterion."),
    ),
    _q(
        "vulnerable_subjects",
        GDPR,
        "WP248 criterion 7",
        _("Does it concern vulnerable people?"),
        _("For example employees, children, patients, elderly people or asylum seekers."),
        _("Not known whether vulnerable people are concerned: counted as a DPIA criterion."),
    ),
    _q(
        "innovative_technology",
        GDPR,
        "WP248 criterion 8",
        _("Is it an innovative use or a new technology?"),
        _("AI often counts as one."),
        _("Not known whether it is innovative: counted as a DPIA criterion."),
    ),
    _q(
        "prevents_right",
        GDPR,
        "WP248 criterion 9",
        _("Does it keep people from exercising a right or using a service or a contract?"),
        _("For example refusing a loan or a service."),
        _("Not known whether it keeps people from a right or a service: counted as a DPIA criterion."),
    ),
    _q(
        "data_location",
        GDPR,
        "GDPR Chapter V",
        _("Where would the data be stored?"),
        _("Outside the EEA (the EU, Iceland, Liechtenstein, Norway), personal data need a Chapter V safeguard."),
        _("Not known where the data would be stored: a transfer outside the EEA is assumed."),
        _choice(*_HOSTING_OPTIONS),
    ),
    _q(
        "model_location",
        GDPR,
        "GDPR Chapter V",
        _("Where would the model run?"),
        _("Personal data sent to a model hosted outside the EEA are transferred there."),
        _("Not known where the model would run: a transfer outside the EEA is assumed."),
        _choice(*_HOSTING_OPTIONS),
    ),
)
BY_CODE: dict[str, Question] = {q.code: q for q in QUESTIONS}


def options_for(code: str, answers: Mapping[str, Any], edition: Edition | None = None) -> tuple[Option, ...]:
    """The options of a question as they apply now: those of the edition, only the Annex III uses of the area chosen.

    `edition` None: every option of every edition (what the catalogue lists).
    """
    question = BY_CODE[code]
    options = question.options
    if edition is not None:
        options = tuple(o for o in options if has(edition, o.since))
    if code == "annex_iii_use" and answers.get("annex_iii_area") in AREAS:
        area = answers["annex_iii_area"]
        return tuple(o for o in options if o.area in {area, ""})
    return options
