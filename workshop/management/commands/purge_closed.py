"""Delete (or anonymise) closed workshops past their retention, e.g. daily from cron or the beat."""

from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workshop.services import workshops_purge_closed


class Command(BaseCommand):
    help = "Delete closed workshops unchanged for DAYS days, or with --anonymise erase their participants."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAYS",
            default=settings.CLOSED_WORKSHOP_RETENTION_DAYS or None,
            help="Closed and unchanged for at least this many days (default: CLOSED_WORKSHOP_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--anonymise",
            action="store_true",
            help="Keep the workshops and their results; replace every participant's name and revoke their token.",
        )
        parser.add_argument("--dry-run", action="store_true", help="List what would be done; change nothing.")

    def handle(self, *args: object, **options: object) -> None:
        days = options["older_than"]
        if days is None:
            raise CommandError("Give --older-than DAYS (or set CLOSED_WORKSHOP_RETENTION_DAYS).")
        ids = workshops_purge_closed(
            older_than_days=int(str(days)),
            anonymise=bool(options["anonymise"]),
            dry_run=bool(options["dry_run"]),
        )
        verb = "would be " if options["dry_run"] else ""
        done = "anonymised" if options["anonymise"] else "deleted"
        self.stdout.write(f"{len(ids)} closed workshop(s) {verb}{done}: {', '.join(map(str, ids)) or '-'}")
