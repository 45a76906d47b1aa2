"""A realistic sample workshop, so a new user sees everything at once. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from workshop.models import Client, Participant, Phase, Workshop

DEMO_CODE = "DEMXAT26"
FACILITATOR = ("facilitator", "atelier-demo")
PARTICIPANTS = ["Amélie", "Bruno", "Chloé", "Dmitri"]


class Command(BaseCommand):
    help = "Create the demo workshop, its facilitator and sample participants (safe to run twice)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

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
        user.groups.add(Group.objects.get(name="Facilitators"))

        client, _ = Client.objects.get_or_create(name="Maison Durand Logistics", defaults={"created_by": user})
        workshop = Workshop.objects.filter(join_code=DEMO_CODE).first()
        if workshop is None:
            workshop = self._create_workshop(client, user)

        if not options.get("quiet"):
            self.stdout.write(
                "\n".join(
                    [
                        "",
                        "Atelier demo is ready.",
                        "  Open:              http://127.0.0.1:8000/",
                        f"  Facilitator login: {username} / {password}",
                        f"  Participant join:  http://127.0.0.1:8000/join/ with code {workshop.join_code}",
                        "  API docs:          http://127.0.0.1:8000/api/docs/",
                        "",
                    ]
                )
            )

    def _create_workshop(self, client: Client, user: object) -> Workshop:
        from usecases.services import criteria_copy_defaults

        workshop = Workshop.objects.create(
            client=client,
            title="AI opportunities in customer operations",
            objective="Find the three AI proofs of concept worth starting next quarter.",
            join_code=DEMO_CODE,
            phase=Phase.COLLECT,
        )
        workshop.facilitators.add(user)  # type: ignore[arg-type]
        criteria_copy_defaults(workshop=workshop)
        for name in PARTICIPANTS:
            participant = Participant(workshop=workshop, display_name=name)
            participant.set_new_token()
            participant.save()
        return workshop
