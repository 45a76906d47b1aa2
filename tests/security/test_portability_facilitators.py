"""A backup imports as data, never as permissions: who it names as facilitators gains nothing by that alone.

Before: `import_workshop` made every username of the document that exists here
a facilitator, so a read-only manager named in a backup could edit the
workshop and change its phase.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import UserFactory
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def backup(workshop, victor, tmp_path):
    """A backup of alice's workshop that names victor (a manager of its client) and strangers as facilitators."""
    out = io.StringIO()
    call_command("export_workshop", str(workshop.pk), stdout=out)
    document = json.loads(out.getvalue())
    document["facilitators"] = ["alice", "victor", "zed"]
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    return path


def _import(path, *args: str) -> tuple[Workshop, str]:
    out = io.StringIO()
    call_command("import_workshop", str(path), *args, stdout=out)
    return Workshop.objects.order_by("-pk").first(), out.getvalue()


def test_a_manager_named_in_a_backup_cannot_change_the_imported_workshops_phase(backup, workshop, victor_api):
    restored, _ = _import(backup, "--client", str(workshop.client_id))

    assert victor_api.get(f"/api/v1/workshops/{restored.pk}/").status_code == 200  # still reads it, as a manager
    response = victor_api.post(f"/api/v1/workshops/{restored.pk}/phase/", {"phase": "score"}, format="json")

    assert response.status_code == 403
    restored.refresh_from_db()
    assert restored.phase == "collect"
    assert not restored.facilitators.filter(username="victor").exists()


def test_a_manager_named_in_a_backup_cannot_edit_it_from_the_pages(backup, workshop, victor_client):
    restored, _ = _import(backup, "--client", str(workshop.client_id))

    response = victor_client.post(f"/workshops/{restored.pk}/phase/", {"direction": "next"})

    assert response.status_code in (403, 404)
    restored.refresh_from_db()
    assert restored.phase == "collect"


def test_without_mapping_only_existing_facilitators_are_kept_and_the_report_says_who(backup):
    restored, report = _import(backup)

    assert list(restored.facilitators.values_list("username", flat=True)) == ["alice"]
    assert "Facilitators kept (named in the document, facilitators here): alice." in report
    assert "Facilitators mapped (--facilitator): none." in report
    assert "victor (not a facilitator here)" in report
    assert "zed (no account here)" in report


def test_facilitators_mapped_explicitly_replace_the_documents(backup):
    UserFactory(username="carol", facilitator=True)

    restored, report = _import(backup, "--facilitator", "carol")

    assert list(restored.facilitators.values_list("username", flat=True)) == ["carol"]
    assert "Facilitators mapped (--facilitator): carol." in report
    assert "alice (not named with --facilitator)" in report


def test_mapping_a_user_who_is_no_facilitator_here_is_refused_and_imports_nothing(backup, victor):
    count = Workshop.objects.count()

    with pytest.raises(CommandError, match=r"Not a facilitator here .*victor"):
        _import(backup, "--facilitator", "victor")

    assert Workshop.objects.count() == count


def test_an_import_that_keeps_no_facilitator_says_so(backup, tmp_path):
    document = json.loads(backup.read_text())
    document["facilitators"] = ["victor"]
    backup.write_text(json.dumps(document))

    restored, report = _import(backup)

    assert not restored.facilitators.exists()
    assert "No facilitator" in report
