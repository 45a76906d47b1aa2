"""The EU AI Act and GDPR pre-assessment rules: `assess(answers) -> Outcome`. Pure: no Django.

A reading of Regulation (EU) 2024/1689 (the AI Act), of Regulation (EU) 2016/679 (the GDPR: Art. 9,
22, 35 and Chapter V) and of the DPIA guidelines WP248 rev.01 endorsed by the EDPB. An aid to prepare
the legal review, not legal advice.

Answers are a mapping {question code: option code} (the questions are in compliance/questions.py);
a missing answer counts as `unknown`. An unknown answer that decides something takes the cautious
branch and adds an `Assumption` that says so, and the outcome then needs a legal review. The
obligations are in `OBLIGATIONS`; their dates and any wording that changed come from the edition of
the law read (compliance/law.py): `assess(answers, as_of=day)` reads the edition in force that day.

A facilitator may set another tier than the suggested one: `assess(..., tier=...)` then lists the
articles, obligations and FRIA of that tier (for the client's role, from the same answers), and the
outcome says it was overridden. `changes(answers, before, after)` lists what an amendment changed for
one set of answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from compliance import law
from compliance.law import Edition
from compliance.questions import (
    AREAS,
    ART_35_3,
    BOTH,
    BY_CODE,
    DEPLOYER,
    EXCLUSIONS,
    FRIA_USES,
    NO,
    NON_EU,
    NONE,
    PRACTICES,
    PROVIDER,
    QUESTIONS,
    ROLE_CHANGES,
    UNKNOWN,
    WP248,
    YES,
    Question,
    gettext_noop,
    options_for,
)

OUT_OF_SCOPE, PROHIBITED, HIGH, LIMITED, MINIMAL = "out_of_scope", "prohibited", "high", "limited", "minimal"
TIERS = (OUT_OF_SCOPE, PROHIBITED, HIGH, LIMITED, MINIMAL)

DPIA_REQUIRED, DPIA_LIKELY, DPIA_NOT_INDICATED = "required", "likely", "not_indicated"
DPIA_LEVELS = (DPIA_REQUIRED, DPIA_LIKELY, DPIA_NOT_INDICATED)

ANY_ROLE = "any"
TRANSPARENCY: dict[str, str] = {  # Art. 50 question -> the obligation it brings
    "interacts_with_people": "inform_interaction",
    "generates_content": "mark_generated_content",
    "emotion_or_biometric_categorisation": "inform_emotion_biometric",
    "deepfake": "disclose_deepfake",
    "public_interest_text": "disclose_public_text",
}


@dataclass(frozen=True)
class Obligation:
    code: str
    article: str
    role: str  # provider, deployer or any
    text: str
    applies_from: date
    date_article: str = ""  # the article that sets the date (Art. 113, as amended...)
    date_confirmed: bool = True  # False: no source we read settles the date (compliance/law.py)
    note: str = ""  # a qualification of the date, e.g. a grace period
    note_confirmed: bool = True  # False: no source we read settles the note's date or article
    review: str = ""  # a reading of the article we are unsure of, for the legal review (OBLIGATION_REVIEW)


@dataclass(frozen=True)
class Assumption:
    """An unknown answer that decided something, and the cautious branch taken."""

    code: str
    text: str


@dataclass(frozen=True)
class Outcome:
    tier: str
    articles: tuple[str, ...]  # the references that led to the tier, e.g. "Art. 6(2)", "Annex III 5(b)"
    obligations: tuple[Obligation, ...]  # for the client's role, each with the date it applies from
    roles: tuple[str, ...]  # the roles the obligations are for (a deployer may become a provider, Art. 25)
    fria_required: bool  # Art. 27
    dpia: str  # required, likely or not_indicated
    gdpr_articles: tuple[str, ...]  # the references behind the DPIA and transfer results
    transfer: bool  # personal data or the model hosted outside the EEA: GDPR Chapter V
    assumptions: tuple[Assumption, ...]
    unanswered: tuple[str, ...]  # questions that matter here but have no answer yet (counted as unknown)
    visible: tuple[str, ...]  # the questions that matter given the answers, in order
    edition: Edition = law.EDITIONS[-1]  # the edition of the law read
    suggested_tier: str = ""  # what the answers alone give; differs from `tier` when overridden
    overridden: bool = False  # `tier` was set by a facilitator, not suggested by the answers

    @property
    def needs_legal_review(self) -> bool:
        return bool(self.assumptions)


@dataclass(frozen=True)
class Change:
    """One thing an amendment of the law changed for a use case's answers."""

    kind: str  # one of CHANGE_KINDS
    subject: str  # "tier", an obligation code, an article or a question code
    article: str  # the article concerned ("" for the tier)
    before: str | None  # the tier, the date (ISO), the wording; None when added
    after: str | None  # likewise; None when removed
    by: str  # the amending act ("" when the law went back to an older edition)


TIER_CHANGE, OBLIGATION_ADDED, OBLIGATION_REMOVED = "tier", "obligation_added", "obligation_removed"
DATE_MOVED, ARTICLE, QUESTION_ADDED = "date_moved", "article", "question_added"
CHANGE_KINDS = (TIER_CHANGE, OBLIGATION_ADDED, OBLIGATION_REMOVED, DATE_MOVED, ARTICLE, QUESTION_ADDED)


# code -> (article, role, date key): a key of the edition's applicability table (compliance/law.py), or
# "high_risk" (the date of the route that makes it high-risk) or "prohibited" (that of the practice).
_HIGH_RISK_DATE, _PROHIBITED_DATE = "high_risk", "prohibited"
OBLIGATIONS: dict[str, tuple[str, str, str]] = {
    "sectoral_rules": ("Art. 2(2)", ANY_ROLE, _HIGH_RISK_DATE),
    "ai_literacy": ("Art. 4", ANY_ROLE, law.PROHIBITIONS),
    "bias_safeguards": ("Art. 4a", ANY_ROLE, law.BIAS_DETECTION),
    "stop_prohibited": ("Art. 5", ANY_ROLE, _PROHIBITED_DATE),
    "document_not_high_risk": ("Art. 6(4)", PROVIDER, law.GENERAL),
    "risk_management": ("Art. 9", PROVIDER, _HIGH_RISK_DATE),
    "data_governance": ("Art. 10", PROVIDER, _HIGH_RISK_DATE),
    "technical_documentation": ("Art. 11", PROVIDER, _HIGH_RISK_DATE),
    "record_keeping": ("Art. 12", PROVIDER, _HIGH_RISK_DATE),
    "instructions_for_use": ("Art. 13", PROVIDER, _HIGH_RISK_DATE),
    "human_oversight": ("Art. 14", PROVIDER, _HIGH_RISK_DATE),
    "accuracy_robustness": ("Art. 15", PROVIDER, _HIGH_RISK_DATE),
    "provider_identification": ("Art. 16(b)", PROVIDER, _HIGH_RISK_DATE),
    "accessibility": ("Art. 16(l)", PROVIDER, _HIGH_RISK_DATE),
    "quality_management": ("Art. 17", PROVIDER, _HIGH_RISK_DATE),
    "keep_documentation": ("Art. 18", PROVIDER, _HIGH_RISK_DATE),
    "keep_logs": ("Art. 19", PROVIDER, _HIGH_RISK_DATE),
    "corrective_actions": ("Art. 20", PROVIDER, _HIGH_RISK_DATE),
    "demonstrate_conformity": ("Art. 21", PROVIDER, _HIGH_RISK_DATE),
    "authorised_representative": ("Art. 22", PROVIDER, _HIGH_RISK_DATE),
    "deployer_duties": ("Art. 26", DEPLOYER, _HIGH_RISK_DATE),
    "inform_workers": ("Art. 26(7)", DEPLOYER, _HIGH_RISK_DATE),
    "deployer_registration": ("Art. 26(8), 49(3)", DEPLOYER, _HIGH_RISK_DATE),
    "inform_affected_persons": ("Art. 26(11)", DEPLOYER, _HIGH_RISK_DATE),
    "fria": ("Art. 27", DEPLOYER, _HIGH_RISK_DATE),
    "conformity_assessment": ("Art. 43", PROVIDER, _HIGH_RISK_DATE),
    "declaration_of_conformity": ("Art. 47", PROVIDER, _HIGH_RISK_DATE),
    "ce_marking": ("Art. 48", PROVIDER, _HIGH_RISK_DATE),
    "registration": ("Art. 49(1)", PROVIDER, _HIGH_RISK_DATE),
    "register_not_high_risk": ("Art. 49(2)", PROVIDER, law.GENERAL),
    "register_nationally": ("Art. 49(5)", PROVIDER, _HIGH_RISK_DATE),
    "inform_interaction": ("Art. 50(1)", PROVIDER, law.GENERAL),
    "mark_generated_content": ("Art. 50(2)", PROVIDER, law.GENERAL),
    "inform_emotion_biometric": ("Art. 50(3)", DEPLOYER, law.GENERAL),
    "disclose_deepfake": ("Art. 50(4)", DEPLOYER, law.GENERAL),
    "disclose_public_text": ("Art. 50(4)", DEPLOYER, law.GENERAL),
    "post_market_monitoring": ("Art. 72", PROVIDER, _HIGH_RISK_DATE),
    "serious_incidents": ("Art. 73", PROVIDER, _HIGH_RISK_DATE),
    "explain_decisions": ("Art. 86", DEPLOYER, _HIGH_RISK_DATE),
}
_ = gettext_noop
OBLIGATION_TEXTS: dict[str, str] = {
    "sectoral_rules": _(
        "A product of Annex I Section B: of the AI Act only Art. 6(1), 102 to 109 and 112 apply; meet its "
        "high-risk requirements as the sector's own type-approval or certification rules take them over."
    ),
    "ai_literacy": _("Ensure a sufficient level of AI literacy of the staff who operate or use it."),
    "bias_safeguards": _(
        "Process special categories only where strictly necessary to detect and correct bias: pseudonymised, "
        "access limited, deleted once corrected, and recorded."
    ),
    "stop_prohibited": _("Do not place it on the market, put it into service or use it: change the purpose or stop."),
    "document_not_high_risk": _("Document why it is not high-risk before placing it on the market."),
    "risk_management": _("Run a risk management system over its whole lifecycle."),
    "data_governance": _("Use training, validation and test data that are relevant, representative and checked."),
    "technical_documentation": _("Draw up the technical documentation before placing it on the market."),
    "record_keeping": _("Make it log events automatically over its lifetime."),
    "instructions_for_use": _("Make its output interpretable, with instructions for use for deployers."),
    "human_oversight": _("Design it so that people can oversee it effectively."),
    "accuracy_robustness": _("Achieve an appropriate level of accuracy, robustness and cybersecurity."),
    "provider_identification": _(
        "Put your name, registered trade name or trade mark and contact address on it, or else on its packaging "
        "or documentation."
    ),
    "accessibility": _("Make it meet the EU accessibility requirements (Directives (EU) 2016/2102 and 2019/882)."),
    "quality_management": _("Put a quality management system in place."),
    "keep_documentation": _(
        "Keep its technical documentation, quality management documentation and declaration of conformity for "
        "10 years after placing it on the market."
    ),
    "keep_logs": _("Keep the logs it generates automatically, while under your control, for six months or more."),
    "corrective_actions": _(
        "If it does not conform, correct it, withdraw, disable or recall it at once, and inform the distributors, "
        "deployers and, for a risk, the authorities."
    ),
    "demonstrate_conformity": _(
        "On a reasoned request of a competent authority, show that it conforms: documentation and logs."
    ),
    "authorised_representative": _(
        "Appoint, by written mandate, an authorised representative established in the EU before making it "
        "available there."
    ),
    "deployer_duties": _(
        "Use it as its instructions say, with competent human oversight; keep the input data you control "
        "relevant and representative; monitor it, and suspend it and inform the provider and the authority of "
        "a risk or a serious incident; keep its logs six months or more."
    ),
    "inform_workers": _(
        "Before using it at the workplace, inform the workers' representatives and the workers concerned."
    ),
    "deployer_registration": _(
        "As a public authority, register your use of it in the EU database before using it; do not use it if "
        "it is not registered there."
    ),
    "inform_affected_persons": _("Inform the people it decides or helps decide about that it is used for them."),
    "fria": _(
        "Assess its impact on fundamental rights before first use, and notify the market surveillance authority."
    ),
    "conformity_assessment": _("Pass the conformity assessment before placing it on the market."),
    "declaration_of_conformity": _("Draw up the EU declaration of conformity."),
    "ce_marking": _("Affix the CE marking."),
    "registration": _("Register it in the EU database before placing it on the market."),
    "register_not_high_risk": _("Register it in the EU database, although it is not high-risk."),
    "register_nationally": _("Register it at national level (critical infrastructure: not in the EU database)."),
    "inform_interaction": _("Tell people they are interacting with an AI system, unless it is obvious."),
    "mark_generated_content": _("Mark generated audio, images, video and text as AI-generated, machine-readably."),
    "inform_emotion_biometric": _("Inform the people exposed to emotion recognition or biometric categorisation."),
    "disclose_deepfake": _(
        "Disclose that images, audio or video were artificially generated or manipulated; in an evidently "
        "artistic, creative, satirical or fictional work, in a way that does not hamper it."
    ),
    "disclose_public_text": _("Disclose that text published to inform the public is AI-generated, unless edited."),
    "post_market_monitoring": _("Monitor it once on the market, following a post-market monitoring plan."),
    "serious_incidents": _(
        "Report a serious incident to the market surveillance authority within 15 days of learning of it; "
        "within 10 days if a person died; within 2 days for a widespread infringement or a serious disruption "
        "of critical infrastructure."
    ),
    "explain_decisions": _(
        "Give a person affected by a decision based on its output, with legal or similarly significant effects, "
        "who asks, a clear explanation of its role and of the main elements of the decision."
    ),
}
DEPLOYER_ART_6_3 = _(
    "You claim an Art. 6(3) exception as a deployer: it rests on the provider's documented assessment (Art. 6(4)), "
    "which you should obtain and check before relying on it."
)
# Readings we are unsure of, for the legal review (English: not shown to clients as they stand).
OBLIGATION_REVIEW: dict[str, str] = {
    "sectoral_rules": (
        "Art. 2(2) says 'only Article 6(1), Articles 102 to 109 and Article 112 apply': Art. 4 and Art. 50 are "
        "still listed for such products until the legal review confirms whether they apply."
    ),
    "inform_affected_persons": "Art. 26(11) is not applied to Annex III point 2 (safety components).",
    "explain_decisions": "Art. 86 is dated with the Annex III obligations (postponed in the 2026 edition).",
    "deployer_registration": "Art. 26(8) and 49(3) read together: Annex III except point 2.",
}
ERROR_UNKNOWN_QUESTION = _("Unknown question.")
ERROR_NOT_AN_OPTION = _("Not one of the options of this question.")
ERROR_NOT_IN_AREA = _("Not a use of the Annex III area chosen.")
ERROR_NOT_A_MAPPING = _("Send the answers as an object: {question code: option code}.")
del _
_HIGH_RISK_PROVIDER = (  # Art. 16 (a)-(l), 72, 73; registration and Art. 22 depend on the Annex and on the provider
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
)


def _edition(as_of: date | None, edition: Edition | None) -> Edition:
    if edition is not None:
        return edition
    return law.edition_on(as_of or date.today())


def validate(answers: Any, *, as_of: date | None = None, edition: Edition | None = None) -> dict[str, str]:
    """{code: English message} for each unknown code or value under the edition; empty when every answer is valid."""
    if not isinstance(answers, Mapping):
        return {"answers": ERROR_NOT_A_MAPPING}
    read = _edition(as_of, edition)
    errors: dict[str, str] = {}
    for code, value in answers.items():
        question = BY_CODE.get(code) if isinstance(code, str) else None
        if question is None or not law.has(read, question.since):
            errors[str(code)] = ERROR_UNKNOWN_QUESTION
        elif not isinstance(value, str) or value not in {o.code for o in options_for(code, {}, read)}:
            errors[code] = ERROR_NOT_AN_OPTION
        elif value not in {o.code for o in options_for(code, answers, read)}:
            errors[code] = ERROR_NOT_IN_AREA
    return errors


class _Walk:
    """One pass over the rules under one edition: records which questions were asked and what was assumed."""

    def __init__(self, answers: Mapping[str, Any], edition: Edition) -> None:
        self.answers = answers if isinstance(answers, Mapping) else {}
        self.edition = edition
        self.asked: list[str] = []
        self.assumptions: list[Assumption] = []

    def has(self, code: str) -> bool:
        """Whether the edition read asks this question at all."""
        return law.has(self.edition, BY_CODE[code].since)

    def ask(self, code: str) -> str:
        if code not in self.asked:
            self.asked.append(code)
        value = self.answers.get(code)
        valid = {o.code for o in options_for(code, self.answers, self.edition)}
        return value if isinstance(value, str) and value in valid else UNKNOWN

    def assume(self, code: str, text: str = "") -> None:
        """Records the cautious branch taken for `code` (its question's own text unless `text` says otherwise)."""
        if all(a.code != code for a in self.assumptions):
            self.assumptions.append(Assumption(code, text or BY_CODE[code].cautious))


def _obligation(code: str, edition: Edition, high_risk_key: str, prohibited_key: str) -> Obligation:
    article, role, when = OBLIGATIONS[code]
    key = {_HIGH_RISK_DATE: high_risk_key, _PROHIBITED_DATE: prohibited_key}.get(when, when)
    applies = edition.applies(key)
    wording = edition.wording.get(code)
    note = edition.notes.get(code)
    return Obligation(
        code=code,
        article=wording.article if wording else article,
        role=role,
        text=wording.text if wording else OBLIGATION_TEXTS[code],
        applies_from=applies.day,
        date_article=applies.article,
        date_confirmed=applies.confirmed,
        note=note.text if note else "",
        note_confirmed=edition.applies(note.when).confirmed if note else True,
        review=OBLIGATION_REVIEW.get(code, ""),
    )


@dataclass
class _AiAct:
    tier: str = MINIMAL
    articles: list[str] = field(default_factory=list)
    obligations: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    fria: bool = False
    high_risk_key: str = law.ANNEX_III
    prohibited_key: str = law.PROHIBITIONS


def _roles(walk: _Walk) -> set[str]:
    """Art. 3(3), 3(4): provider, deployer, or both when the organisation builds it and uses it itself."""
    role = walk.ask("role")
    if role == UNKNOWN:
        walk.assume("role")
        return {PROVIDER, DEPLOYER}
    if role == BOTH:
        return {PROVIDER, DEPLOYER}
    return {role}


def _prohibited(practice: str, roles: set[str]) -> _AiAct:
    option = BY_CODE["prohibited_practice"].option(practice)
    return _AiAct(
        tier=PROHIBITED,
        articles=[option.article if option and option.article else "Art. 5(1)"],
        obligations=["stop_prohibited", "ai_literacy"],
        roles=roles,
        prohibited_key=law.INTIMATE_IMAGERY if practice == "intimate_imagery" else law.PROHIBITIONS,
    )


def _ai_act(walk: _Walk) -> _AiAct:
    result = _AiAct()
    is_ai = walk.ask("is_ai_system")
    if is_ai == NO:
        return _AiAct(tier=OUT_OF_SCOPE, articles=["Art. 3(1)"])
    if is_ai == UNKNOWN:
        walk.assume("is_ai_system")
    role = walk.ask("role")
    result.roles = _roles(walk)
    excluded = walk.ask("excluded_purpose")
    # Art. 2(10): "This Regulation does not apply to obligations of deployers who are natural persons using AI
    # systems in the course of a purely personal non-professional activity": the provider keeps its duties,
    # and Art. 5 (asked next) still prohibits.
    personal = excluded == "personal_use"
    if excluded in EXCLUSIONS and not personal:
        option = BY_CODE["excluded_purpose"].option(excluded)
        return _AiAct(tier=OUT_OF_SCOPE, articles=[option.article if option else "Art. 2"])
    if excluded == UNKNOWN:
        walk.assume("excluded_purpose")

    practice = walk.ask("prohibited_practice")
    if practice in PRACTICES:
        return _prohibited(practice, result.roles)
    # Unknown: prohibited until the review says otherwise, but the rest is still asked so the
    # review has the answers it needs if the practice turns out to be allowed.
    prohibited_unknown = practice == UNKNOWN
    if prohibited_unknown:
        walk.assume("prohibited_practice")
    if personal:
        if result.roles == {DEPLOYER}:
            if prohibited_unknown:
                return _AiAct(tier=PROHIBITED, articles=["Art. 5(1)"], obligations=["stop_prohibited", "ai_literacy"])
            return _AiAct(tier=OUT_OF_SCOPE, articles=["Art. 2(10)"])
        result.roles.discard(DEPLOYER)  # the users' own duties are lifted; the provider's stay
        result.articles.append("Art. 2(10)")

    high_annex_i = walk.ask("annex_i_safety_component")
    if high_annex_i == UNKNOWN:
        walk.assume("annex_i_safety_component")
    annex_i = high_annex_i != NO
    section_b = False
    if annex_i:
        result.articles += ["Art. 6(1)", "Annex I"]
    if high_annex_i == YES:  # unknown: the full duties (the section matters only once it is Annex I)
        section = walk.ask("annex_i_section")
        if section == UNKNOWN:
            walk.assume("annex_i_section")
        section_b = section in walk.edition.annex_i_section_b

    point = _annex_iii(walk, result)
    if annex_i or point.high:
        result.tier = HIGH
        # Annex III high risk applies from its date; Art. 6(1) (Annex I) from its own, later one.
        result.high_risk_key = law.ANNEX_III if point.high else law.ANNEX_I
        if section_b and not point.high:
            result.articles.append("Art. 2(2)")
        _high_risk_duties(walk, result, role, point, section_b_only=section_b and not point.high)

    _transparency(walk, result)
    result.obligations.append("ai_literacy")

    if prohibited_unknown:
        return _AiAct(
            tier=PROHIBITED, articles=["Art. 5(1)"], obligations=["stop_prohibited", "ai_literacy"], roles=result.roles
        )
    return result


@dataclass(frozen=True)
class _Point:
    """Where Annex III places it: high-risk or not, the area and the use answered, and whether only point 2."""

    high: bool
    area: str = NONE
    use: str = NONE
    only_point_2: bool = False  # critical infrastructure alone: no Art. 27, 26(11), 86; registered nationally


def _high_risk_duties(walk: _Walk, result: _AiAct, role: str, point: _Point, *, section_b_only: bool = False) -> None:
    """The roles (Art. 25), the FRIA (Art. 27) and the provider's and deployer's high-risk duties."""
    if section_b_only:
        # Art. 2(2): "only Article 6(1), Articles 102 to 109 and Article 112 apply".
        result.obligations.append("sectoral_rules")
        return
    _high_risk_roles(walk, result, role)
    annex_iii = point.high
    # Art. 26(8) and 49(3): public authorities register their use, for Annex III except point 2.
    public_authority = NO
    if DEPLOYER in result.roles and annex_iii and not point.only_point_2:
        public_authority = walk.ask("public_authority")
        if public_authority == UNKNOWN:
            walk.assume("public_authority")
    if DEPLOYER in result.roles and annex_iii:
        result.fria = _fria(walk, point, public_authority)
    if PROVIDER in result.roles:
        result.obligations += _HIGH_RISK_PROVIDER
        if annex_iii:  # Art. 49(1) excludes Annex I and point 2 of Annex III; point 2 registers nationally (49(5))
            result.obligations.append("register_nationally" if point.only_point_2 else "registration")
        non_eu = walk.ask("non_eu_provider")
        if non_eu == UNKNOWN:
            walk.assume("non_eu_provider")
        if non_eu != NO:
            result.obligations.append("authorised_representative")
    if DEPLOYER in result.roles:
        result.obligations.append("deployer_duties")
        employer = walk.ask("employer")
        if employer == UNKNOWN:
            walk.assume("employer")
        if employer != NO:
            result.obligations.append("inform_workers")
        if annex_iii and not point.only_point_2:
            result.obligations += ["inform_affected_persons", "explain_decisions"]
            if public_authority != NO:
                result.obligations.append("deployer_registration")
        if result.fria:
            result.obligations.append("fria")


def _transparency(walk: _Walk, result: _AiAct, *, every: bool = False) -> None:
    """Art. 50: the obligations the answers bring (`every`: all of them when none does, for an override)."""
    found: list[str] = []
    for code, obligation in TRANSPARENCY.items():
        answer = walk.ask(code)
        if answer == UNKNOWN:
            walk.assume(code)
        if answer in {YES, UNKNOWN}:
            found.append(obligation)
    if every and not found:
        found = list(TRANSPARENCY.values())
    for obligation in found:
        article, duty_role, _when = OBLIGATIONS[obligation]
        if article not in result.articles:
            result.articles.append(article)
        if result.tier not in {HIGH, PROHIBITED, OUT_OF_SCOPE}:
            result.tier = LIMITED
        if duty_role in result.roles:
            result.obligations.append(obligation)


def _biometric_point(walk: _Walk) -> str:
    """Art. 50(6): the Art. 50(3) answer does not displace Annex III 1(b) and 1(c). The reference, or ""."""
    answer = walk.ask("emotion_or_biometric_categorisation")
    if answer == NO:
        return ""
    if answer == UNKNOWN:
        walk.assume("emotion_or_biometric_categorisation")
    kind = walk.ask("biometric_kind")
    if kind == "other_categorisation":
        return ""
    if kind == UNKNOWN:
        walk.assume("biometric_kind")
        return "Annex III 1"
    option = BY_CODE["biometric_kind"].option(kind)
    return option.article if option else "Annex III 1"


def _annex_iii(walk: _Walk, result: _AiAct) -> _Point:
    """Where Annex III places it; adds the references and the Art. 6(3) duties."""
    area = walk.ask("annex_iii_area")
    use = NONE if area == NONE else UNKNOWN
    references: list[str] = []
    if area == UNKNOWN:
        walk.assume("annex_iii_area")
        references.append("Annex III")
    elif area != NONE:
        use = walk.ask("annex_iii_use")
        option = BY_CODE["annex_iii_use"].option(use)
        if use == UNKNOWN:
            walk.assume("annex_iii_use")
            references.append(AREAS[area])
        elif use != NONE and option is not None and not option.not_high_risk:
            references.append(option.article)
    biometric = _biometric_point(walk)
    if biometric and biometric not in references:
        references.append(biometric)
    if not references:
        return _Point(False, area, use)
    only_point_2 = area == "critical_infrastructure" and use != UNKNOWN and not biometric
    point = _Point(True, area, use, only_point_2)
    condition = walk.ask("art6_3_condition")
    if condition == NONE:
        result.articles += ["Art. 6(2)", *references]
        return point
    profiling = walk.ask("profiling")
    if profiling == YES:
        # Art. 6(3), last subparagraph: profiling keeps it high-risk whatever the condition.
        result.articles += ["Art. 6(2)", *references, "Art. 6(3)"]
        return point
    if condition == UNKNOWN:
        walk.assume("art6_3_condition")
    if profiling == UNKNOWN:
        walk.assume("profiling")
    if condition == UNKNOWN or profiling == UNKNOWN:
        result.articles += ["Art. 6(2)", *references, "Art. 6(3)"]
        return point
    option = BY_CODE["art6_3_condition"].option(condition)
    result.articles += [*references, option.article if option else "Art. 6(3)"]
    if PROVIDER in result.roles:
        result.obligations += ["document_not_high_risk", "register_not_high_risk"]
    else:
        # Art. 6(4): the exception is the provider's documented assessment; the deployer relies on it.
        walk.assume("art6_3_condition", DEPLOYER_ART_6_3)
    return _Point(False, area, use)


def _high_risk_roles(walk: _Walk, result: _AiAct, role: str) -> None:
    """Art. 25(1): a deployer who brands, substantially modifies or repurposes it becomes its provider."""
    if role != DEPLOYER:
        return
    unknown = []
    for code in ROLE_CHANGES:
        answer = walk.ask(code)
        if answer == YES:
            result.roles.add(PROVIDER)
            result.articles.append(BY_CODE[code].article)
            return  # the first yes decides: the others no longer matter
        if answer == UNKNOWN:
            unknown.append(code)
    if unknown:
        for code in unknown:
            walk.assume(code)
        result.roles.add(PROVIDER)
        result.articles.append("Art. 25(1)")


def _fria(walk: _Walk, point: _Point, public_authority: str) -> bool:
    """Art. 27(1): bodies governed by public law and public services (not point 2), and 5(b), 5(c) always."""
    if point.use in FRIA_USES:
        return True
    if point.only_point_2:
        return False
    if public_authority == YES:
        return True  # read as a body governed by public law (see the review note of `public_service`)
    public = walk.ask("public_service")
    if public == UNKNOWN:
        walk.assume("public_service")
        return True
    # The point is unknown (its assumption is already recorded): it may be 5(b) or 5(c).
    point_unknown = point.area == UNKNOWN or (point.area == "essential_services" and point.use == UNKNOWN)
    return public == YES or point_unknown or public_authority == UNKNOWN


@dataclass
class _Gdpr:
    dpia: str = DPIA_NOT_INDICATED
    articles: list[str] = field(default_factory=list)
    transfer: bool = False


def _gdpr(walk: _Walk) -> _Gdpr:
    result = _Gdpr()
    personal = walk.ask("personal_data")
    if personal == NO:
        return result
    if personal == UNKNOWN:
        walk.assume("personal_data")
    answers: dict[str, str] = {}
    for code in ("special_category", "automated_decision", *ART_35_3):
        answers[code] = walk.ask(code)
    if answers["special_category"] == YES:
        result.articles.append("GDPR Art. 9")
    if answers["automated_decision"] == YES:
        result.articles.append("GDPR Art. 22")
    # Art. 22(4): "Decisions referred to in paragraph 2 shall not be based on special categories of personal
    # data referred to in Article 9(1), unless point (a) or (g) of Article 9(2) applies [...]".
    pair = (answers["automated_decision"], answers["special_category"])
    if YES in pair and set(pair) <= {YES, UNKNOWN}:
        for code, value in zip(("automated_decision", "special_category"), pair, strict=True):
            if value == UNKNOWN:
                walk.assume(code)
        result.articles.append("GDPR Art. 22(4)")

    cases = [code for code in ART_35_3 if answers[code] == YES]
    if cases:
        result.dpia = DPIA_REQUIRED
        result.articles += [BY_CODE[code].article for code in cases]
    else:
        # Art. 35(3) not met (or unknown): the WP248 criteria tell whether a DPIA is likely.
        unsure_cases = [code for code in ART_35_3 if answers[code] == UNKNOWN]
        met, unsure = _wp248(walk, answers)
        if answers["special_category"] == YES and walk.ask("large_scale") == YES:
            # Art. 35(3)(b): "processing on a large scale of special categories of data", answered in two parts.
            result.dpia = DPIA_REQUIRED
            result.articles.append(BY_CODE["large_scale_sensitive"].article)
        elif unsure_cases:
            for code in unsure_cases:
                walk.assume(code)
            result.dpia = DPIA_REQUIRED
            result.articles.append("GDPR Art. 35(3)")
        elif len(met) >= 2:
            result.dpia = DPIA_LIKELY
        elif len(met) + len(unsure) >= 2:
            for codes in unsure.values():
                for code in codes:
                    walk.assume(code)
            result.dpia = DPIA_LIKELY
        if result.dpia == DPIA_LIKELY:
            numbers = sorted([*met, *unsure]) if len(met) < 2 else sorted(met)
            result.articles.append("WP248 criteria " + ", ".join(str(n) for n in numbers))

    locations = [walk.ask("data_location"), walk.ask("model_location")]
    if NON_EU in locations:
        result.transfer = True
    elif UNKNOWN in locations:
        for code, answer in zip(("data_location", "model_location"), locations, strict=True):
            if answer == UNKNOWN:
                walk.assume(code)
        result.transfer = True
    if result.transfer:
        result.articles.append("GDPR Chapter V")
    return result


def _wp248(walk: _Walk, answers: dict[str, str]) -> tuple[list[int], dict[int, list[str]]]:
    """The criteria met, and those unknown (with the questions left unknown), asking what is needed."""
    met: list[int] = []
    unsure: dict[int, list[str]] = {}
    for number, codes in WP248.items():
        values: dict[str, str] = {}
        for code in codes:
            values[code] = answers[code] if code in answers else walk.ask(code)
            if values[code] == YES:
                break  # criterion 4: special categories already meet it, "highly personal" is not asked
        if YES in values.values():
            met.append(number)
        elif UNKNOWN in values.values():
            unsure[number] = [code for code, value in values.items() if value == UNKNOWN]
    return met, unsure


def _forced(walk: _Walk, tier: str, suggested: _AiAct) -> _AiAct:
    """The articles, obligations and FRIA of a tier a facilitator set, for the roles the answers give."""
    if tier == suggested.tier:
        return suggested
    if tier == OUT_OF_SCOPE:
        return _AiAct(tier=OUT_OF_SCOPE, articles=["Art. 2"])
    role = walk.ask("role")
    roles = _roles(walk)
    if tier == PROHIBITED:
        return _prohibited(walk.ask("prohibited_practice"), roles)
    result = _AiAct(tier=tier, roles=roles)
    if tier == HIGH:
        area = walk.ask("annex_iii_area")
        use = walk.ask("annex_iii_use") if area in AREAS else NONE
        annex_i_only = walk.ask("annex_i_safety_component") == YES and area == NONE
        result.high_risk_key = law.ANNEX_I if annex_i_only else law.ANNEX_III
        result.articles += ["Art. 6(1)", "Annex I"] if annex_i_only else ["Art. 6(2)"]
        if area in AREAS:
            option = BY_CODE["annex_iii_use"].option(use)
            result.articles.append(option.article if option and option.area else AREAS[area])
        section_b = False
        if annex_i_only:
            section = walk.ask("annex_i_section")
            if section == UNKNOWN:
                walk.assume("annex_i_section")
            section_b = section in walk.edition.annex_i_section_b
            if section_b:
                result.articles.append("Art. 2(2)")
        only_point_2 = area == "critical_infrastructure" and use not in {UNKNOWN, NONE}
        point = _Point(not annex_i_only, area, use, only_point_2)
        _high_risk_duties(walk, result, role, point, section_b_only=section_b)
        _transparency(walk, result)
    elif tier == LIMITED:
        _transparency(walk, result, every=True)
    result.obligations.append("ai_literacy")
    return result


def _bias_detection(walk: _Walk, gdpr: _Gdpr) -> list[str]:
    """Art. 4a (2026): special categories used to detect and correct bias bring its safeguards."""
    if not walk.has("bias_detection") or walk.answers.get("personal_data") == NO:
        return []
    if walk.ask("special_category") == NO:
        return []
    # Art. 4a permits; it does not oblige: its safeguards are listed only for those who say they use it.
    if walk.ask("bias_detection") != YES:
        return []
    gdpr.articles.append("AI Act Art. 4a")
    return ["bias_safeguards"]


def assess(
    answers: Mapping[str, Any],
    as_of: date | None = None,
    *,
    edition: Edition | None = None,
    tier: str | None = None,
) -> Outcome:
    """The outcome of the answers under the edition in force on `as_of` (default today), or under `edition`.

    `tier`: the tier a facilitator set; its articles, obligations and FRIA replace the suggested ones.
    Never raises: an invalid or missing answer counts as unknown, an unknown tier as none set.
    """
    read = _edition(as_of, edition)
    walk = _Walk(answers, read)
    suggested = _ai_act(walk)
    ai_act = _forced(walk, tier, suggested) if tier in TIERS else suggested
    gdpr = _gdpr(walk)
    bias = _bias_detection(walk, gdpr) if ai_act.tier != OUT_OF_SCOPE else []
    obligations: list[Obligation] = []
    for code in OBLIGATIONS:  # catalogue order: by article
        if code in ai_act.obligations or code in bias:
            obligations.append(_obligation(code, read, ai_act.high_risk_key, ai_act.prohibited_key))
    visible = tuple(q.code for q in QUESTIONS if q.code in walk.asked)
    return Outcome(
        tier=ai_act.tier,
        articles=tuple(dict.fromkeys(ai_act.articles)),
        obligations=tuple(obligations),
        roles=tuple(r for r in (PROVIDER, DEPLOYER) if r in ai_act.roles) if ai_act.tier != OUT_OF_SCOPE else (),
        fria_required=ai_act.fria and ai_act.tier == HIGH,
        dpia=gdpr.dpia,
        gdpr_articles=tuple(dict.fromkeys(gdpr.articles)),
        transfer=gdpr.transfer,
        assumptions=tuple(walk.assumptions),
        unanswered=tuple(code for code in visible if code not in walk.answers),
        visible=visible,
        edition=read,
        suggested_tier=suggested.tier,
        overridden=ai_act is not suggested,
    )


def changes(
    answers: Mapping[str, Any], before: Edition, after: Edition, *, tier: str | None = None
) -> tuple[Change, ...]:
    """What moving from the edition `before` to `after` changes for these answers (and the tier in force)."""
    if before.code == after.code:
        return ()
    old = assess(answers, edition=before, tier=tier)
    new = assess(answers, edition=after, tier=tier)
    by = after.amended_by if law.ORDER[after.code] > law.ORDER[before.code] else ""
    found: list[Change] = []
    if old.suggested_tier != new.suggested_tier:
        found.append(Change(TIER_CHANGE, "tier", "", old.suggested_tier, new.suggested_tier, by))
    old_duties = {o.code: o for o in old.obligations}
    new_duties = {o.code: o for o in new.obligations}
    for code, duty in new_duties.items():
        was = old_duties.get(code)
        if was is None:
            found.append(Change(OBLIGATION_ADDED, code, duty.article, None, duty.applies_from.isoformat(), by))
            continue
        if was.applies_from != duty.applies_from:
            before_day, after_day = was.applies_from.isoformat(), duty.applies_from.isoformat()
            found.append(Change(DATE_MOVED, code, duty.article, before_day, after_day, by))
        if was.text != duty.text or was.article != duty.article:
            found.append(Change(ARTICLE, code, duty.article, was.text, duty.text, by))
    for code, was in old_duties.items():
        if code not in new_duties:
            found.append(Change(OBLIGATION_REMOVED, code, was.article, was.applies_from.isoformat(), None, by))
    old_articles = set(old.articles + old.gdpr_articles)
    new_articles = set(new.articles + new.gdpr_articles)
    for article in (*new.articles, *new.gdpr_articles):
        if article not in old_articles:
            found.append(Change(ARTICLE, article, article, None, article, by))
    for article in (*old.articles, *old.gdpr_articles):
        if article not in new_articles:
            found.append(Change(ARTICLE, article, article, article, None, by))
    for code in new.visible:
        if code not in old.visible and code not in answers:
            found.append(Change(QUESTION_ADDED, code, BY_CODE[code].article, None, code, by))
    return tuple(found)


def visible_questions(
    answers: Mapping[str, Any], as_of: date | None = None, *, edition: Edition | None = None, tier: str | None = None
) -> list[Question]:
    """The questions that matter given the answers so far, in order."""
    return [BY_CODE[code] for code in assess(answers, as_of, edition=edition, tier=tier).visible]


def prune(
    answers: Mapping[str, Any], as_of: date | None = None, *, edition: Edition | None = None, tier: str | None = None
) -> dict[str, str]:
    """Only the answers to the questions that matter: an answer left behind by a changed branch goes."""
    visible = set(assess(answers, as_of, edition=edition, tier=tier).visible)
    return {code: value for code, value in answers.items() if code in visible}
