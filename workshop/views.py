"""Pages for facilitators, participants and viewers: thin, scoped, one service each."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from core import throttle
from core.conditional import not_modified, with_etag
from core.htmx import HtmxHttpRequest
from core.pages import attempt, submit
from workshop import names, services
from workshop.conditional import board_etag, participant_not_modified
from workshop.forms import (
    ClientForm,
    EraseParticipantForm,
    JoinForm,
    PocRecordingForm,
    TimeboxForm,
    ViewerForm,
    WorkshopForm,
)
from workshop.models import (
    FACILITATOR_PHASE_HELP,
    PHASE_HELP,
    PHASE_ORDER,
    VIEWER_PHASE_HELP,
    Client,
    Participant,
    Phase,
    Workshop,
)
from workshop.selectors import (
    Access,
    actor_from_request,
    clients_for_facilitator,
    clients_for_user,
    facilitated_workshop_ids,
    participant_cookie_name,
    people_in_room,
    plan_exports,
    user_can_facilitate,
    workshop_access,
    workshop_by_code,
    workshops_for_user,
)


def _access(request: HttpRequest, pk: int) -> Access:
    """The workshop as this request's user or participant may see it, or 404."""
    return workshop_access(actor=actor_from_request(request, pk), pk=pk)


def _facilitator_access(request: HttpRequest, pk: int) -> Access:
    access = _access(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied(_("Only a facilitator of this workshop can do this."))
    return access


def _join_url(request: HttpRequest, workshop: Workshop) -> str:
    """The join link participants can open: PUBLIC_URL when set (the laptop's LAN address), else the request's."""
    path = reverse("workshop:join-code", args=[workshop.join_code])
    return f"{settings.PUBLIC_URL}{path}" if settings.PUBLIC_URL else request.build_absolute_uri(path)


def _back_to_board(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    url = reverse("workshop:board", args=[pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("workshop:dashboard")
    return redirect("workshop:join")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    workshops = list(workshops_for_user(request.user).annotate(participant_count=Count("participants", distinct=True)))
    return render(
        request,
        "workshop/dashboard.html",
        {
            "workshops": workshops,
            # Join codes are for the workshop's facilitators: a manager who had one could join and write.
            "facilitated": facilitated_workshop_ids(request.user, [w.pk for w in workshops]),
            "clients": clients_for_user(request.user),
            "can_facilitate": user_can_facilitate(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def client_create(request: HttpRequest) -> HttpResponse:
    if not user_can_facilitate(request.user):
        raise PermissionDenied(_("Only facilitators can create clients."))
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = submit(form, lambda: services.client_create(user=request.user, **data))
        if (client := created.value) is not None:
            messages.success(request, _("Client “%(name)s” created.") % {"name": client.name})
            return redirect("workshop:client", pk=client.pk)
    return render(request, "workshop/client_form.html", {"form": form})


@require_GET
@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _client_page(request, _client_for_user(request, pk))


def _client_page(request: HttpRequest, client: Client, viewer_form: ViewerForm | None = None) -> HttpResponse:
    workshops = workshops_for_user(request.user).filter(client=client)
    is_facilitator = clients_for_facilitator(request.user).filter(pk=client.pk).exists()
    # Managers see who took their client's plans, and when: exports are on the timeline too.
    context = {
        "client": client,
        "workshops": workshops,
        "is_facilitator": is_facilitator,
        "exports": plan_exports(client),
    }
    if is_facilitator:
        context["viewers"] = client.viewers.order_by("username")
        context["viewer_form"] = viewer_form or ViewerForm()
        context["poc_recording_form"] = PocRecordingForm(initial={"managers_record_pocs": client.managers_record_pocs})
    return render(request, "workshop/client_detail.html", context)


@require_POST
@login_required
def client_poc_recording(request: HttpRequest, pk: int) -> HttpResponse:
    """Let (or stop letting) the client's managers record POC check-ins and verdicts."""
    client = _client_for_user(request, pk)
    form = PocRecordingForm(request.POST)
    form.is_valid()  # a single checkbox: absent means off
    services.client_update(
        user=request.user,
        client=client,
        name=client.name,
        llm_allowed=client.llm_allowed,
        managers_record_pocs=form.cleaned_data.get("managers_record_pocs", False),
    )
    messages.success(request, _("Client saved."))
    return redirect("workshop:client", pk=client.pk)


@require_POST
@login_required
def client_viewer_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Grant read access to the client's workshops; errors re-render the client page."""
    client = _client_for_user(request, pk)
    form = ViewerForm(request.POST)
    if form.is_valid():
        username = form.cleaned_data["username"]
        added = submit(form, lambda: services.client_viewer_add(user=request.user, client=client, username=username))
        if (viewer := added.value) is not None:
            messages.success(request, _("%(name)s can now read this client's workshops.") % {"name": viewer})
            return redirect("workshop:client", pk=client.pk)
    if not clients_for_facilitator(request.user).filter(pk=client.pk).exists():
        raise PermissionDenied(_("Only a facilitator of this client can change who reads it."))
    return _client_page(request, client, viewer_form=form)


@require_POST
@login_required
def client_viewer_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    client = _client_for_user(request, pk)
    viewer = get_object_or_404(client.viewers.all(), pk=user_id)
    services.client_viewer_remove(user=request.user, client=client, viewer=viewer)
    messages.success(request, _("%(name)s no longer reads this client's workshops.") % {"name": viewer})
    return redirect("workshop:client", pk=client.pk)


def _client_for_user(request: HttpRequest, pk: int) -> Client:
    try:
        return clients_for_user(request.user).get(pk=pk)
    except Client.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@login_required
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client_for_user(request, pk)
    form = ClientForm(request.POST or None, initial={"name": client.name, "llm_allowed": client.llm_allowed})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submit(form, lambda: services.client_update(user=request.user, client=client, **data)).ok:
            messages.success(request, _("Client saved."))
            return redirect("workshop:client", pk=client.pk)
    elif not clients_for_facilitator(request.user).filter(pk=client.pk).exists():
        raise PermissionDenied(_("Only a facilitator of this client can change it."))
    return render(request, "workshop/client_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
@login_required
def workshop_create(request: HttpRequest) -> HttpResponse:
    if not user_can_facilitate(request.user):
        raise PermissionDenied(_("Only facilitators can create workshops."))
    clients = clients_for_facilitator(request.user)
    initial = {"client": request.GET.get("client")} if request.GET.get("client") else None
    form = WorkshopForm(request.POST or None, clients=clients, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = submit(form, lambda: services.workshop_create(user=request.user, **data))
        if (workshop := created.value) is not None:
            messages.success(request, _("Workshop created. Share the join code with the participants."))
            return redirect(workshop)
    return render(request, "workshop/workshop_form.html", {"form": form, "has_clients": clients.exists()})


@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = _facilitator_access(request, pk)
    workshop = access.workshop
    initial = {
        field: getattr(workshop, field)
        for field in (
            "title",
            "objective",
            "language",
            "currency",
            "votes_per_participant",
            "max_votes_per_use_case",
            "anonymous_ideas",
            "hide_vote_totals",
        )
    }
    form = WorkshopForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submit(form, lambda: services.workshop_update(access=access, **data)).ok:
            messages.success(request, _("Workshop saved."))
            return redirect(workshop)
    return render(request, "workshop/workshop_form.html", {"form": form, "workshop": workshop})


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The live board: the same page for facilitators, participants and viewers, by role."""
    return _board(request, _access(request, pk))


def _board(request: HttpRequest, access: Access, *, timebox_form: TimeboxForm | None = None) -> HttpResponse:
    workshop = access.workshop
    context = {
        "access": access,
        "workshop": workshop,
        "phases": [(value, label) for value, label in Phase.choices],
        "timebox_form": timebox_form or TimeboxForm(),
    }
    context.update(_live_context(access))
    if access.participant is not None:
        services.participant_mark_seen(participant=access.participant)
    if access.is_facilitator:
        context.update(people_context(access))
        context["events"] = workshop.events.select_related("participant")[:15]
        context["join_url"] = _join_url(request, workshop)
    return render(request, "workshop/board.html", context)


def people_context(access: Access) -> dict[str, object]:
    """The facilitator's list of people: the board renders it, then it polls on its own."""
    people = people_in_room(access.workshop)
    return {
        "access": access,
        "workshop": access.workshop,
        "people": people,
        "present_count": sum(1 for p in people if p.present),
    }


def _live_context(access: Access) -> dict[str, object]:
    workshop = access.workshop
    index = workshop.phase_index
    help_texts = (
        FACILITATOR_PHASE_HELP if access.is_facilitator else VIEWER_PHASE_HELP if access.is_viewer else PHASE_HELP
    )
    labels = dict(Phase.choices)
    participant_count, board_key = workshop.participants.count(), _board_key(workshop)
    return {
        "access": access,
        "workshop": workshop,
        "phase_help": help_texts[Phase(workshop.phase)],
        "phase_number": index + 1,
        "phase_count": len(PHASE_ORDER),
        "has_previous": index > 0,
        "has_next": index < len(PHASE_ORDER) - 1,
        "previous_phase": labels[PHASE_ORDER[index - 1]] if index > 0 else "",
        "next_phase": labels[PHASE_ORDER[index + 1]] if index < len(PHASE_ORDER) - 1 else "",
        "participant_count": participant_count,
        "board_key": board_key,
    }


def _board_key(workshop: Workshop) -> str:
    """What the board's main region depends on beyond its own polled counters.

    The phase and the reveal; in Score, Vote and ROI also the use cases on the grid
    or the shortlist (added, merged, rejected, shortlisted), which sit outside the
    polled region. Not in
    Collect ideas: reloading there would wipe a half-typed idea, and the list
    of ideas refreshes on its own.
    """
    parts = [workshop.phase, str(int(workshop.results_revealed))]
    if workshop.phase in {Phase.SCORE, Phase.VOTE, Phase.ROI}:
        rows = list(workshop.use_cases.order_by("pk").values_list("pk", "status"))
        parts.append(hashlib.sha256(repr(rows).encode()).hexdigest()[:12])
    return ".".join(parts)


@require_GET
def join_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The join code and a QR code, large, for the facilitator to project in the room."""
    access = _facilitator_access(request, pk)
    join_url = _join_url(request, access.workshop)
    return render(request, "workshop/join_screen.html", {"workshop": access.workshop, "join_url": join_url})


@require_GET
def live(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The phase banner, polled by every board. Unchanged: 304 (204 to htmx), nothing rendered."""
    if (
        short := participant_not_modified(request, pk, "live", on_unchanged=services.participant_seen_at_poll)
    ) is not None:
        return short
    # A participant removed meanwhile: NotInWorkshop, and the middleware sends the page to the join
    # page, which tells them (workshop/middleware.py), rather than a board that stops updating.
    access = _access(request, pk)
    if access.participant is not None:
        services.participant_mark_seen(participant=access.participant)
    etag = board_etag(access, "live", room=True)  # the banner shows no score or vote
    if (short := not_modified(request, etag)) is not None:
        return short
    context = _live_context(access)
    response = render(request, "workshop/board.html#live", context)
    # The board shows another phase, reveal or set of use cases: its main region reloads itself.
    if request.GET.get("board") and request.GET["board"] != context["board_key"]:
        response["HX-Trigger"] = "boardChanged"
    return with_etag(response, etag)


@require_POST
def phase(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = _facilitator_access(request, pk)
    direction = request.POST.get("direction")
    if direction in {"next", "previous"}:
        step = 1 if direction == "next" else -1
        moved = attempt(lambda: services.workshop_step_phase(access=access, step=step))
    else:
        moved = attempt(lambda: services.workshop_set_phase(access=access, phase=request.POST.get("phase", "")))
    if moved.error:
        messages.error(request, moved.error)
    return _back_to_board(request, pk)


@require_POST
def timebox(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = _facilitator_access(request, pk)
    form = TimeboxForm(request.POST)
    if form.is_valid():
        seconds = form.cleaned_data.get("seconds")
        set_ = attempt(lambda: services.workshop_set_timebox(access=access, seconds=seconds))
        if set_.ok:
            return _back_to_board(request, pk)
        if set_.status == 409:
            messages.error(request, set_.error)
            return _back_to_board(request, pk)
        form.add_error("duration", set_.error)  # out of bounds: said beside what was typed
    # What was typed stays in the field, with the reason beside it.
    return _board(request, access, timebox_form=form)


@require_http_methods(["GET", "POST"])
def regenerate_code(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (the old code stops working at once); POST replaces the join code."""
    access = _facilitator_access(request, pk)
    if request.method == "GET":
        return render(request, "workshop/regenerate_code.html", {"access": access, "workshop": access.workshop})
    if error := attempt(lambda: services.workshop_regenerate_code(access=access)).error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("New join code: %(code)s. The old one no longer works.") % {"code": access.workshop.join_code}
        )
    return _back_to_board(request, pk)


@require_POST
def reveal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = _facilitator_access(request, pk)
    revealed = request.POST.get("revealed", "1") == "1"
    if error := attempt(lambda: services.workshop_reveal(access=access, revealed=revealed)).error:
        messages.error(request, error)
    return _back_to_board(request, pk)


@require_http_methods(["GET", "POST"])
def participant_erase(request: HtmxHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """Erase a participant (facilitators): choose whether their scores and votes stay, anonymous."""
    access = _facilitator_access(request, pk)
    participant = get_object_or_404(access.workshop.participants, pk=participant_pk)
    form = EraseParticipantForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["contributions"] == "keep"
        erased = attempt(
            lambda: services.participant_erase(access=access, participant=participant, keep_contributions=keep)
        )
        if not (error := erased.error):
            # Not named: the point was to remove the name.
            messages.success(request, _("The participant was erased."))
            return _back_to_board(request, pk)
    status = 409 if error else (400 if request.method == "POST" else 200)
    context = {"workshop": access.workshop, "participant": participant, "form": form, "error": error}
    return render(request, "workshop/participant_erase.html", context, status=status)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Join with a code and a display name; the browser remembers the participant by a cookie.

    `?workshop=<id>`: the browser tried to open that workshop's page without being in it
    (workshop/middleware.py). The page says why: removed by the facilitator (the browser still
    holds a cookie for it that no participant answers to, and forgets it now) or not known in
    this browser. It shows nothing of the workshop itself: the id proves nothing.
    """
    if request.method == "GET" and (left := _left_workshop(request)) is not None:
        notice, stale_cookie = left
        response = render(request, "workshop/join.html", {**_join_context(JoinForm()), "notice": notice})
        if stale_cookie:
            response.delete_cookie(stale_cookie)
        return response
    form = JoinForm(request.POST or None, initial={"join_code": code or request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        target = workshop_by_code(form.cleaned_data["join_code"])
        current = actor_from_request(request, target.pk).participant if target else None
        data = form.cleaned_data

        def enter() -> tuple[Participant, str | None]:
            with throttle.join_attempt(request, names.typed_name_key(data["display_name"])):
                return services.participant_join(
                    join_code=data["join_code"], display_name=data["display_name"], current=current, user=request.user
                )

        joined = submit(form, enter, denied=True)
        if joined.value is not None:
            participant, token = joined.value
            return enter_board(request, participant, token)
        if joined.status in {403, 429}:
            return joined.answer(render(request, "workshop/join.html", _join_context(form), status=joined.status))
    return render(request, "workshop/join.html", _join_context(form))


def enter_board(request: HttpRequest, participant: Participant, token: str | None) -> HttpResponse:
    """To the board, this browser remembered as `participant` (a new `token`, or None to keep its cookie)."""
    response = redirect("workshop:board", pk=participant.workshop_id)
    if token is not None:
        response.set_cookie(
            participant_cookie_name(participant.workshop_id),
            token,
            max_age=settings.PARTICIPANT_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # A browser that never chose a language follows the workshop's from now on.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            participant.workshop.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _left_workshop(request: HttpRequest) -> tuple[str, str] | None:
    """What the join page says to a browser sent back from workshop `?workshop=` (and a cookie to forget)."""
    try:
        workshop_id = int(request.GET.get("workshop", ""))
    except ValueError:
        return None
    cookie = participant_cookie_name(workshop_id)
    if request.COOKIES.get(cookie):
        if actor_from_request(request, workshop_id).participant is not None:
            return None  # still in it: the plain join page (a new name, say)
        return "removed", cookie
    return "lost", ""


def _join_context(form: JoinForm) -> dict[str, object]:
    """The form, and what the page says is kept about a participant and for how long."""
    return {
        "form": form,
        "cookie_days": settings.PARTICIPANT_COOKIE_MAX_AGE // 86400,
        "retention_days": settings.CLOSED_WORKSHOP_RETENTION_DAYS,
    }
