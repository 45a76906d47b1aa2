"""Restore a workshop from a document `export_workshop` wrote, here or in another installation."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workshop.models import Client
from workshop.portability import facilitators_for_import, workshop_import


class Command(BaseCommand):
    help = (
        "Restore a workshop from an export_workshop JSON file (or - for the standard input). A backup is data, "
        "never permissions: the document's facilitators stay facilitators only if they already are here."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--client", type=int, help="Put it under this client (default: a new client).")
        parser.add_argument(
            "--facilitator",
            action="append",
            default=[],
            metavar="USERNAME",
            help=(
                "Make this user (a facilitator here) a facilitator of the workshop (repeatable). Given, only these "
                "are; without it, the document's usernames that are facilitators here are kept."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        path = str(options["file"])
        try:
            if path == "-":
                document = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as handle:
                    document = json.load(handle)
        except (OSError, ValueError, RecursionError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        client = None
        if options["client"]:
            client = Client.objects.filter(pk=int(str(options["client"]))).first()
            if client is None:
                raise CommandError(f"No client has id {options['client']}.")
        given = options["facilitator"]
        names = [str(name) for name in given] if isinstance(given, list) else []
        users = list(get_user_model().objects.filter(username__in=names))
        missing = set(names) - {u.get_username() for u in users}
        if missing:
            raise CommandError(f"No such user: {', '.join(sorted(missing))}.")
        try:
            report = facilitators_for_import(document=document, mapped=users)
            workshop = workshop_import(document=document, client=client, facilitators=report.users)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Workshop {workshop.pk} restored: {workshop.title} (join code {workshop.join_code}).")
        for line in report.lines():
            self.stdout.write(line)
