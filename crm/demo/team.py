"""The demo network office: its name, region and the logins of its staff."""

from crm.models import Membership

# Public on purpose: printed by the command and documented for demos.
DEMO_PASSWORD = "tandem-demo"  # noqa: S105
DEMO_URL = "http://127.0.0.1:8000/"

TEAM_NAME = "Kompetenzzentrum Frau & Beruf Leipzig-Westsachsen"
TEAM_SLUG = "kompetenzzentrum-westsachsen"
TEAM_REGION = "Leipzig-Westsachsen"

# username, first name, last name, role
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("anna", "Anna", "Richter", Membership.Role.STAFF),
    ("ben", "Ben", "Hoffmann", Membership.Role.STAFF),
    ("lea", "Lea", "Zimmermann", Membership.Role.LEAD),
)
