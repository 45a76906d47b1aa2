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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.dateparse import parse_datetime

from workshop.models import Client, Event, Participant, Workshop
from workshop.services import unused_join_code

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

    def add(self, kind: str, ref: str, pk: int) -> None:
        self._pks.setdefault(kind, {})[ref] = pk

    def required(self, kind: str, ref: str) -> int:
        """The new row's id for a ref the row must have (a score's participant, a vote's use case)."""
        pk = self.pk(kind, ref)
        if pk is None:
            raise ValidationError(f"A {kind} is missing from a row that needs one.")
        return pk

    def pk(self, kind: str, ref: str | None) -> int | None:
        """The new row's id for `ref`; ValidationError for a ref the document never gave."""
        if ref is None:
            return None
        try:
            return self._pks[kind][ref]
        except KeyError:
            raise ValidationError(f"The document points at {kind} {ref!r}, which it does not contain.") from None


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


def load_datetime(value: str | None) -> datetime | None:
    return None if value is None else parse_datetime(value)


def restore_timestamps(model: type[models.Model], pk: int, row: dict[str, Any], fields: list[str]) -> None:
    """Put back auto_now(_add) times, which saving always overwrites."""
    model._default_manager.filter(pk=pk).update(**{f: load_datetime(row.get(f)) for f in fields})


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


@transaction.atomic
def workshop_import(
    *, document: dict[str, Any], client: Client | None = None, facilitators: Sequence[AbstractBaseUser] | None = None
) -> Workshop:
    """Recreate the workshop of `document` (under `client`, or a new client of the document's name).

    Its facilitators are the document's usernames that exist here, plus
    `facilitators`. All or nothing: a malformed document changes nothing.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("This is not an Atelier workshop document.")
    if document.get("version") != VERSION:
        raise ValidationError(
            f"Unsupported document version {document.get('version')!r} (this installation reads {VERSION})."
        )
    sections = document.get("sections") or {}
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        raise ValidationError(f"Sections this installation cannot restore: {', '.join(unknown)}.")
    if client is None:
        data = document.get("client") or {}
        client = Client.objects.create(
            name=data.get("name", "Imported"),
            llm_allowed=data.get("llm_allowed", True),
            managers_record_pocs=data.get("managers_record_pocs", False),
        )
    values = dict(document.get("workshop") or {})
    code = values.get("join_code") or ""
    if not code or Workshop.objects.filter(join_code=code).exists():
        code = unused_join_code()
    workshop = Workshop(client=client, **{f: values[f] for f in WORKSHOP_FIELDS if f in values})
    workshop.join_code = code
    workshop.phase_ends_at = load_datetime(values.get("phase_ends_at"))
    workshop.full_clean(exclude=["client", "created_at", "updated_at"])
    workshop.save()
    users = list(get_user_model().objects.filter(username__in=document.get("facilitators") or []))
    workshop.facilitators.add(*[user.pk for user in users], *[user.pk for user in facilitators or []])
    refs = Refs()
    for section in _ordered():
        section.load(workshop, list(sections.get(section.name) or []), refs)
    # Last: loading rows must not leave the workshop looking changed now.
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
    for row in rows:
        participant = Participant(workshop=workshop, display_name=row["display_name"])
        participant.set_new_token()  # nobody holds it: participants join again after a restore
        participant.last_seen_at = load_datetime(row.get("last_seen_at"))
        participant.erased_at = load_datetime(row.get("erased_at"))
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
    for row in rows:
        data = {
            key: refs.pk(keys[key], value) if key in keys and isinstance(value, str) else value
            for key, value in (row.get("data") or {}).items()
        }
        event = Event.objects.create(
            workshop=workshop,
            kind=row["kind"],
            actor=row.get("actor", ""),
            participant_id=refs.pk("participant", row.get("participant")),
            data=data,
        )
        restore_timestamps(Event, event.pk, row, ["created_at"])


register_section(Section("participants", 10, _dump_participants, _load_participants))
register_section(Section("events", 90, _dump_events, _load_events))
