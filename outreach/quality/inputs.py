"""What the rules judge: an outreach item, and the plain facts about its company and person."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from outreach.introductions import Tie
from outreach.quality.catalogue import Channel, Direction

_CHANNELS = frozenset(Channel)
_DIRECTIONS = frozenset(Direction)


@dataclass(frozen=True, slots=True)
class Outreach:
    """One contact with a company, as logged or as planned (a campaign draft)."""

    id: int | None  # None while a touchpoint is checked before it is saved
    company_id: int
    channel: str  # a Channel value
    occurred_on: date
    by_user_id: int | None = None
    contact_id: int | None = None
    direction: str = Direction.OUT
    campaign_id: int | None = None
    template_id: int | None = None
    warm: bool = False  # made through an introduction
    is_first_outbound: bool = False  # the first outbound contact with this company
    # Not sent yet (draft, scheduled): checked as of the later of its date and today.
    planned: bool = False
    # The company asked for it (an answer to its enquiry): needs no consent and
    # may follow a refusal.
    solicited: bool = False
    text: str = ""
    # What a mail merge filled in (company, person, street, city …), masked
    # before texts are compared.
    merge_values: tuple[str, ...] = ()
    # The greeting the layout puts above `text` (a campaign letter's body is only
    # the body); empty when the text as sent carries its own.
    salutation: str = ""
    # Built from a campaign's common text rather than the company's own statement:
    # never tailored, however it compares with other texts.
    common_text: bool = False

    def __post_init__(self) -> None:
        if self.channel not in _CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.direction not in _DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}")

    @property
    def outbound(self) -> bool:
        return self.direction == Direction.OUT

    @property
    def cold_first(self) -> bool:
        return self.outbound and self.is_first_outbound and not self.warm


@dataclass(frozen=True, slots=True)
class WrittenContact:
    """A letter or email to a company already on record."""

    outreach_id: int
    occurred_on: date
    channel: str


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """What the rules need to know about the company an item goes to."""

    company_id: int
    # Date of the latest needs profile on or before the outreach.
    needs_profile_on: date | None = None
    size_class: str = ""  # micro / small / medium / large, "" if unknown
    district: str = ""
    sector_section: str = ""  # NACE / WZ section letter
    # The partners' direct ties to this company (two-step paths do not count here).
    ties: tuple[Tie, ...] = ()
    # The company itself said no; approach again on or after `reapproach_on`.
    declined_on: date | None = None
    reapproach_on: date | None = None
    # A concrete reason from the company's own sphere for calling it (§ 7 UWG).
    presumed_consent_reason: str = ""
    # Its letters and emails on record around the items' dates (at least those of
    # the `repeat_contact_days` before each).
    written_contacts: tuple[WrittenContact, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the law lets us do with one contact person."""

    contact_id: int
    company_id: int
    do_not_contact: bool = False
    objected_on: date | None = None  # Art. 21 GDPR
    email_consent_on: date | None = None  # prior express consent to advertising email
    presumed_consent_reason: str = ""  # for phone calls


@dataclass(frozen=True, slots=True)
class TargetCriteria:
    """A pipeline's target group; an empty set admits any value."""

    size_classes: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    sections: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RecentText:
    """Another written outreach of the team, with its stored `text_fingerprint`."""

    outreach_id: int
    company_id: int
    occurred_on: date
    fingerprint: str


@dataclass(frozen=True, slots=True)
class RecentCounts:
    """Figures aggregated in SQL over the burst windows, not counting the items checked."""

    # Cold first contacts in the last `burst_days`, per user and per campaign.
    cold_first_by_user: Mapping[int, int] = field(default_factory=dict)
    cold_first_by_campaign: Mapping[int, int] = field(default_factory=dict)
    # Distinct companies that got a first contact from a template in the last
    # `template_window_days`, per template.
    companies_by_template: Mapping[int, int] = field(default_factory=dict)
