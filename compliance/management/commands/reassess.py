"""What a change of the law changed, client by client: every use case whose outcome differs between two dates."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compliance import law
from compliance.models import Assessment
from compliance.serializers import changes_data, law_data
from usecases.models import Status
from workshop.models import Client


class Command(BaseCommand):
    help = (
        "List, for each client, every assessed use case whose pre-assessment outcome differs between the edition "
        "of the law in force on --since and the one in force today (the same list as the client's law-changes page)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--since", required=True, help="YYYY-MM-DD: compare from the law in force that day.")
        parser.add_argument("--client", type=int, help="Only this client (its id).")
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, choices=[c for c, _n in settings.LANGUAGES])

    def handle(self, *args: object, **options: object) -> None:
        try:
            since = date.fromisoformat(str(options["since"]))
        except ValueError:
            raise CommandError("--since takes a date as YYYY-MM-DD.") from None
        clients = Client.objects.order_by("name", "pk")
        if options["client"] is not None:
            clients = clients.filter(pk=int(str(options["client"])))
            if not clients.exists():
                raise CommandError(f"No client has id {options['client']}.")
        before, until = law.edition_on(since), law.edition_on(timezone.localdate())
        with translation.override(str(options["lang"])):
            self._report(clients, before, until)

    def _report(self, clients: QuerySet[Client], before: law.Edition, until: law.Edition) -> None:
        self.stdout.write(
            _("From %(before)s to %(after)s.")
            % {"before": law_data(before)["title"], "after": law_data(until)["title"]}
        )
        total = 0
        for client in clients:
            assessments = (
                Assessment.objects.filter(use_case__workshop__client=client)
                .exclude(use_case__status=Status.MERGED)
                .select_related("use_case", "use_case__workshop")
                .order_by("use_case__workshop__created_at", "use_case__created_at", "use_case_id")
            )
            rows = [changes_data(a.use_case, a, before, until) for a in assessments]
            rows = [row for row in rows if row["changes"]]
            if not rows:
                continue
            self.stdout.write("")
            self.stdout.write(f"# {client.name} (client {client.pk})")
            for row in rows:
                self.stdout.write(f"- {row['title']} (use case {row['use_case']}, workshop {row['workshop']})")
                for change in row["changes"]:
                    self.stdout.write(f"    {change['text']}")
            total += len(rows)
        self.stdout.write("")
        self.stdout.write(
            ngettext("%(count)d use case changed.", "%(count)d use cases changed.", total) % {"count": total}
        )
