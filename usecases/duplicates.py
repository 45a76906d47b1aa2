"""Ideas that say the same thing in other words, found offline, in English and French.

No network, no model download, no LLM: each idea becomes two bags of features,
compared by cosine similarity with TF-IDF weights taken from the workshop's own
ideas (a word every idea uses says little):

- its words' stems (Snowball, the workshop's language), stop words dropped, a
  few synonyms of the field folded to one (invoice / bill / facture), the title
  counted twice;
- its character 4-grams, which catch what stemming misses (plurals, compounds,
  "e-mail" and "email", a typo).

The similarity is the mean of the two cosines, from 0 to 1. `THRESHOLD` is set
from the labelled set in tests/usecases/duplicates_labelled.py, whose precision
and recall at it are floors in the test suite.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

THRESHOLD = 0.34
TITLE_WEIGHT = 2

_WORD = re.compile(r"[a-z0-9]+")

_STOP = {
    # English
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at", "as", "is", "are",
    "be", "it", "its", "this", "that", "these", "those", "we", "our", "us", "they", "their", "them", "you", "your",
    "i", "my", "so", "too", "can", "could", "would", "should", "will", "do", "does", "did", "not", "no", "all",
    "each", "every", "some", "more", "most", "less", "into", "out", "up", "about", "over", "than", "then", "when",
    "which", "who", "what", "how", "has", "have", "had", "was", "were", "been", "being", "use", "using", "used",
    "ai", "llm", "model", "automatic", "automatically", "automate", "automated", "automation", "tool", "help",
    "based", "new", "better", "time", "manual", "manually", "hand", "team", "teams", "way",
    # French
    "le", "la", "les", "un", "une", "des", "du", "de", "d", "l", "et", "ou", "au", "aux", "en", "dans",
    "par", "pour", "sur", "avec", "sans", "ce", "cet", "cette", "ces", "qui", "que", "qu", "quoi", "dont", "est",
    "sont", "etre", "nous", "notre", "nos", "vous", "votre", "vos", "ils", "elles", "leur", "leurs", "se", "sa",
    "son", "ses", "ne", "pas", "plus", "moins", "tout", "tous", "toute", "toutes", "chaque", "faire", "fait",
    "ia", "modele", "automatique", "automatiquement", "automatiser", "automatisation", "outil", "aide", "aider",
    "nouveau", "nouvelle", "mieux", "temps", "manuel", "manuelle", "manuellement", "main", "equipe", "equipes",
}  # fmt: skip

# Words of the field that people use for one another, folded to the first (after accents are dropped).
_SYNONYMS = {
    "invoice": ["bill", "bills", "facture", "factures", "facturation", "invoicing", "invoices"],
    "email": ["mail", "mails", "emails", "courriel", "courriels", "inbox", "messagerie"],
    "customer": ["client", "clients", "customers", "consumer", "consumers"],
    "churn": ["attrition", "desabonnement", "resiliation", "resiliations", "cancellation", "cancellations"],
    "forecast": ["prediction", "predict", "predicting", "prevision", "previsions", "prevoir", "forecasting",
                 "anticipate", "anticiper"],
    "summary": ["summarise", "summarize", "summaries", "resume", "resumes", "resumer", "synthese"],
    "translate": ["translation", "traduction", "traduire", "translations"],
    "contract": ["contrat", "contrats", "contracts", "agreement", "agreements"],
    "supplier": ["fournisseur", "fournisseurs", "suppliers", "vendor", "vendors"],
    "ticket": ["tickets", "demande", "demandes", "request", "requests", "incident", "incidents"],
    "support": ["helpdesk", "assistance", "sav", "service"],
    "chatbot": ["assistant", "agent", "conversationnel", "chat"],
    "document": ["documents", "pdf", "pdfs", "scan", "scans", "scanned"],
    "extract": ["extraction", "extraire", "capture", "ocr", "read", "lire"],
    "maintenance": ["breakdown", "breakdowns", "panne", "pannes", "failure", "failures"],
    "fraud": ["fraude", "fraudes", "frauds", "fraudulent", "frauduleux"],
    "recruit": ["recrutement", "recruiting", "hiring", "candidat", "candidats", "candidate", "candidates", "cv", "cvs"],
    "stock": ["inventory", "inventaire", "stocks"],
    "delay": ["retard", "retards", "delays", "late", "lateness"],
    "meeting": ["reunion", "reunions", "meetings", "minutes", "compte", "rendu"],
}  # fmt: skip
_FOLD = {word: head for head, words in _SYNONYMS.items() for word in words}


@dataclass(frozen=True)
class Idea:
    id: int
    title: str
    problem: str = ""


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    similarity: float


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french" if language.startswith("fr") else "english")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return [_FOLD.get(w, w) for w in _WORD.findall(_plain(text).replace("-", "")) if w not in _STOP and len(w) > 1]


def _stems(text: str, language: str) -> list[str]:
    stemmer = _stemmer(language)
    return [w if w in _SYNONYMS else stemmer.stemWord(w) for w in _words(text)]


def _grams(words: list[str], n: int = 4) -> list[str]:
    grams = []
    for word in words:
        padded = f" {word} "
        grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return grams


def _features(idea: Idea, language: str) -> tuple[Counter[str], Counter[str]]:
    title_stems = _stems(idea.title, language)
    problem_stems = _stems(idea.problem, language)
    stems = Counter(title_stems * TITLE_WEIGHT + problem_stems)
    grams = Counter(_grams(_words(idea.title)) * TITLE_WEIGHT + _grams(_words(idea.problem)))
    return stems, grams


def _weighted(bags: list[Counter[str]]) -> list[dict[str, float]]:
    """TF-IDF vectors, unit length (smoothed IDF: a feature in every bag still weighs a little)."""
    documents = Counter(feature for bag in bags for feature in bag)
    total = len(bags)
    vectors = []
    for bag in bags:
        vector = {f: (1 + math.log(c)) * (1 + math.log((1 + total) / (1 + documents[f]))) for f, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({f: v / norm for f, v in vector.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(f, 0.0) for f, v in a.items())


def _vectors(ideas: Sequence[Idea], language: str) -> list[tuple[dict[str, float], dict[str, float]]]:
    features = [_features(idea, language) for idea in ideas]
    return list(zip(_weighted([f[0] for f in features]), _weighted([f[1] for f in features]), strict=True))


def _similarity(a: tuple[dict[str, float], dict[str, float]], b: tuple[dict[str, float], dict[str, float]]) -> float:
    return round(min(1.0, (_cosine(a[0], b[0]) + _cosine(a[1], b[1])) / 2), 4)


def similarities(ideas: Sequence[Idea], language: str = "en") -> list[Pair]:
    """Every pair of `ideas` with its similarity, most similar first (ties by ids)."""
    vectors = _vectors(ideas, language)
    pairs = []
    for i in range(len(ideas)):
        for j in range(i + 1, len(ideas)):
            a, b = sorted((ideas[i].id, ideas[j].id))
            pairs.append(Pair(a, b, _similarity(vectors[i], vectors[j])))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs


def duplicates(ideas: Sequence[Idea], language: str = "en", threshold: float = THRESHOLD) -> list[Pair]:
    """The pairs at or above `threshold`: what the pages and the API call possible duplicates."""
    return [pair for pair in similarities(ideas, language) if pair.similarity >= threshold]


def close_to(draft: Idea, ideas: Sequence[Idea], language: str = "en", threshold: float = THRESHOLD) -> list[Pair]:
    """The proposed ideas close to a `draft` being typed (as a = -1), most similar first: one pass, not every pair."""
    others = [idea for idea in ideas if idea.id != draft.id]
    vectors = _vectors([Idea(-1, draft.title, draft.problem), *others], language)
    pairs = [
        Pair(-1, idea.id, _similarity(vectors[0], vector)) for idea, vector in zip(others, vectors[1:], strict=True)
    ]
    pairs.sort(key=lambda p: (-p.similarity, p.b))
    return [p for p in pairs if p.similarity >= threshold]
