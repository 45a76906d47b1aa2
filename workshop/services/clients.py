"""Clients: who creates and changes them, and who reads them (viewers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workshop.models import CLIENT_NAME_MAX_LENGTH, Client, Event, EventKind
from workshop.selectors import clients_for_facilitator, user_can_facilitate

if TYPE_CHECKING:
    from django.contrib.auth.models import User


FACILITATORS_GROUP = "Facilitators"


def facilitators_group() -> Group:
    """The group whose members may create clients and workshops (made by a migration; remade if flushed)."""
    group, created = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    if created or not group.permissions.exists():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="workshop", codename__in=["add_workshop", "add_client"])
        )
    return group


def _label(user: User | AnonymousUser) -> str:
    if isinstance(user, AnonymousUser):
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def client_create(
    *,
    user: User | AnonymousUser,
    name: str,
    llm_allowed: bool = True,
    managers_record_pocs: bool = False,
) -> Client:
    if not user_can_facilitate(user):
        raise PermissionDenied(_("Only facilitators can create clients."))
    name = _clean_client_name(name)
    return Client.objects.create(
        name=name, llm_allowed=llm_allowed, managers_record_pocs=managers_record_pocs, created_by=user
    )


@transaction.atomic
def client_update(
    *,
    user: User | AnonymousUser,
    client: Client,
    name: str,
    llm_allowed: bool,
    managers_record_pocs: bool | None = None,
) -> Client:
    """Change a client's settings; `managers_record_pocs` left as None keeps its value."""
    if not clients_for_facilitator(user).filter(pk=client.pk).exists():
        raise PermissionDenied(_("Only a facilitator of this client can change it."))
    name = _clean_client_name(name)
    settings_now = [("name", name), ("llm_allowed", llm_allowed)]
    if managers_record_pocs is not None:
        settings_now.append(("managers_record_pocs", managers_record_pocs))
    changed = [f for f, v in settings_now if getattr(client, f) != v]
    client.name = name
    client.llm_allowed = llm_allowed
    if managers_record_pocs is not None:
        client.managers_record_pocs = managers_record_pocs
    if not changed:
        return client  # nothing to save, and no board to refresh
    client.save(update_fields=["name", "llm_allowed", "managers_record_pocs"])
    for workshop in client.workshops.all():
        Event.record(workshop, EventKind.CLIENT_CHANGED, _label(user), fields=changed, llm_allowed=llm_allowed)
        workshop.touch()
    return client


def _clean_client_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Enter the client's name.")})
    limit = CLIENT_NAME_MAX_LENGTH
    if len(name) > limit:
        raise ValidationError({"name": _("Keep this under %(max)s characters.") % {"max": limit}})
    return name


def _client_facilitator_required(user: User | AnonymousUser, client: Client) -> None:
    if not clients_for_facilitator(user).filter(pk=client.pk).exists():
        raise PermissionDenied(_("Only a facilitator of this client can change who reads it."))


@transaction.atomic
def client_viewer_add(*, user: User | AnonymousUser, client: Client, username: str) -> User:
    """Give a user (found by username or email) read access to every workshop of `client`."""
    _client_facilitator_required(user, client)
    name = username.strip()
    if not name:
        raise ValidationError({"username": _("Enter the username or email of the person to add.")})
    users = get_user_model().objects.filter(is_active=True)
    viewer = users.filter(username__iexact=name).first()
    if viewer is None and "@" in name:
        by_email = list(users.filter(email__iexact=name)[:2])
        if len(by_email) > 1:
            raise ValidationError({"username": _("Several people use this email: enter their username.")})
        viewer = by_email[0] if by_email else None
    if viewer is None:
        raise ValidationError({"username": _("Nobody has this username or email. Check it or create the account.")})
    # A facilitator of the client already reads (and writes) everything of it.
    if viewer.is_superuser or clients_for_facilitator(viewer).filter(pk=client.pk).exists():
        raise ValidationError({"username": _("This person already facilitates this client: nothing to grant.")})
    client.viewers.add(viewer)
    # Read access to every workshop of the client: each timeline says who gave it to whom.
    for workshop in client.workshops.all():
        Event.record(workshop, EventKind.VIEWER_ADDED, _label(user), viewer=viewer.get_username())
    return viewer


@transaction.atomic
def client_viewer_remove(*, user: User | AnonymousUser, client: Client, viewer: User) -> None:
    """Take a viewer's read access to `client` away (a no-op if they had none)."""
    _client_facilitator_required(user, client)
    if not client.viewers.filter(pk=viewer.pk).exists():
        return
    client.viewers.remove(viewer)
    for workshop in client.workshops.all():
        Event.record(workshop, EventKind.VIEWER_REMOVED, _label(user), viewer=viewer.get_username())
