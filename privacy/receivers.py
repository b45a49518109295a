"""What the data-protection app plugs into the lower apps."""

from collections.abc import Sequence

from companies import guards
from privacy import services


def do_not_contact_check(team_id: int, people: Sequence[tuple[str, str]]) -> list[str | None]:
    """Refuse a contact whose email or phone is on the team's do-not-contact list."""
    blocked = services.do_not_contact_blocked(team_id=team_id, people=people)
    return [str(services.DO_NOT_CONTACT_MESSAGE) if hit else None for hit in blocked]


guards.contact_check_register(do_not_contact_check)
