"""A realistic sample workshop, so a new user sees everything at once. Idempotent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from workshop.models import Client, Participant, Phase, Workshop
from workshop.services import facilitators_group
from workshop.signals import demo_workshop_seeded, workshop_created

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_CODE = "DEMXAT26"
FACILITATOR = ("facilitator", "atelier-demo")
MANAGER = ("manager", "atelier-demo")
PARTICIPANTS = ["Amélie", "Bruno", "Chloé", "Dmitri"]


class Command(BaseCommand):
    help = "Create the demo workshop, its facilitator and sample participants (safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")
        parser.add_argument("--port", type=int, default=8000, help="The port the links printed point to.")

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        User = get_user_model()
        username, password = FACILITATOR
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": "Camille", "last_name": "Martin"}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(facilitators_group())

        client, _ = Client.objects.get_or_create(name="Maison Durand Logistics", defaults={"created_by": user})
        workshop = Workshop.objects.filter(join_code=DEMO_CODE).first()
        if workshop is None:
            workshop = self._create_workshop(client, user)

        # A manager: reads every workshop of the client and exports plans; not a facilitator.
        manager_name, manager_password = MANAGER
        manager, created = User.objects.get_or_create(
            username=manager_name, defaults={"first_name": "Hélène", "last_name": "Durand"}
        )
        if created:
            manager.set_password(manager_password)
            manager.save()
        client.viewers.add(manager)
        if not options.get("quiet"):
            site = settings.PUBLIC_URL or f"http://127.0.0.1:{options.get('port') or 8000}"
            self.stdout.write(
                "\n".join(
                    [
                        "",
                        "Atelier demo is ready.",
                        f"  Open:              {site}/",
                        f"  Facilitator login: {username} / {password}",
                        f"  Manager login:     {manager_name} / {manager_password}",
                        f"  Participant join:  {site}/join/ with code {workshop.join_code}",
                        f"  API docs:          {site}/api/docs/",
                        "",
                    ]
                )
            )

    def _create_workshop(self, client: Client, user: User) -> Workshop:
        workshop = Workshop.objects.create(
            client=client,
            title="AI opportunities in customer operations",
            objective="Find the three AI proofs of concept worth starting next quarter.",
            join_code=DEMO_CODE,
            phase=Phase.COLLECT,
        )
        workshop.facilitators.add(user)
        # The apps above this one add what they own: criteria, then use cases, scores, votes and ROI.
        workshop_created.send(sender=Workshop, workshop=workshop, user=user)
        participants = []
        for name in PARTICIPANTS:
            participant = Participant(workshop=workshop, display_name=name)
            participant.set_new_token()
            participant.save()
            participants.append(participant)
        demo_workshop_seeded.send(sender=Workshop, workshop=workshop, participants=participants)
        # Voting under way with results revealed, so a new user sees every part at once.
        workshop.phase = Phase.VOTE
        workshop.results_revealed = True
        workshop.save(update_fields=["phase", "results_revealed", "updated_at"])
        return workshop
