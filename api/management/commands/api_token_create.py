"""Print a new personal API token for a user (in their first team, or --team)."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from api import services
from crm.models import Membership


class Command(BaseCommand):
    help = "Create a personal API token and print it (it is stored hashed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="user name")
        parser.add_argument("--team", help="the team's short name (default: the user's first)")
        parser.add_argument("--name", default="manage.py", help="what the token is for")
        parser.add_argument("--days", type=int, default=90, help="days until it expires")
        parser.add_argument("--read-only", action="store_true", help="may only read")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        memberships = Membership.objects.filter(user=user).select_related("team").order_by("pk")
        if options["team"]:
            memberships = memberships.filter(team__slug=options["team"])
        membership = memberships.first()
        if membership is None:
            raise CommandError("The user is not a member of that team (or of any).")
        _token, plain = services.api_token_create(
            team=membership.team,
            user=user,
            name=options["name"],
            read_only=options["read_only"],
            expires_at=timezone.now() + timedelta(days=options["days"]),
        )
        self.stdout.write(plain)
