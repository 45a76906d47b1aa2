"""A workshop as one JSON document, and back: backups, and moves to another installation.

The document::

    {"format": "atelier.workshop", "version": 1,
     "client": {...}, "facilitators": ["username", ...], "workshop": {...},
     "sections": {"participants": [...], "criteria": [...], ...}}

Rows point at each other by refs numbered in a fixed order ("p1", "u3"),
never by database ids, so that exporting an imported workshop gives the same
document. Participants' tokens are not in it: after an import they join
again. The join code is (a new one is drawn if the target already uses it).

Each app adds its own rows as a `Section`, registered from its
AppConfig.ready() (this app's are registered below). A section dumps rows
and loads them back; `order` says when (refs a section reads must be given
by an earlier one). An app added later (compliance assessments, POCs)
writes `<app>/portability.py` with its sections and registers them in its
ready(): nothing here changes.

A document is data, never permissions, and it is checked as the app checks
what people type: types, ranges, references and the rules (vote budgets,
merges, known phases and event kinds...). Every bad field ends in a
:class:`DocumentError` naming its path (``sections.use_cases[3].merged_into``),
and nothing is half-imported (one transaction). Loaders wrap each row in
``with at(path):`` so that any error inside it is reported at that path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from workshop.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Client, Event, Participant, Workshop
from workshop.selectors import user_can_facilitate
from workshop.services import normalise_display_name, unused_join_code
from workshop.services.workshops import _validate_vote_settings

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FORMAT = "atelier.workshop"
VERSION = 1
WORKSHOP_FIELDS = [
    "title",
    "objective",
    "language",
    "currency",
    "join_code",
    "phase",
    "votes_per_participant",
    "max_votes_per_use_case",
    "results_revealed",
    "anonymous_ideas",
    "hide_vote_totals",
    "phase_ends_at",
    "version",
    "created_at",
    "updated_at",
]


class Refs:
    """Stable names for rows ("u1", "u2" ...) on export; on import, the new row behind each name."""

    def __init__(self) -> None:
        self._refs: dict[str, dict[int, str]] = {}
        self._pks: dict[str, dict[str, int]] = {}

    def number(self, kind: str, prefix: str, pks: list[int]) -> list[str]:
        names = [f"{prefix}{index}" for index in range(1, len(pks) + 1)]
        self._refs[kind] = dict(zip(pks, names, strict=True))
        return names

    def ref(self, kind: str, pk: int | None) -> str | None:
        return None if pk is None else self._refs.get(kind, {}).get(pk)

    def add(self, kind: str, ref: Any, pk: int) -> None:
        """Name the new row `pk` by the document's `ref` (ValidationError on the row's "ref" if malformed or taken)."""
        if not isinstance(ref, str) or not ref:
            raise ValidationError({"ref": f"must name the {kind} as text (such as {kind[0]}1)."})
        known = self._pks.setdefault(kind, {})
        if ref in known:
            raise ValidationError({"ref": f"{ref!r} names two rows: each {kind} needs its own."})
        known[ref] = pk

    def has(self, kind: str, ref: Any) -> bool:
        return isinstance(ref, str) and ref in self._pks.get(kind, {})

    def required(self, kind: str, ref: Any, *, field: str | None = None) -> int:
        """The new row's id for a ref the row must have (a score's participant, a vote's use case)."""
        pk = self.pk(kind, ref, field=field)
        if pk is None:
            raise ValidationError({field or kind: f"is missing: this row needs a {kind}."})
        return pk

    def pk(self, kind: str, ref: Any, *, field: str | None = None) -> int | None:
        """The new row's id for `ref`; ValidationError (on the row's `field`) for a ref the document never gave."""
        if ref is None:
            return None
        if not isinstance(ref, str):
            raise ValidationError({field or kind: f"must name a {kind} as text, not {type_name(ref)}."})
        try:
            return self._pks[kind][ref]
        except KeyError:
            raise ValidationError(
                {field or kind: f"points at {kind} {ref!r}, which the document does not contain."}
            ) from None


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    dump: Callable[[Workshop, Refs], list[dict[str, Any]]]
    load: Callable[[Workshop, list[dict[str, Any]], Refs], None]
    # Keys of events' data that hold ids of this section's rows, and the kind of row (its refs' kind).
    event_refs: Mapping[str, str] = field(default_factory=dict)


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add an app's rows to every export and import (call it from the app's AppConfig.ready())."""
    SECTIONS[section.name] = section


def _ordered() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.name))


# --- Values ------------------------------------------------------------------------------------


def dump_value(value: Any) -> Any:
    """A field's value as JSON: datetimes in ISO 8601, decimals as strings (exact)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


def load_datetime(value: Any, *, field: str = "") -> datetime | None:
    """An ISO 8601 date and time (UTC when it has no offset); ValidationError on `field` for anything else."""
    if value is None:
        return None
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationError({field or NON_FIELD_ERRORS: f"must be a date and time in ISO 8601, not {value!r}."})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


def restore_timestamps(model: type[models.Model], pk: int, row: dict[str, Any], fields: list[str]) -> None:
    """Put back auto_now(_add) times, which saving always overwrites (a time the row lacks stays the import's)."""
    values = {f: load_datetime(row[f], field=f) for f in fields if row.get(f) is not None}
    if values:
        model._default_manager.filter(pk=pk).update(**values)


# --- Checks: a bad field named by its path -----------------------------------------------------------


class DocumentError(ValidationError):
    """A document that breaks a rule; the message starts with the path of the bad field."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason, code="document")
        self.path = path
        self.reason = reason


def type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _join(path: str, key: str) -> str:
    if not path:
        return key
    return f"{path}{key}" if key.startswith("[") else f"{path}.{key}"


def _located(path: str, exc: ValidationError) -> DocumentError:
    if hasattr(exc, "error_dict"):
        key, errors = next(iter(exc.error_dict.items()))
        where = path if key == NON_FIELD_ERRORS else _join(path, key)
        return DocumentError(where, " ".join(message for error in errors for message in error.messages))
    return DocumentError(path, " ".join(exc.messages))


@contextmanager
def at(path: str) -> Iterator[None]:
    """Any error inside becomes a DocumentError at `path` (a ValidationError's field appended)."""
    try:
        yield
    except DocumentError:
        raise
    except ValidationError as exc:
        raise _located(path, exc) from None
    except KeyError as exc:
        raise DocumentError(_join(path, str(exc.args[0])), "is missing.") from None
    except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise DocumentError(path, f"has a value of the wrong type or out of range ({exc}).") from None
    except (IntegrityError, DataError):
        raise DocumentError(path, "contradicts another row or a rule of the database.") from None


def rows_in(section: str, rows: list[Any]) -> Iterator[tuple[str, Any]]:
    """Each row of `section` with its path in the document ("sections.votes[3]")."""
    for index, row in enumerate(rows):
        yield f"sections.{section}[{index}]", row


def _expected(model_field: models.Field) -> tuple[tuple[type, ...], str] | None:
    """The JSON types a model field's value may have in a document, and how to say so."""
    if isinstance(model_field, models.BooleanField):
        return (bool,), "true or false"
    if isinstance(model_field, models.IntegerField):
        return (int,), "a whole number"
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return (str, int, float), "a number"
    if isinstance(model_field, models.CharField | models.TextField | models.DateField):
        return (str,), "text"
    return None


def check_fields(
    row: Any, model: type[models.Model], fields: Iterable[str], *, required: Iterable[str] = ()
) -> dict[str, Any]:
    """`row` as an object whose fields have the JSON types of `model`'s (ValidationError on the bad field)."""
    if not isinstance(row, dict):
        raise ValidationError(f"must be an object, not {type_name(row)}.")
    for name in required:
        if name not in row:
            raise ValidationError({name: "is missing."})
    for name in fields:
        if name not in row:
            continue
        value, model_field = row[name], model._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        if value is None:
            if not model_field.null:
                raise ValidationError({name: "cannot be null."})
            continue
        expected = _expected(model_field)
        if expected is None:
            continue
        types, words = expected
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ValidationError({name: f"must be {words}, not {type_name(value)}."})
    return row


def check_text(row: dict[str, Any], name: str, *, optional: bool = True) -> str | None:
    """A field that holds text or null (a username, a label); ValidationError otherwise."""
    value = row.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValidationError({name: f"must be text, not {type_name(value)}."})
    return value


def _refuse_nul(value: Any, path: str) -> None:
    """No NUL character anywhere: PostgreSQL refuses them in text and JSON, so SQLite must too."""
    if isinstance(value, str):
        if "\x00" in value:
            raise DocumentError(path, "contains a NUL character.")
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                raise DocumentError(path, f"has a key with a NUL character ({key!r}).")
            _refuse_nul(item, _join(path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, f"{path}[{index}]")
    elif isinstance(value, float) and not math.isfinite(value):  # NaN and Infinity, which Python's JSON reads
        raise DocumentError(path, "is not a finite number.")


def rows_of(queryset: models.QuerySet, fields: list[str]) -> list[dict[str, Any]]:
    return [{f: dump_value(v) for f, v in row.items()} for row in queryset.values(*fields)]


# --- Export and import ---------------------------------------------------------------------------


def workshop_export(*, workshop: Workshop) -> dict[str, Any]:
    """The whole workshop as a JSON-ready document (see the module docstring)."""
    refs = Refs()
    return {
        "format": FORMAT,
        "version": VERSION,
        "client": {
            "name": workshop.client.name,
            "llm_allowed": workshop.client.llm_allowed,
            "managers_record_pocs": workshop.client.managers_record_pocs,
        },
        "facilitators": sorted(workshop.facilitators.values_list("username", flat=True)),
        "workshop": {f: dump_value(getattr(workshop, f)) for f in WORKSHOP_FIELDS},
        "sections": {section.name: section.dump(workshop, refs) for section in _ordered()},
    }


@dataclass(frozen=True)
class FacilitatorsReport:
    """Who facilitates an imported workshop, and why: a backup grants no right by itself."""

    users: list[User]
    kept: list[str]  # named in the document, already facilitators here
    mapped: list[str]  # named by the person importing (--facilitator)
    dropped: list[tuple[str, str]]  # named in the document, not made facilitators: (username, why)

    def lines(self) -> list[str]:
        def names(values: list[str]) -> str:
            return ", ".join(values) or "none"

        dropped = ", ".join(f"{name} ({why})" for name, why in self.dropped) or "none"
        lines = [
            f"Facilitators kept (named in the document, facilitators here): {names(self.kept)}.",
            f"Facilitators mapped (--facilitator): {names(self.mapped)}.",
            f"Dropped (named in the document, not made facilitators): {dropped}.",
        ]
        if not self.users:
            lines.append("No facilitator: only a superuser can open it until one is added (admin).")
        return lines


def _document_facilitators(document: dict[str, Any]) -> list[str]:
    names = document.get("facilitators", [])
    if not isinstance(names, list):
        raise DocumentError("facilitators", f"must be a list of usernames, not {type_name(names)}.")
    for index, name in enumerate(names):
        if not isinstance(name, str):
            raise DocumentError(f"facilitators[{index}]", f"must be a username (text), not {type_name(name)}.")
    return list(dict.fromkeys(names))


def facilitators_for_import(*, document: Any, mapped: Sequence[User] | None = None) -> FacilitatorsReport:
    """Who will facilitate the imported workshop: `mapped` if given, else the document's users who facilitate here.

    Facilitators are the people the app lets create workshops (the Facilitators
    group, or superusers): a manager or anyone else named in a backup stays what
    they are here. A mapped user must be one too (ValidationError otherwise).
    """
    named = _document_facilitators(document) if isinstance(document, dict) else []
    if mapped:
        refused = [user.get_username() for user in mapped if not user_can_facilitate(user)]
        if refused:
            raise ValidationError(
                f"Not a facilitator here (Facilitators group or superuser): {', '.join(sorted(refused))}. "
                "A backup makes nobody a facilitator: add them to the group first."
            )
        mapped_names = [user.get_username() for user in mapped]
        dropped = [(name, "not named with --facilitator") for name in named if name not in mapped_names]
        return FacilitatorsReport(users=list(mapped), kept=[], mapped=mapped_names, dropped=dropped)
    accounts = {user.get_username(): user for user in get_user_model().objects.filter(username__in=named)}
    kept, dropped = [], []
    for name in named:
        user = accounts.get(name)
        if user is None:
            dropped.append((name, "no account here"))
        elif not user_can_facilitate(user):
            dropped.append((name, "not a facilitator here"))
        else:
            kept.append(name)
    return FacilitatorsReport(users=[accounts[name] for name in kept], kept=kept, mapped=[], dropped=dropped)


def _valid_join_code(code: Any) -> bool:
    return (
        isinstance(code, str)
        and len(code) == JOIN_CODE_LENGTH
        and all(ch in JOIN_CODE_ALPHABET for ch in code)
        and not Workshop.objects.filter(join_code=code).exists()
    )


def _client(document: dict[str, Any]) -> Client:
    data = document.get("client", {})
    with at("client"):
        check_fields(data, Client, ["name", "llm_allowed", "managers_record_pocs"])
        client = Client(
            name=data.get("name", "Imported"),
            llm_allowed=data.get("llm_allowed", True),
            managers_record_pocs=data.get("managers_record_pocs", False),
        )
        client.full_clean(exclude=["created_by"])
        client.save()
    return client


def _workshop(document: dict[str, Any], client: Client) -> tuple[Workshop, dict[str, Any]]:
    values = document.get("workshop", {})
    with at("workshop"):
        check_fields(values, Workshop, WORKSHOP_FIELDS, required=["title"])
        workshop = Workshop(
            client=client, **{f: values[f] for f in WORKSHOP_FIELDS if f in values and f != "phase_ends_at"}
        )
        # A code this installation could not use (taken, or not of its alphabet): a new one is drawn.
        code = values.get("join_code")
        workshop.join_code = code if _valid_join_code(code) else unused_join_code()
        workshop.phase_ends_at = load_datetime(values.get("phase_ends_at"), field="phase_ends_at")
        workshop.clean_fields(exclude=["client", "created_at", "updated_at"])
        _validate_vote_settings(workshop.votes_per_participant, workshop.max_votes_per_use_case)
        workshop.full_clean(exclude=["client", "created_at", "updated_at"])
        workshop.save()
    return workshop, values


@transaction.atomic
def workshop_import(
    *,
    document: Any,
    client: Client | None = None,
    facilitators: Sequence[User] | None = None,
) -> Workshop:
    """Recreate the workshop of `document` (under `client`, or a new client of the document's name).

    Its facilitators are `facilitators` when given (see facilitators_for_import),
    else the document's usernames that are facilitators here. All or nothing: a
    document that breaks a rule changes nothing and raises a DocumentError
    naming the bad field.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError("format", "This is not an Atelier workshop document.")
    if document.get("version") != VERSION:
        raise DocumentError(
            "version",
            f"Unsupported document version {document.get('version')!r} (this installation reads {VERSION}).",
        )
    _refuse_nul(document, "")
    sections = document.get("sections", {})
    if not isinstance(sections, dict):
        raise DocumentError("sections", f"must be an object, not {type_name(sections)}.")
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        raise DocumentError("sections", f"Sections this installation cannot restore: {', '.join(unknown)}.")
    for name, rows in sections.items():
        if not isinstance(rows, list):
            raise DocumentError(f"sections.{name}", f"must be a list of rows, not {type_name(rows)}.")
    if facilitators is None:
        facilitators = facilitators_for_import(document=document).users
    else:
        _document_facilitators(document)
    workshop, values = _workshop(document, client or _client(document))
    workshop.facilitators.add(*[user.pk for user in facilitators])
    refs = Refs()
    for section in _ordered():
        with at(f"sections.{section.name}"):
            section.load(workshop, list(sections.get(section.name) or []), refs)
    # Last: loading rows must not leave the workshop looking changed now.
    with at("workshop"):
        restore_timestamps(Workshop, workshop.pk, values, ["created_at", "updated_at"])
    workshop.refresh_from_db()
    return workshop


# --- This app's sections ---------------------------------------------------------------------------

PARTICIPANT_FIELDS = ["display_name", "joined_at", "last_seen_at", "erased_at"]


def _dump_participants(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    participants = workshop.participants.order_by("joined_at", "pk")
    names = refs.number("participant", "p", [p.pk for p in participants])
    rows = rows_of(participants, PARTICIPANT_FIELDS)
    return [{"ref": name, **row} for name, row in zip(names, rows, strict=True)]


def _load_participants(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    names: dict[str, str] = {}
    for path, row in rows_in("participants", rows):
        with at(path):
            check_fields(row, Participant, PARTICIPANT_FIELDS, required=["ref", "display_name"])
            # Two people whose names look the same could not both join: nor can they both be restored.
            key = normalise_display_name(row["display_name"]).casefold()
            if key in names:
                raise ValidationError({"display_name": f"{row['display_name']!r} is also {names[key]}'s name."})
            names[key] = str(row["ref"])
            participant = Participant(workshop=workshop, display_name=row["display_name"])
            participant.set_new_token()  # nobody holds it: participants join again after a restore
            participant.last_seen_at = load_datetime(row.get("last_seen_at"), field="last_seen_at")
            participant.erased_at = load_datetime(row.get("erased_at"), field="erased_at")
            participant.full_clean(exclude=["workshop", "token_hash"])
            participant.save()
            restore_timestamps(Participant, participant.pk, row, ["joined_at"])
            refs.add("participant", row["ref"], participant.pk)


# Ids inside an event's data, by key: the kind of row they name (sections add theirs: Section.event_refs).
EVENT_DATA_REFS = {"use_case": "use_case", "into": "use_case", "criterion": "criterion"}


def _event_data_refs() -> dict[str, str]:
    return {**EVENT_DATA_REFS, **{key: kind for s in SECTIONS.values() for key, kind in s.event_refs.items()}}


def _dump_events(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    keys = _event_data_refs()
    rows = []
    for event in workshop.events.order_by("created_at", "pk"):
        data = {
            key: refs.ref(keys[key], value) if key in keys and isinstance(value, int) else value
            for key, value in event.data.items()
        }
        rows.append(
            {
                "kind": event.kind,
                "actor": event.actor,
                "participant": refs.ref("participant", event.participant_id),
                "data": data,
                "created_at": dump_value(event.created_at),
            }
        )
    return rows


def _load_events(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    keys = _event_data_refs()
    for path, row in rows_in("events", rows):
        with at(path):
            check_fields(row, Event, ["kind", "actor", "data", "created_at"], required=["kind"])
            given = row.get("data", {})
            if not isinstance(given, dict):
                raise ValidationError({"data": f"must be an object, not {type_name(given)}."})
            data = {
                key: refs.pk(keys[key], value, field=f"data.{key}") if key in keys and value is not None else value
                for key, value in given.items()
            }
            event = Event(
                workshop=workshop,
                kind=row["kind"],
                actor=row.get("actor", ""),
                participant_id=refs.pk("participant", row.get("participant"), field="participant"),
                data=data,
            )
            event.full_clean(exclude=["workshop", "participant"])
            event.save()
            restore_timestamps(Event, event.pk, row, ["created_at"])


register_section(Section("participants", 10, _dump_participants, _load_participants))
register_section(Section("events", 90, _dump_events, _load_events))
