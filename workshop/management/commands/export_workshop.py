"""Write one workshop as a JSON document (a backup, or a move to another installation)."""

from __future__ import annotations

import json
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from workshop.models import Workshop
from workshop.portability import workshop_export


class Command(BaseCommand):
    help = (
        "Write workshop ID as JSON: criteria, participants (without tokens), use cases, scores, votes, ROI, "
        "summaries, events, and every section another app registers."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("workshop_id", type=int)
        parser.add_argument("--output", "-o", help="Write to this file instead of the standard output.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            workshop = Workshop.objects.select_related("client").get(pk=int(str(options["workshop_id"])))
        except Workshop.DoesNotExist:
            raise CommandError(f"No workshop has id {options['workshop_id']}.") from None
        text = json.dumps(workshop_export(workshop=workshop), ensure_ascii=False, indent=2, sort_keys=True)
        if options["output"]:
            try:
                with open(str(options["output"]), "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror or exc}.") from None
        else:
            self.stdout.write(text)
