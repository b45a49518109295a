"""Entry requirements of pipeline stages: a registry that other apps plug checks into.

A stage lists requirement codes (for example "Vorbereitet" needs
``needs_profile``). The pipeline services ask this registry, before every move,
which requirements of the target stage the case does not meet yet, and refuse
the move with those explanations. The checks themselves live with the data they
look at: each app registers its own in its ``AppConfig.ready()``::

    from crm.requirements import register

    register(
        code="needs_profile",
        label=_("A needs profile has been captured"),
        check=lambda case: None if has_profile(case) else _("Capture a needs profile first."),
    )

A check receives the case and returns ``None`` when the requirement is met, or a
short message that says what is missing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Check = Callable[[Any], "str | Promise | None"]
# Where the missing thing is made good, for the case (a form's URL): the case page
# links there, so that nobody meets a requirement without the way to meet it.
Fix = Callable[[Any], str]

# The codes the default pipeline uses (`crm.defaults`); the apps that own the data
# register their checks under these names.
NEEDS_PROFILE = "needs_profile"
INTRODUCTION = "introduction"
BENEFIT_STATEMENT = "benefit_statement"


@dataclass(frozen=True, slots=True)
class Requirement:
    code: str
    label: str | Promise
    check: Check
    fix: Fix | None = None


_REGISTRY: dict[str, Requirement] = {}


def register(
    *, code: str, label: str | Promise, check: Check, fix: Fix | None = None
) -> Requirement:
    """Add (or replace, for reloads in tests) the requirement `code`."""
    requirement = Requirement(code=code, label=label, check=check, fix=fix)
    _REGISTRY[code] = requirement
    return requirement


def unregister(code: str) -> None:
    """Remove a requirement (tests that register a temporary one clean up with this)."""
    _REGISTRY.pop(code, None)


def get(code: str) -> Requirement | None:
    return _REGISTRY.get(code)


def registered() -> list[Requirement]:
    """All registered requirements, in code order."""
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def choices() -> list[tuple[str, str | Promise]]:
    """(code, label) pairs for forms and the admin."""
    return [(r.code, r.label) for r in registered()]


def unmet(case: Any, codes: Iterable[str]) -> list[str | Promise]:
    """What `case` still lacks for the given requirement codes, in the given order.

    A code nobody registered (an app was removed) is not enforced: a stage must
    not become unreachable because its check went away.
    """
    missing: list[str | Promise] = []
    for code in codes:
        requirement = _REGISTRY.get(code)
        if requirement is None:
            continue
        message = requirement.check(case)
        if message:
            missing.append(message)
    return missing
