"""The questions of the pre-assessment, as data: codes, options, one line of help, the article. Pure: no Django.

Codes are stable (the API and the exports use them). Every question also takes `unknown`.
English texts are marked with `gettext_noop` (a local no-op of the same name, so that makemessages
finds them) and translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from compliance.law import AI_ACT_2026, Edition, has


def gettext_noop(message: str) -> str:
    """Marks a string for translation; the Django side translates it when it is shown."""
    return message


_ = gettext_noop

YES, NO, UNKNOWN, NONE = "yes", "no", "unknown", "none"
PROVIDER, DEPLOYER = "provider", "deployer"
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

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


DONT_KNOW = Option(UNKNOWN, _("Don't know"))
_YES_NO = (Option(YES, _("Yes")), Option(NO, _("No")), DONT_KNOW)
_NONE_OF_THESE = Option(NONE, _("None of these"))


def _choice(*options: tuple[str, ...]) -> tuple[Option, ...]:
    """(code, label[, article[, area]]) rows, then "Don't know"."""
    return (*(Option(*row) for row in options), DONT_KNOW)


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
    2: ("automated_decision",),
    3: ("systematic_monitoring",),
    4: ("special_category", "highly_personal"),
    5: ("large_scale",),
    6: ("matching_datasets",),
    7: ("vulnerable_subjects",),
    8: ("innovative_technology",),
    9: ("prevents_right",),
}

_PRACTICE_OPTIONS = (
    (NONE, _("None of these")),
    ("manipulation", _("Subliminal, manipulative or deceptive techniques causing significant harm"), "Art. 5(1)(a)"),
    (
        "exploits_vulnerabilities",
        _("Exploiting vulnerabilities of age, disability or social situation"),
        "Art. 5(1)(b)",
    ),
    ("social_scoring", _("Social scoring leading to detrimental or unjustified treatment"), "Art. 5(1)(c)"),
    ("crime_prediction_by_profiling", _("Predicting crime from profiling or personality traits alone"), "Art. 5(1)(d)"),
    ("facial_scraping", _("Facial recognition databases from untargeted scraping of images"), "Art. 5(1)(e)"),
    ("emotion_recognition_work_education", _("Inferring emotions at work or in education"), "Art. 5(1)(f)"),
    ("biometric_categorisation_sensitive", _("Biometric categorisation inferring sensitive traits"), "Art. 5(1)(g)"),
    (
        "realtime_remote_biometric_id_law_enforcement",
        _("Real-time remote biometric identification in public spaces for law enforcement"),
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
# Annex III, point by point; "None of these" (not an Annex III use) and "Don't know" fit every area.
_USE_OPTIONS = (
    *_uses(
        "biometrics",
        ("remote_biometric_identification", _("Remote biometric identification"), "Annex III 1(a)"),
        ("biometric_categorisation", _("Biometric categorisation by sensitive attributes"), "Annex III 1(b)"),
        ("emotion_recognition", _("Emotion recognition"), "Annex III 1(c)"),
    ),
    *_uses(
        "critical_infrastructure",
        ("critical_infrastructure_safety", _("Safety of digital infrastructure, traffic or utilities"), "Annex III 2"),
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
        ("employment_management", _("Promotion, termination, tasks, or monitoring workers"), "Annex III 4(b)"),
    ),
    *_uses(
        "essential_services",
        ("public_benefits", _("Eligibility for public assistance benefits and services"), "Annex III 5(a)"),
        ("credit_scoring", _("Creditworthiness or credit score of natural persons"), "Annex III 5(b)"),
        ("life_health_insurance", _("Risk assessment and pricing in life and health insurance"), "Annex III 5(c)"),
        ("emergency_triage", _("Emergency calls, dispatch and emergency patient triage"), "Annex III 5(d)"),
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
        ("judicial_assistance", _("Helping a judicial authority research and apply the law"), "Annex III 8(a)"),
        ("election_influence", _("Influencing an election, a referendum or voting behaviour"), "Annex III 8(b)"),
    ),
    (NONE, _("None of these")),
)
_CONDITION_OPTIONS = (
    (NONE, _("None of these")),
    ("narrow_procedural", _("It performs a narrow procedural task"), "Art. 6(3)(a)"),
    ("improves_human_work", _("It improves the result of a completed human activity"), "Art. 6(3)(b)"),
    ("detects_patterns", _("It detects decision patterns without replacing the human assessment"), "Art. 6(3)(c)"),
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
) -> Question:
    return Question(code, section, text, help, article, options, cautious, since)


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
        _("The provider develops it or has it developed, under its own name; the deployer uses it."),
        _("Role not known: the obligations of both the provider and the deployer are listed."),
        _choice((PROVIDER, _("Provider")), (DEPLOYER, _("Deployer"))),
    ),
    _q(
        "excluded_purpose",
        AI_ACT,
        "Art. 2",
        _("Is it used only for one of these purposes?"),
        _("The AI Act does not apply to them."),
        _("Not known whether an exclusion applies: assessed as in scope."),
        _choice(
            (NONE, _("None of these")),
            ("military_defence", _("Military, defence or national security"), "Art. 2(3)"),
            ("research_only", _("Scientific research and development only"), "Art. 2(6)"),
            ("personal_use", _("A person's purely personal, non-professional activity"), "Art. 2(10)"),
        ),
    ),
    _q(
        "prohibited_practice",
        AI_ACT,
        "Art. 5(1)",
        _("Does it carry out one of the prohibited practices?"),
        _("These practices are banned outright, whatever the safeguards."),
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
        _("Then it is not high-risk, but its provider documents why and registers it."),
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
        _("A change its provider did not foresee makes you its provider."),
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
        "public_service",
        AI_ACT,
        "Art. 27(1)",
        _("Are you a public body, or a private entity providing public services?"),
        _("Such deployers assess the impact on fundamental rights before first use."),
        _("Not known whether you are a public body or provide public services: an impact assessment is assumed."),
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
        _("The people exposed to it must be informed."),
        _("Not known whether it recognises emotions or categorises people: Art. 50(3) is counted as applying."),
    ),
    _q(
        "deepfake",
        AI_ACT,
        "Art. 50(4)",
        _("Does it generate or manipulate images, audio or video resembling real people, places or events?"),
        _("A deep fake must be disclosed as such."),
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
        _("Health, genetic or biometric data, ethnic origin, opinions, beliefs, union membership, sex life."),
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
        _("People then have the right to human intervention and to contest the decision."),
        _("Not known whether it decides alone about people: counted as automated decision-making."),
    ),
    _q(
        "systematic_evaluation",
        GDPR,
        "GDPR Art. 35(3)(a)",
        _("Does it evaluate people systematically and extensively, as the basis of decisions with legal effects?"),
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
