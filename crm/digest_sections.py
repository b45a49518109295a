"""What later apps add to the daily digest: a registry of digest sources.

The digest (crm.selectors, crm.tasks) lists each owner's due and stale cases.
Apps above the pipeline (certification: re-certifications coming due) register a
source in their ``AppConfig.ready()``::

    from crm import digest_sections

    digest_sections.register(
        "recertifications",
        recipients=lambda today: {user_id, ...},
        notes=lambda user_id, today: [digest_sections.Note(team_id=..., ...)],
    )

`recipients` names the users who get something from the source on `today`
(so that they get a digest even with no case due); `notes` returns their lines,
one query or a few whatever the data.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Note:
    """One line of a digest from another app, under a heading, with a link."""

    team_id: int
    heading: str
    text: str
    url: str = ""


Recipients = Callable[[date], Iterable[int]]
Notes = Callable[[int, date], Iterable[Note]]

_SOURCES: dict[str, tuple[Recipients, Notes]] = {}


def register(code: str, *, recipients: Recipients, notes: Notes) -> None:
    """Add (or replace, under the same code) a source of digest lines."""
    _SOURCES[code] = (recipients, notes)


def unregister(code: str) -> None:
    _SOURCES.pop(code, None)


def recipient_ids(today: date) -> set[int]:
    """Everyone some source has a line for today."""
    found: set[int] = set()
    for recipients, _notes in _SOURCES.values():
        found.update(recipients(today))
    return found


def notes_for(user_id: int, today: date) -> list[Note]:
    """The lines of every source for one user, in the order the sources registered."""
    return [note for _recipients, notes in _SOURCES.values() for note in notes(user_id, today)]
