"""Figures per person that other apps add to the lead's team view (a registry).

The pipeline counts cases; what other apps know about a person (flags waiting
for a lead's review …) comes from them. Each app registers its figure in its
``AppConfig.ready()``::

    from crm import team_figures

    team_figures.register(
        code="flags",
        label=_("Flags to review"),
        counts=open_flags_per_person,   # team -> {user id or None: count}, one query
        url=review_url,                 # user id or None (the whole team) -> the list
    )
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Counts = Callable[[Any], dict[int | None, int]]
Url = Callable[[int | None], str]


@dataclass(frozen=True, slots=True)
class Figure:
    code: str
    label: str | Promise
    counts: Counts
    url: Url


_REGISTRY: dict[str, Figure] = {}


def register(*, code: str, label: str | Promise, counts: Counts, url: Url) -> Figure:
    """Add (or replace) the figure `code`."""
    figure = Figure(code=code, label=label, counts=counts, url=url)
    _REGISTRY[code] = figure
    return figure


def unregister(code: str) -> None:
    _REGISTRY.pop(code, None)


def registered() -> list[Figure]:
    """All registered figures, in code order."""
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]
