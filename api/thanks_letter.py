"""The text of a thank-you letter to a partner whose recommendation became a partnership.

Plain values in, plain text out: no records, no queries. The wording is translated
(German first: the partners are German organisations); the layout is `din5008`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from companies.person_names import split_person_name
from outreach.letters import din5008

SUBJECT_MAX = 200
SALUTATION_MAX = 100
TEXT_MAX = 5000

# A greeting or a closing typed into the body: the letter has its own lines for them,
# and one of each is all a letter may have.
_GREETING = re.compile(
    r"^(sehr geehrte[rs]?|liebe[rs]?|hallo|guten (tag|morgen|abend)|dear|hello)\b[^\n]{0,60}$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(mit (den )?(besten |freundlichen |herzlichen |vielen )?grüßen|(viele |herzliche |beste )"
    r"grüße|yours (sincerely|faithfully)|kind regards|best regards)[ ,.!]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True)
class ThanksFacts:
    """What the letter says, as the records hold it."""

    partner: str  # the organisation
    person_name: str = ""  # the partner's contact person, as written on the record
    company: str
    since: dt.date | None = None
    via_link: bool = False
    street: str = ""
    postal_code: str = ""
    city: str = ""

    @property
    def has_address(self) -> bool:
        return bool(self.street.strip() and (self.postal_code.strip() or self.city.strip()))


def recipient(facts: ThanksFacts) -> din5008.Recipient:
    """The partner as the address field prints it: organisation, person, address."""
    name = split_person_name(facts.person_name)
    salutation = name.salutation or ("neutral" if name.first_name and name.last_name else None)
    return din5008.Recipient(
        company=facts.partner,
        salutation=salutation,  # type: ignore[arg-type]
        title=name.title,
        first_name=name.first_name,
        last_name=name.last_name,
        street=facts.street,
        postal_code=facts.postal_code,
        city=facts.city,
    )


def suggested_salutation(facts: ThanksFacts, language: din5008.Language = "de") -> str:
    return din5008.salutation_for(recipient(facts), language)


def suggested_subject() -> str:
    return _("Thank you for your recommendation")


def suggested_text(facts: ThanksFacts, language: din5008.Language = "de") -> str:
    """The body below the salutation, paragraphs separated by blank lines."""
    values = {"company": facts.company}
    if facts.via_link:
        opening = _("thank you for recommending %(company)s to us through your referral link.")
    else:
        opening = _("thank you for recommending %(company)s to us.")
    if facts.since is not None:
        values["since"] = din5008.format_date(facts.since, language)
        news = _(
            "We are glad to tell you that %(company)s has been a partner of our network "
            "since %(since)s."
        )
    else:
        news = _("We are glad to tell you that %(company)s has become a partner of our network.")
    paragraphs = [
        opening % values,
        news % values,
        _(
            "Recommendations like yours are our best way to new partner companies: a company "
            "listens differently when it hears of us from someone it trusts. Thank you very "
            "much for that."
        ),
        _(
            "If other companies come to mind for which our network could be of interest, we "
            "look forward to your next recommendation."
        ),
    ]
    return "\n\n".join(paragraphs)


def paragraphs(text: str) -> list[str]:
    """The body's paragraphs: blocks separated by blank lines."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    return [block.strip() for block in blocks if block.strip()]


def greeting_split(text: str) -> tuple[str | None, str]:
    """(greeting, rest) when the body starts with a greeting line of its own, else (None, text).

    Someone who pastes a whole letter into the body brings its salutation along; it
    replaces the letter's own, so that the letter greets once.
    """
    stripped = text.replace("\r\n", "\n").strip()
    first, _newline, rest = stripped.partition("\n")
    if _GREETING.match(first.strip()):
        return first.strip(), rest.strip()
    return None, stripped


def closing_strip(text: str) -> str:
    """The body without a closing typed near its end (the letter signs off itself).

    A closing among the last three lines goes, with the name that may follow it.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]
    for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
        if _CLOSING.match(lines[index].strip()):
            return "\n".join(lines[:index]).strip()
    return "\n".join(lines).strip()
