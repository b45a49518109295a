"""Checks that apps above plug into the contact create and import paths.

The do-not-contact list lives with the data-protection app, which reads every
app; `companies` must not import it. So that app registers a check here in its
`AppConfig.ready()`, and every path that adds a contact asks the checks.
"""

from collections.abc import Callable, Sequence

# (team id, [(email, phone), ...]) -> for each person a refusal message, or None.
ContactCheck = Callable[[int, Sequence[tuple[str, str]]], list[str | None]]

_checks: list[ContactCheck] = []


def contact_check_register(check: ContactCheck) -> None:
    """Add a check that may refuse new contacts (idempotent)."""
    if check not in _checks:
        _checks.append(check)


def contact_refusals(*, team_id: int, people: Sequence[tuple[str, str]]) -> list[str | None]:
    """For each (email, phone): the first refusal of a registered check, or None."""
    refusals: list[str | None] = [None] * len(people)
    for check in _checks:
        for index, refusal in enumerate(check(team_id, people)):
            refusals[index] = refusals[index] or refusal
    return refusals
