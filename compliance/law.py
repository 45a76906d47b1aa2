"""The editions of the EU AI Act, as data: which text is in force on a day, and when each part applies.

Pure: no Django. `compliance.rules` reads an `Edition`; nothing here decides a tier. Adding the next
amendment is a new `Edition` at the end of `EDITIONS` (its dates, its wording, its sources), the
questions or options it brings marked with `since=<its code>` in compliance/questions.py, and their
tests; no rule changes.

Every fact carries the article it comes from and the sources it was read from, with the day they were
checked. A fact that no source we could read settles is marked `confirmed=False`, and the pages show it
as unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


def _(message: str) -> str:
    """Marks a string for translation (makemessages finds it); the Django side translates it when shown."""
    return message


# Keys of an edition's applicability table (`Edition.applies_from`).
PROHIBITIONS = "chapters_i_ii"  # Art. 1-5: definitions, AI literacy, the prohibited practices
GPAI = "gpai"  # general-purpose AI models, governance, penalties
GENERAL = "general"  # everything else: Art. 6(3)-(4) documentation, Art. 49(2), Art. 50 transparency
ANNEX_III = "annex_iii"  # high-risk through Art. 6(2) and Annex III
ANNEX_I = "annex_i"  # high-risk through Art. 6(1) and Annex I (products and their safety components)
INTIMATE_IMAGERY = "art_5_intimate_imagery"  # the prohibition added in 2026
ART_50_2_PLACED_BEFORE = "art_50_2_placed_before"  # Art. 50(2) for generative systems already on the market
BIAS_DETECTION = "art_4a"  # special categories processed to detect and correct bias

# The kinds of Annex I product (the options of the question `annex_i_section`): which of them are in Section B,
# where Art. 2(2) applies only Art. 6(1), 102-109 and 112, is data of the edition (`Edition.annex_i_section_b`).
SECTION_A, MACHINERY, SECTION_B = "section_a", "machinery", "section_b"

CHECKED = date(2026, 12, 5)  # the day the facts below were last checked against their sources


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    checked: date = CHECKED


@dataclass(frozen=True)
class When:
    """A date from which a part of the law applies, the article that says so, and whether it is settled."""

    day: date
    article: str
    confirmed: bool = True


@dataclass(frozen=True)
class Wording:
    """What an edition says of one obligation, where it differs from the text in compliance/rules.py."""

    article: str
    text: str
    confirmed: bool = True


@dataclass(frozen=True)
class Note:
    """A qualification of an obligation's date, shown beside it (a grace period, a transition)."""

    text: str
    when: str  # a key of the applicability table


@dataclass(frozen=True, eq=False)  # one object per edition: compared and hashed by identity
class Edition:
    code: str  # stable: stored with every assessment, sent by the API
    title: str
    short_title: str
    official_journal: str
    published: date  # in the Official Journal
    in_force: date  # from this day on, this edition is the law the rules read
    applies_from: dict[str, When]
    amended_by: str = ""  # the amending act, for "postponed from ... by ..."
    wording: dict[str, Wording] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    changes: tuple[tuple[str, str], ...] = ()  # (article, what this edition changed), for the people who read it
    sources: tuple[Source, ...] = ()
    unconfirmed: tuple[str, ...] = ()  # the facts of this edition no source we read settles
    # The kinds of Annex I product listed in its Section B (Art. 2(2)): the machinery moved there in 2026.
    annex_i_section_b: frozenset[str] = frozenset({SECTION_B})

    def applies(self, key: str) -> When:
        return self.applies_from[key]


_EUR_LEX_2024 = Source(
    "Regulation (EU) 2024/1689, OJ L, 12.7.2024 (EUR-Lex)",
    "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689",
)

AI_ACT_2024 = Edition(
    code="2024/1689",
    title=_("Regulation (EU) 2024/1689 (the AI Act), as published"),
    short_title=_("AI Act 2024"),
    official_journal="OJ L, 2024/1689, 12.7.2024",
    published=date(2024, 7, 12),
    in_force=date(2024, 8, 1),  # Art. 113, first paragraph: the twentieth day after publication
    applies_from={
        PROHIBITIONS: When(date(2025, 2, 2), "Art. 113(a)"),
        GPAI: When(date(2025, 8, 2), "Art. 113(b)"),
        GENERAL: When(date(2026, 8, 2), "Art. 113"),
        ANNEX_III: When(date(2026, 8, 2), "Art. 113"),
        ANNEX_I: When(date(2027, 8, 2), "Art. 113(c)"),
    },
    sources=(_EUR_LEX_2024,),
)

_OMNIBUS = _("Regulation (EU) 2026/1744")
_AS_AMENDED = _("Art. 113, as amended by Regulation (EU) 2026/1744")
AI_ACT_2026 = Edition(
    code="2024/1689+2026/1744",
    title=_("Regulation (EU) 2024/1689 (the AI Act), as amended by Regulation (EU) 2026/1744 (Digital Omnibus on AI)"),
    short_title=_("AI Act as amended in 2026"),
    official_journal="OJ L, 2026/1744, 24.7.2026",
    published=date(2026, 7, 24),
    in_force=date(2026, 7, 27),  # the third day after publication
    amended_by=_OMNIBUS,
    applies_from={
        PROHIBITIONS: When(date(2025, 2, 2), "Art. 113(a)"),
        GPAI: When(date(2025, 8, 2), "Art. 113(b)"),
        GENERAL: When(date(2026, 8, 2), "Art. 113"),
        ANNEX_III: When(date(2027, 12, 2), _AS_AMENDED),
        ANNEX_I: When(date(2028, 8, 2), _AS_AMENDED),
        INTIMATE_IMAGERY: When(date(2026, 12, 2), _AS_AMENDED),
        # The sources agree on the date; none we read names the article that carries the grace.
        ART_50_2_PLACED_BEFORE: When(date(2026, 12, 2), _OMNIBUS, confirmed=False),
        BIAS_DETECTION: When(date(2026, 7, 27), _("Art. 4a, inserted by Regulation (EU) 2026/1744")),
    },
    wording={
        "ai_literacy": Wording(
            "Art. 4",
            _("Take measures to support the AI literacy of the staff and others who operate or use it on your behalf."),
        ),
    },
    notes={
        "mark_generated_content": Note(
            _("A generative system placed on the market before 2 August 2026 has until 2 December 2026."),
            ART_50_2_PLACED_BEFORE,
        ),
    },
    changes=(
        ("Art. 113", _("High-risk obligations postponed: Annex III to 2 December 2027, Annex I to 2 August 2028.")),
        (
            "Art. 5(1)(i)",
            _(
                "New prohibition: AI systems that generate or manipulate intimate images of real people without "
                "their consent, or child sexual abuse material, from 2 December 2026."
            ),
        ),
        ("Art. 4", _("AI literacy: take measures to support it, instead of ensuring a sufficient level.")),
        (
            "Art. 4a",
            _("New: special categories of personal data may be processed to detect and correct bias, with safeguards."),
        ),
        ("Art. 50(2)", _("Marking of generated content: systems already on the market have until 2 December 2026.")),
        (
            "Annex I",
            _(
                "Machinery moves to Section B of Annex I: of the AI Act, only Art. 6(1), 102 to 109 and 112 apply "
                "to it directly (Art. 2(2))."
            ),
        ),
    ),
    annex_i_section_b=frozenset({SECTION_B, MACHINERY}),
    sources=(
        _EUR_LEX_2024,
        Source(
            "DLA Piper, Digital Omnibus on AI: what's changed in the EU AI Act (2 July 2026)",
            "https://dlapiper.vercel.app/en-at/insights/publications/law-in-tech/2026/digital-omnibus-on-ai",
        ),
        Source(
            "Record of Record, EU Council seals AI Act Omnibus (2 July 2026)",
            "https://recordofrecord.com/articles/2026-07-02-eu-council-seals-ai-act-omnibus-leaving-august-2-transparency-deadline-intact",
        ),
        Source(
            "FuturePrep, Digital Omnibus: the AI Act delay that makes 2026 busier",
            "https://futureprep.eu/news/digital-omnibus-ai-act-deadlines/",
        ),
        Source(
            "Council of the EU, I/A item note on the Digital Omnibus on AI, 2025/0359 (COD)",
            "https://atlas.eumatrix.app/news/d5c9350d-572f-4bfb-bfcb-f69ec4db2850",
        ),
        Source(
            "Public compliance registers citing Regulation (EU) 2026/1744, OJ L, 24.7.2026, in force 27.7.2026",
            "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_202601744",
        ),
    ),
    unconfirmed=(
        _("The letter of the new prohibited practice: sources name it Art. 5(1)(i) or Art. 5(1)(l)."),
        _("The article that carries the Art. 50(2) grace for systems already on the market."),
        _(
            "The number, publication and entry into force are read from secondary sources; "
            "the Official Journal text itself was not available to us."
        ),
        _("The move of machinery from Section A to Section B of Annex I."),
    ),
)

# Oldest first. The next amendment goes at the end.
EDITIONS: tuple[Edition, ...] = (AI_ACT_2024, AI_ACT_2026)
BY_CODE: dict[str, Edition] = {e.code: e for e in EDITIONS}
ORDER: dict[str, int] = {e.code: index for index, e in enumerate(EDITIONS)}


def edition_on(day: date) -> Edition:
    """The edition in force on `day`; before the AI Act entered into force, its first text."""
    current = EDITIONS[0]
    for edition in EDITIONS:
        if edition.in_force <= day:
            current = edition
    return current


def edition(code: str) -> Edition:
    """The edition of `code`; an unknown code (a document from a newer Atelier) reads as the latest."""
    return BY_CODE.get(code, EDITIONS[-1])


def has(edition: Edition, since: str) -> bool:
    """Whether a question or an option that appeared in the edition `since` ("" = always) is part of `edition`."""
    return not since or ORDER[edition.code] >= ORDER[since]
