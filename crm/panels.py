"""Panels other apps add to a partner's page, without the page knowing the apps.

An app above the ground (certification, mentoring …) registers a template and a
function that gives its context for one partnership; the partner page renders
every registered panel in the order registered. No app edits the page's template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ContextFn = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Panel:
    template_name: str
    context: ContextFn


_PANELS: dict[str, Panel] = {}


def partner_panel_register(template_name: str, context_fn: ContextFn) -> None:
    """Add a panel to the partner page: `context_fn(partnership)` gives its template's context."""
    _PANELS[template_name] = Panel(template_name=template_name, context=context_fn)


def partner_panels() -> list[Panel]:
    """The registered panels, in the order they were registered."""
    return list(_PANELS.values())
