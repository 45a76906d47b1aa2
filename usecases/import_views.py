"""Import ideas from a CSV or XLSX file (facilitators): upload, map the columns, check the rows, confirm.

The table read from the file waits in a `PendingImport` row owned by the
facilitator (never in the session, which every page reads), so the file is sent
once; no use case exists until "Import" is pressed, and "Import" claims the row
once: a double-click imports once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from core.pages import attempt
from usecases import imports, services
from usecases.models import PendingImport
from usecases.views import _access
from workshop.selectors import Access


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy("One idea per row, with a header row. Formulas are imported as text."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class MappingForm(forms.Form):
    """One choice per column of the file: the use-case field it fills, or none."""

    def __init__(self, *args: Any, headers: list[str], initial_mapping: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, header in enumerate(headers):
            self.fields[f"column-{index}"] = forms.ChoiceField(
                label=_("Column “%(header)s”") % {"header": header},
                choices=imports.field_choices(),
                required=False,
                initial=initial_mapping[index] if index < len(initial_mapping) else "",
            )

    def mapping(self, width: int) -> list[str]:
        return [self.cleaned_data.get(f"column-{i}") or "" for i in range(width)]


def _pending_create(request: HttpRequest, access: Access, table: imports.Table) -> PendingImport:
    """Keep the table for the next steps; drop this facilitator's earlier one and every expired one."""
    now = timezone.now()
    PendingImport.objects.filter(expires_at__lt=now).delete()
    PendingImport.objects.filter(workshop=access.workshop, owner_id=request.user.pk, claimed_at__isnull=True).delete()
    return PendingImport.objects.create(
        workshop=access.workshop,
        owner_id=int(request.user.pk or 0),
        filename=table.filename[:255],
        table=table.as_dict(),
        expires_at=now + timedelta(minutes=settings.IMPORT_PENDING_MINUTES),
    )


def _pending(request: HttpRequest, access: Access) -> PendingImport | None:
    """The table this facilitator previewed for this workshop, if it is still here (not expired)."""
    pk = request.POST.get("pending", "")
    if not pk.isdigit():
        return None
    return PendingImport.objects.filter(
        pk=int(pk), workshop=access.workshop, owner_id=request.user.pk, expires_at__gt=timezone.now()
    ).first()


def _facilitator(request: HttpRequest, pk: int) -> Access:
    access = _access(request, pk)
    access.require_facilitator()
    return access


def _page(request: HttpRequest, access: Access, status: int = 200, **extra: Any) -> HttpResponse:
    context = {"access": access, "workshop": access.workshop, "upload_form": UploadForm(), **extra}
    return render(request, "usecases/import.html", context, status=status)


def _preview(
    request: HttpRequest, access: Access, pending: PendingImport, mapping: list[str], **extra: Any
) -> HttpResponse:
    table = imports.Table.from_dict(pending.table)
    form = MappingForm(
        {f"column-{i}": name for i, name in enumerate(mapping)}, headers=table.headers, initial_mapping=mapping
    )
    form.is_valid()
    problems = imports.mapping_errors(mapping)
    checks = [] if problems else imports.check_rows(table, mapping)
    valid = sum(1 for c in checks if c.ok)
    return _page(
        request,
        access,
        status=extra.pop("status", 200),
        table=table,
        pending=pending,
        mapping_form=form,
        mapping_problems=problems,
        checks=checks,
        valid=valid,
        invalid=len(checks) - valid,
        **extra,
    )


@require_http_methods(["GET", "POST"])
def import_use_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the upload form. POST `upload`: read the file and preview it; `preview`: apply another
    column mapping; `confirm`: import the rows without errors, skip the others."""
    access = _facilitator(request, pk)
    if request.method == "GET":
        return _page(request, access)
    action = request.POST.get("action", "upload")
    if action == "upload":
        upload = UploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            return _page(request, access, upload_form=upload, status=400)
        try:
            table = imports.read_table(
                upload.cleaned_data["file"],
                max_bytes=settings.IMPORT_MAX_BYTES,
                max_rows=settings.IMPORT_MAX_ROWS,
                max_unpacked=settings.IMPORT_MAX_UNPACKED_BYTES,
            )
        except imports.ImportFileError as exc:
            upload.add_error("file", exc.message)
            return _page(request, access, upload_form=upload, status=400)
        kept = _pending_create(request, access, table)
        return _preview(request, access, kept, imports.guess_mapping(table.headers))

    pending = _pending(request, access)
    if pending is None:
        return _page(request, access, error=_("The file is no longer here: choose it again."), status=400)
    if pending.claimed_at is not None:
        messages.info(request, _("This file was already imported."))
        return redirect("workshop:board", pk=access.workshop.pk)
    table = imports.Table.from_dict(pending.table)
    form = MappingForm(request.POST, headers=table.headers, initial_mapping=[])
    if not form.is_valid():
        return _preview(request, access, pending, imports.guess_mapping(table.headers), status=400)
    mapping = form.mapping(len(table.headers))
    if action != "confirm" or imports.mapping_errors(mapping):
        return _preview(request, access, pending, mapping, status=200 if action != "confirm" else 400)

    rows = [check.values for check in imports.check_rows(table, mapping) if check.ok]
    skipped = len(table.rows) - len(rows)
    with transaction.atomic():
        # Claimed once: of two "Import" clicks, the second finds it taken and imports nothing.
        claimed = PendingImport.objects.filter(pk=pending.pk, claimed_at__isnull=True).update(claimed_at=timezone.now())
        if not claimed:
            messages.info(request, _("This file was already imported."))
            return redirect("workshop:board", pk=access.workshop.pk)
        imported = attempt(lambda: services.use_cases_import(access=access, rows=rows))
        if imported.value is None:
            transaction.set_rollback(True)  # unclaimed again: the facilitator may change the mapping
    if (created := imported.value) is None:
        # A ValidationError means no row without errors: the preview says what is wrong with each.
        error = imported.error
        if imported.status == 400:
            error = _("No row can be imported: correct the file and choose it again.")
        return _preview(request, access, pending, mapping, error=error, status=imported.status)
    message = ngettext("%(n)s use case imported.", "%(n)s use cases imported.", len(created)) % {"n": len(created)}
    if skipped:
        message += " " + ngettext(
            "%(n)s row with errors was skipped.", "%(n)s rows with errors were skipped.", skipped
        ) % {"n": skipped}
    messages.success(request, message)
    return redirect("workshop:board", pk=access.workshop.pk)
