"""The board's cards written out in Python.

A board shows about a hundred cards; through the template engine each cost 0.6 ms
(three included templates, a move form, six translations, two URL reversals: 70 ms
of a board's 80). `templates/crm/partials/case_card.html` stays the card's reference
and draws a single card (after its next step was edited); the board's columns draw
theirs here, and `tests/crm/test_board_cards.py` holds both equal.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from crm.models import AcquisitionCase, Stage
from crm.navigation import url_by_id


class Card(Protocol):
    """A card as `crm.selectors.card_for` makes it (this module sits below the selectors)."""

    case: AcquisitionCase
    days_in_stage: int
    rotting: bool
    overdue: bool
    due_today: bool


@dataclass(frozen=True, slots=True)
class Words:
    """What every card of a column says, translated and reversed once for the column
    (per card that was 8 translations and 3 URL reversals: a third of a card's cost)."""

    warm: str
    cold: str
    overdue: str
    no_next_step: str
    edit_next_step: str
    edit_next_step_of: str
    move: str
    move_to: str
    owner: str
    too_long: str
    in_stage: str
    detail_url: Callable[[int], str]
    move_url: Callable[[int], str]
    next_step_url: Callable[[int], str]

    @classmethod
    def now(cls) -> "Words":
        """In the active language."""
        return cls(
            warm=gettext("warm"),
            cold=gettext("cold"),
            overdue=gettext("overdue"),
            no_next_step=gettext("No next step"),
            edit_next_step=gettext("Edit the next step"),
            edit_next_step_of=gettext("Edit the next step of %(company)s"),
            move=gettext("Move"),
            move_to=gettext("Move to"),
            owner=gettext("Owner"),
            too_long=gettext("No movement for too long"),
            in_stage=gettext("Time in this stage"),
            detail_url=url_by_id("cases:detail"),
            move_url=url_by_id("cases:move"),
            next_step_url=url_by_id("cases:next_step"),
        )


def source_badge(case: AcquisitionCase, words: Words | None = None) -> SafeString:
    """As `crm/partials/source_badge.html`."""
    if case.is_warm:
        title = case.get_source_display()
        if case.referred_by_id is not None:
            title = f"{title}: {case.referred_by}"
        return format_html(
            '<span class="badge text-bg-success source-badge" title="{}">{}</span>',
            title,
            words.warm if words else gettext("warm"),
        )
    return format_html(
        '<span class="badge text-bg-secondary source-badge" title="{}">{}</span>',
        case.get_source_display(),
        words.cold if words else gettext("cold"),
    )


def next_step(card: Card, *, board_query: str, words: Words | None = None) -> SafeString:
    """As `crm/partials/card_next_step.html`."""
    words = words or Words.now()
    case = card.case
    if not (case.next_step or not case.closed_at):
        return mark_safe("")
    colour = " text-danger" if card.overdue else " text-warning-emphasis" if card.due_today else ""
    if case.next_step:
        due = SafeString("")
        if case.next_step_due:
            due = format_html(
                ' · <time datetime="{}">{}</time>{}',
                case.next_step_due.isoformat(),
                date_format(case.next_step_due, "SHORT_DATE_FORMAT"),
                format_html(' <span class="visually-hidden">{}</span>', words.overdue)
                if card.overdue
                else "",
            )
        step = format_html(
            '\n<i class="bi bi-arrow-return-right" aria-hidden="true"></i> {}{}\n',
            case.next_step,
            due,
        )
    else:
        step = format_html('<span class="text-body-secondary">{}</span>', words.no_next_step)
    edit = SafeString("")
    if not case.closed_at:
        url = f"{words.next_step_url(case.pk)}?card=1&version={case.version}"
        if board_query:
            url += f"&board_query={quote(board_query, safe='/')}"
        label = mark_safe(  # noqa: S308 (the translation, with the name escaped)
            words.edit_next_step_of % {"company": conditional_escape(case.company.full_name)}
        )
        edit = format_html(
            '<button type="button" class="btn btn-link btn-sm p-0 case-card-edit" '
            'data-testid="next-step-edit" hx-get="{}" hx-target="#step-{}" title="{}">'
            '<i class="bi bi-pencil" aria-hidden="true"></i>'
            '<span class="visually-hidden">{}</span></button>',
            url,
            case.pk,
            words.edit_next_step,
            label,
        )
    return format_html(
        '<div class="case-card-step d-flex align-items-start gap-1">\n'
        '<div class="flex-grow-1{}">{}</div>\n{}\n</div>',
        colour,
        step,
        edit,
    )


def card_html(
    card: Card,
    *,
    move_options: str,
    board_url: str,
    board_query: str,
    csrf_input: str,
    words: Words | None = None,
) -> SafeString:
    """As `crm/partials/case_card.html`."""
    words = words or Words.now()
    case = card.case
    movable = case.stage.kind != Stage.Kind.WON
    move_url = words.move_url(case.pk)
    owner = case.owner.get_full_name() or case.owner.get_username()
    days = ngettext("%(days)s day", "%(days)s days", card.days_in_stage) % {
        "days": card.days_in_stage
    }
    paused = SafeString("")
    if case.stage.kind == Stage.Kind.PAUSED and case.paused_until:
        paused = format_html(
            '<div class="case-card-step{}"><i class="bi bi-calendar-event" aria-hidden="true">'
            "</i> {}</div>",
            " text-danger" if card.rotting else "",
            gettext("pick up on %(day)s")
            % {"day": date_format(case.paused_until, "SHORT_DATE_FORMAT")},
        )
    move = SafeString("")
    if movable:
        move = format_html(
            '<details class="case-card-move">\n<summary>{}</summary>\n'
            '<form method="post" action="{}" class="d-flex gap-1 mt-1">{}\n'
            '<input type="hidden" name="version" value="{}">\n'
            '<input type="hidden" name="next" value="{}">\n'
            '<input type="hidden" name="board_query" value="{}">\n'
            '<label class="visually-hidden" for="move-{}">{}</label>\n'
            '<select class="form-select form-select-sm" name="to" id="move-{}">{}</select>\n'
            '<button class="btn btn-sm btn-outline-primary" type="submit">{}</button>\n'
            "</form>\n</details>",
            words.move,
            move_url,
            mark_safe(csrf_input),  # noqa: S308 (Django's own hidden input)
            case.version,
            board_url,
            board_query,
            case.pk,
            words.move_to,
            case.pk,
            mark_safe(move_options),  # noqa: S308 (built with format_html_join)
            words.move,
        )
    return format_html(
        '<article class="case-card card{}" data-case="{}" data-version="{}" data-move-url="{}"{}'
        ' aria-label="{}">\n<div class="card-body">\n'
        '<div class="d-flex flex-wrap justify-content-between align-items-start gap-1">\n'
        '<a class="case-card-title" href="{}">{}</a>\n{}\n</div>\n'
        '<div class="case-card-meta">\n'
        '<span title="{}"><i class="bi bi-person" aria-hidden="true"></i> {}</span>\n'
        '<span class="{}" title="{}"><i class="bi bi-hourglass{}" aria-hidden="true"></i> {}'
        "</span>\n</div>\n"
        '<div class="case-card-step-slot" id="step-{}">{}</div>\n{}\n{}\n</div>\n</article>\n',
        " is-rotting" if card.rotting else "",
        case.pk,
        case.version,
        move_url,
        mark_safe(" data-movable") if movable else "",
        case.company.full_name,
        words.detail_url(case.pk),
        case.company.full_name,
        source_badge(case, words),
        words.owner,
        owner,
        "text-danger fw-semibold" if card.rotting else "",
        words.too_long if card.rotting else words.in_stage,
        "-bottom" if card.rotting else "",
        days,
        case.pk,
        next_step(card, board_query=board_query, words=words),
        paused,
        move,
    )


def cards_html(
    cards: Iterable[Card], *, move_options: str, board_url: str, board_query: str, csrf_token: str
) -> SafeString:
    """A column's cards, with the page's one CSRF token in each move form."""
    csrf_input = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
        if csrf_token and csrf_token != "NOTPROVIDED"  # noqa: S105 (Django's marker, no secret)
        else ""
    )
    words = Words.now()
    return mark_safe(  # noqa: S308 (each card escapes its own values)
        "".join(
            card_html(
                card,
                move_options=move_options,
                board_url=board_url,
                board_query=board_query,
                csrf_input=csrf_input,
                words=words,
            )
            for card in cards
        )
    )
