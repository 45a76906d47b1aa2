"""Who may export which plan, in which language: one rule for the pages and the API.

Exports are for users: facilitators and viewers (managers) of the workshop or
client. A participant gets 403 (outsiders 404, as everywhere), and nobody
exports a workshop whose results they may not see (``Access.require_results``).
The file follows the language asked for (``?lang=fr``), else the reader's; an unknown language
is refused (400), never replaced by another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from reports.exports import FORMATS, export_response
from reports.plan import client_plan, workshop_plan
from workshop.models import Client, Event, EventKind, Workshop
from workshop.selectors import Access, Actor, clients_for_user, workshop_access, workshops_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def export_access(actor: Actor, pk: int | str) -> Access:
    access = workshop_access(actor=actor, pk=pk)  # 404 for outsiders
    if access.is_participant:
        raise PermissionDenied(_("Only facilitators and managers can export the plan."))
    access.require_results()
    return access


def export_languages() -> list[str]:
    """The languages a plan is exported in (settings.LANGUAGES): the only accepted values of ``lang``."""
    return [code for code, _name in settings.LANGUAGES]


def export_language(asked: str | None) -> str:
    """The language asked for (``lang``), else the reader's; one Atelier does not speak is refused, never guessed.

    Raises ValidationError on ``lang``: a page answers 400 with the message, the API 400 with
    ``{"lang": [...]}``, the MCP server an error with it.
    """
    if asked is None:
        return (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    codes = export_languages()
    if asked not in codes:
        choices = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
        message = _("Unknown language “%(lang)s”: choose one of %(choices)s.") % {"lang": asked, "choices": choices}
        raise ValidationError({"lang": [message]})
    return asked


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


def workshop_plan_response(actor: Actor, pk: int | str, fmt: str, language: str | None = None) -> HttpResponse:
    _check_format(fmt)
    workshop = export_access(actor, pk).workshop
    lang = export_language(language)
    with translation.override(lang):
        response = export_response(
            workshop_plan(workshop), fmt, name=workshop.title, fallback=f"workshop-{workshop.pk}", language=lang
        )
    _record_export([workshop], actor.label, fmt, lang, scope="workshop")
    return response


def client_plan_response(
    user: User | AnonymousUser, pk: int | str, fmt: str, language: str | None = None
) -> HttpResponse:
    _check_format(fmt)
    try:
        client = clients_for_user(user).get(pk=int(pk))
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    workshops = list(workshops_for_user(user).filter(client=client).order_by("-created_at", "-id"))
    lang = export_language(language)
    with translation.override(lang):
        response = export_response(
            client_plan(client, workshops), fmt, name=client.name, fallback=f"client-{client.pk}", language=lang
        )
    _record_export(workshops, Actor(user=user).label, fmt, lang, scope="client")
    return response


def _record_export(workshops: list[Workshop], who: str, fmt: str, language: str, *, scope: str) -> None:
    """Who took which plan, when and in which format: on each workshop's timeline (not a change: no version bump)."""
    for workshop in workshops:
        Event.record(workshop, EventKind.PLAN_EXPORTED, who, format=fmt, language=language, scope=scope)
