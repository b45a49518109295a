"""The targeting rules as functions, and the checks of an item and a campaign (pure)."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from outreach.quality.catalogue import (
    CHANNEL_NOT_ALLOWED,
    COLD_ALTHOUGH_WARM,
    DO_NOT_CONTACT,
    GENERIC_TEXT,
    NO_NAMED_PERSON,
    POOR_FIT,
    REPEAT_CONTACT,
    RULES,
    UNPREPARED_FIRST_CONTACT,
    VOLUME_BURST,
    WRITTEN_CHANNELS,
    Channel,
)
from outreach.quality.findings import Evidence, Finding, JSONValue
from outreach.quality.inputs import (
    CompanyFacts,
    ContactFacts,
    Outreach,
    RecentCounts,
    RecentText,
    TargetCriteria,
)
from outreach.quality.masking import generic_salutation, text_fingerprint
from outreach.quality.phrases import opening_salutation
from outreach.quality.score import TargetingScore, targeting_score
from outreach.quality.similarity import TextMatch, similar_texts
from outreach.quality.thresholds import Thresholds


@dataclass(frozen=True, slots=True)
class CampaignResult:
    """Findings per item (in the order given) and about the campaign as a whole."""

    items: tuple[Outreach, ...]
    item_findings: tuple[tuple[Finding, ...], ...]
    campaign_findings: tuple[Finding, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (*self.campaign_findings, *(f for found in self.item_findings for f in found))

    @property
    def blocked(self) -> bool:
        """True when the campaign may not be approved or sent."""
        return any(f.blocks for f in self.findings)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.blocks)

    def pairs(self) -> list[tuple[Outreach, tuple[Finding, ...]]]:
        return list(zip(self.items, self.item_findings, strict=True))

    def score(self) -> TargetingScore:
        return targeting_score(self.pairs())


def _as_of(item: Outreach, today: date) -> date:
    """The date an item is judged on: a planned item is sent today at the earliest."""
    return max(item.occurred_on, today) if item.planned else item.occurred_on


def _finding(rule_id: str, item: Outreach, evidence: Evidence) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=RULES[rule_id].severity,
        evidence=evidence,
        outreach_id=item.id,
        company_id=item.company_id,
        campaign_id=item.campaign_id,
        user_id=item.by_user_id,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def check_unprepared_first_contact(
    item: Outreach, *, company: CompanyFacts, thresholds: Thresholds, as_of: date
) -> Finding | None:
    """Rule 1: a first outbound contact without a fresh needs profile."""
    if not (item.outbound and item.is_first_outbound):
        return None
    profile = company.needs_profile_on
    # A profile captured after the contact did not prepare it.
    age = None if profile is None or profile > as_of else (as_of - profile).days
    if age is not None and age <= thresholds.needs_profile_max_age_days:
        return None
    return _finding(
        UNPREPARED_FIRST_CONTACT,
        item,
        {
            "needs_profile_on": _iso(profile),
            "age_days": age,
            "max_age_days": thresholds.needs_profile_max_age_days,
        },
    )


def check_cold_although_warm(
    item: Outreach, *, company: CompanyFacts, thresholds: Thresholds, as_of: date
) -> Finding | None:
    """Rule 2: a cold first contact although a partner has a strong, recent tie."""
    if not item.cold_first:
        return None
    # (strength, age, tie) of the strong, recent ties; an undated tie is not recent.
    strong = [
        (tie.strength, (as_of - tie.last_interaction).days, tie)
        for tie in company.ties
        if tie.last_interaction is not None
        and tie.strength >= thresholds.strong_tie_min_strength
        and (as_of - tie.last_interaction).days <= thresholds.strong_tie_max_age_days
    ]
    if not strong:
        return None
    _, age, best = max(strong, key=lambda s: (s[0], -s[1], -s[2].partner_id))
    return _finding(
        COLD_ALTHOUGH_WARM,
        item,
        {
            "partner_id": best.partner_id,
            "tie_kind": best.kind,
            "tie_strength": best.strength,
            "tie_age_days": max(age, 0),
            "strong_ties": len(strong),
            "min_strength": thresholds.strong_tie_min_strength,
            "max_age_days": thresholds.strong_tie_max_age_days,
        },
    )


def check_generic_text(
    item: Outreach, *, match: TextMatch | None, thresholds: Thresholds
) -> Finding | None:
    """Rule 3: the masked text is as alike to other outreach as the level says."""
    if match is None or not match.generic:
        return None
    if not item.outbound or item.channel not in WRITTEN_CHANNELS:
        return None
    return _finding(
        GENERIC_TEXT,
        item,
        {
            "similarity": match.similarity,
            "similar_texts": match.count,
            "similar_outreach_ids": list(match.outreach_ids),
            "level": thresholds.generic_similarity,
            "window_days": thresholds.generic_window_days,
        },
    )


def check_volume_burst(
    item: Outreach, *, recent_counts: RecentCounts, thresholds: Thresholds
) -> Finding | None:
    """Rule 4: this item takes a person, its campaign or its template over the limit."""
    exceeded: list[JSONValue] = []
    burst_max = thresholds.burst_max_cold_first
    if item.cold_first and item.by_user_id is not None:
        count = recent_counts.cold_first_by_user.get(item.by_user_id, 0) + 1
        if count > burst_max:
            exceeded.append(_burst("person", item.by_user_id, count, burst_max, thresholds))
    if item.cold_first and item.campaign_id is not None:
        count = recent_counts.cold_first_by_campaign.get(item.campaign_id, 0) + 1
        if count > burst_max:
            exceeded.append(_burst("campaign", item.campaign_id, count, burst_max, thresholds))
    if item.outbound and item.is_first_outbound and item.template_id is not None:
        count = recent_counts.companies_by_template.get(item.template_id, 0) + 1
        if count > thresholds.template_max_companies:
            exceeded.append(
                _burst(
                    "template",
                    item.template_id,
                    count,
                    thresholds.template_max_companies,
                    thresholds,
                )
            )
    if not exceeded:
        return None
    return _finding(VOLUME_BURST, item, {"exceeded": exceeded})


def _burst(scope: str, subject_id: int, count: int, limit: int, thresholds: Thresholds) -> Evidence:
    days = thresholds.template_window_days if scope == "template" else thresholds.burst_days
    return {"scope": scope, "id": subject_id, "count": count, "max": limit, "days": days}


def check_poor_fit(
    item: Outreach, *, company: CompanyFacts, criteria: TargetCriteria | None
) -> Finding | None:
    """Rule 5: a first contact with a company outside the target criteria.

    A criterion the company has no value for (size unknown) does not fire.
    """
    if criteria is None or not (item.outbound and item.is_first_outbound):
        return None
    evidence: Evidence = {}
    outside: list[JSONValue] = []
    sizes = criteria.size_classes
    if sizes and company.size_class and company.size_class not in sizes:
        outside.append("size_class")
        evidence["size_class"] = company.size_class
        evidence["allowed_size_classes"] = list[JSONValue](sorted(sizes))
    if criteria.districts and company.district:
        allowed = {d.strip().casefold() for d in criteria.districts}
        if company.district.strip().casefold() not in allowed:
            outside.append("district")
            evidence["district"] = company.district
            evidence["allowed_districts"] = list[JSONValue](sorted(criteria.districts))
    if criteria.sections and company.sector_section:
        allowed = {s.strip().upper() for s in criteria.sections}
        if company.sector_section.strip().upper() not in allowed:
            outside.append("section")
            evidence["section"] = company.sector_section
            evidence["allowed_sections"] = list[JSONValue](sorted(criteria.sections))
    if not outside:
        return None
    return _finding(POOR_FIT, item, {"outside": outside, **evidence})


def check_channel_not_allowed(
    item: Outreach, *, company: CompanyFacts, contact: ContactFacts | None, as_of: date
) -> Finding | None:
    """Rule 6: advertising email without prior consent, a call without a reason (§ 7 UWG).

    Letters, meetings and events need no consent; answers the company asked for neither.
    """
    if not item.outbound or item.solicited:
        return None
    if item.channel == Channel.EMAIL:
        consent = None if contact is None else contact.email_consent_on
        if consent is not None and consent <= as_of:
            return None
        reason = "no_email_consent" if consent is None else "consent_after_contact"
        return _finding(
            CHANNEL_NOT_ALLOWED,
            item,
            {
                "channel": item.channel,
                "reason": reason,
                "contact_id": item.contact_id,
                "email_consent_on": _iso(consent),
            },
        )
    if item.channel == Channel.PHONE:
        reasons = (
            company.presumed_consent_reason,
            contact.presumed_consent_reason if contact else "",
        )
        if any(reason.strip() for reason in reasons):
            return None
        return _finding(
            CHANNEL_NOT_ALLOWED,
            item,
            {
                "channel": item.channel,
                "reason": "no_presumed_consent_reason",
                "contact_id": item.contact_id,
            },
        )
    return None


def check_do_not_contact(
    item: Outreach, *, company: CompanyFacts, contact: ContactFacts | None, as_of: date
) -> Finding | None:
    """Rule 7: the person objected or is blocked, or the company said no and is not due again.

    An objection dated after the item did not exist when it went out. A refusal
    without a re-approach date stands until someone sets one.
    """
    if not item.outbound:
        return None
    reasons: list[JSONValue] = []
    evidence: Evidence = {}
    if contact is not None:
        if contact.do_not_contact:
            reasons.append("do_not_contact")
        if contact.objected_on is not None and contact.objected_on <= as_of:
            reasons.append("objection")
            evidence["objected_on"] = contact.objected_on.isoformat()
        if reasons:
            evidence["contact_id"] = contact.contact_id
    declined = company.declined_on
    if (
        not item.solicited
        and declined is not None
        and declined <= as_of
        and (company.reapproach_on is None or company.reapproach_on > as_of)
    ):
        reasons.append("declined")
        evidence["declined_on"] = declined.isoformat()
        evidence["reapproach_on"] = _iso(company.reapproach_on)
    if not reasons:
        return None
    return _finding(DO_NOT_CONTACT, item, {"reasons": reasons, **evidence})


def check_no_named_person(item: Outreach) -> Finding | None:
    """Rule 8: a letter or email to no one in particular.

    Judged on the greeting the reader sees first: the layout's salutation, else
    the first greeting line of the text as sent (a printed letter's, under its
    subject), else anywhere in the text.
    """
    if not item.outbound or item.channel not in WRITTEN_CHANNELS:
        return None
    opening = item.salutation or opening_salutation(item.text)
    greeting = generic_salutation(opening or item.text) if (opening or item.text) else None
    if item.contact_id is not None and greeting is None:
        return None
    return _finding(NO_NAMED_PERSON, item, {"contact_id": item.contact_id, "salutation": greeting})


def check_repeat_contact(
    item: Outreach, *, company: CompanyFacts, thresholds: Thresholds, as_of: date
) -> Finding | None:
    """Rule 9: a letter or email within a few days of the last one to the same company.

    The earlier contact is the latest written one before this item (for a stored
    item: by date, then by id); answers the company asked for are no second approach.
    """
    if not item.outbound or item.solicited or item.channel not in WRITTEN_CHANNELS:
        return None
    start = as_of - timedelta(days=thresholds.repeat_contact_days - 1)
    earlier = [
        contact
        for contact in company.written_contacts
        if contact.outreach_id != item.id
        and start <= contact.occurred_on <= as_of
        and (
            item.id is None
            or (contact.occurred_on, contact.outreach_id) < (item.occurred_on, item.id)
        )
    ]
    if not earlier:
        return None
    last = max(earlier, key=lambda contact: (contact.occurred_on, contact.outreach_id))
    return _finding(
        REPEAT_CONTACT,
        item,
        {
            "earlier_id": last.outreach_id,
            "earlier_on": last.occurred_on.isoformat(),
            "earlier_channel": last.channel,
            "days_between": (as_of - last.occurred_on).days,
            "window_days": thresholds.repeat_contact_days,
        },
    )


# --- Checking items and campaigns ------------------------------------------------------


def _item_findings(
    item: Outreach,
    *,
    company: CompanyFacts,
    contact: ContactFacts | None,
    criteria: TargetCriteria | None,
    match: TextMatch | None,
    thresholds: Thresholds,
    today: date,
) -> list[Finding]:
    if item.company_id != company.company_id:
        raise ValueError(f"company facts {company.company_id} given for company {item.company_id}")
    if item.contact_id is not None:
        if contact is None:
            raise ValueError(f"contact facts missing for contact {item.contact_id}")
        if contact.contact_id != item.contact_id:
            raise ValueError(f"contact facts {contact.contact_id} given for {item.contact_id}")
        if contact.company_id != item.company_id:
            raise ValueError(f"contact {contact.contact_id} belongs to another company")
    elif contact is not None:
        raise ValueError("contact facts given for an item without a contact")
    as_of = _as_of(item, today)
    found = (
        check_unprepared_first_contact(item, company=company, thresholds=thresholds, as_of=as_of),
        check_cold_although_warm(item, company=company, thresholds=thresholds, as_of=as_of),
        check_generic_text(item, match=match, thresholds=thresholds),
        check_poor_fit(item, company=company, criteria=criteria),
        check_channel_not_allowed(item, company=company, contact=contact, as_of=as_of),
        check_do_not_contact(item, company=company, contact=contact, as_of=as_of),
        check_no_named_person(item),
        check_repeat_contact(item, company=company, thresholds=thresholds, as_of=as_of),
    )
    return [finding for finding in found if finding is not None]


def _texts_to_compare(
    items: Sequence[Outreach], recent: Iterable[RecentText], *, thresholds: Thresholds, today: date
) -> list[TextMatch | None]:
    """Fingerprint the written outbound texts once; match them with each other and `recent`."""
    written = [
        i
        for i, item in enumerate(items)
        if item.outbound and item.channel in WRITTEN_CHANNELS and item.text
    ]
    results: list[TextMatch | None] = [None] * len(items)
    if not written:
        return results
    dates = [_as_of(items[i], today) for i in written]
    start = min(dates) - timedelta(days=thresholds.generic_window_days)
    end = max(dates)
    window = [text for text in recent if start <= text.occurred_on <= end]
    queries = [
        (items[i].company_id, items[i].id, text_fingerprint(items[i].text, items[i].merge_values))
        for i in written
    ]
    for i, match in zip(
        written, similar_texts(queries, window, thresholds=thresholds), strict=True
    ):
        results[i] = match
    return results


def check_outreach(
    item: Outreach,
    *,
    company: CompanyFacts,
    contact: ContactFacts | None = None,
    criteria: TargetCriteria | None = None,
    recent_texts: Iterable[RecentText] = (),
    recent_counts: RecentCounts | None = None,
    thresholds: Thresholds | None = None,
    today: date,
) -> list[Finding]:
    """All findings for one outreach item, in rule order; inbound contacts raise none.

    `recent_texts` are the team's written outreach of the generic-text window
    (other than this item); `recent_counts` the burst figures without this item.
    """
    thresholds = thresholds or Thresholds()
    thresholds.validate()
    if not item.outbound:
        return []
    (match,) = _texts_to_compare([item], recent_texts, thresholds=thresholds, today=today)
    findings = _item_findings(
        item,
        company=company,
        contact=contact,
        criteria=criteria,
        match=match,
        thresholds=thresholds,
        today=today,
    )
    burst = check_volume_burst(
        item, recent_counts=recent_counts or RecentCounts(), thresholds=thresholds
    )
    if burst is not None:
        findings.append(burst)
    return sorted(findings, key=lambda f: RULES[f.rule_id].number)


def check_campaign(
    items: Sequence[Outreach],
    *,
    companies: Mapping[int, CompanyFacts],
    contacts: Mapping[int, ContactFacts] | None = None,
    criteria: TargetCriteria | Mapping[int, TargetCriteria] | None = None,
    recent_texts: Iterable[RecentText] = (),
    recent_counts: RecentCounts | None = None,
    thresholds: Thresholds | None = None,
    today: date,
) -> CampaignResult:
    """Findings for every item of one campaign, and for the campaign as a whole.

    Items are compared with each other and with `recent_texts`. Volume is judged
    for the campaign (per person, for the campaign, per template) rather than per
    item. `criteria` is one pipeline's, or per company id where cases differ.
    """
    thresholds = thresholds or Thresholds()
    thresholds.validate()
    items = tuple(items)
    campaign_ids = {item.campaign_id for item in items}
    if len(campaign_ids) > 1:
        raise ValueError("the items belong to more than one campaign")
    campaign_id = next(iter(campaign_ids), None)
    contacts = contacts or {}
    matches = _texts_to_compare(items, recent_texts, thresholds=thresholds, today=today)

    per_item: list[tuple[Finding, ...]] = []
    for item, match in zip(items, matches, strict=True):
        if not item.outbound:
            per_item.append(())
            continue
        if item.company_id not in companies:
            raise ValueError(f"company facts missing for company {item.company_id}")
        company_criteria = (
            criteria.get(item.company_id) if isinstance(criteria, Mapping) else criteria
        )
        found = _item_findings(
            item,
            company=companies[item.company_id],
            contact=None if item.contact_id is None else contacts.get(item.contact_id),
            criteria=company_criteria,
            match=match,
            thresholds=thresholds,
            today=today,
        )
        per_item.append(tuple(found))

    campaign_findings = [
        *_generic_share(matches, campaign_id=campaign_id, thresholds=thresholds),
        *_campaign_volume(
            items,
            campaign_id=campaign_id,
            recent_counts=recent_counts or RecentCounts(),
            thresholds=thresholds,
        ),
    ]
    return CampaignResult(items, tuple(per_item), tuple(campaign_findings))


def _campaign_finding(
    rule_id: str, campaign_id: int | None, evidence: Evidence, *, user_id: int | None = None
) -> Finding:
    rule = RULES[rule_id]
    return Finding(
        rule_id=rule_id,
        severity=rule.campaign_severity or rule.severity,
        evidence=evidence,
        campaign_id=campaign_id,
        user_id=user_id,
    )


def _generic_share(
    matches: Sequence[TextMatch | None],
    *,
    campaign_id: int | None,
    thresholds: Thresholds,
) -> list[Finding]:
    # Only texts long enough to judge count, so a batch of short notes is no campaign.
    judged = [match for match in matches if match is not None]
    letters = len(judged)
    generic = sum(match.generic for match in judged)
    if letters < thresholds.campaign_generic_min_letters:
        return []
    share = 100 * generic / letters
    if share <= thresholds.campaign_generic_max_percent:
        return []
    return [
        _campaign_finding(
            GENERIC_TEXT,
            campaign_id,
            {
                "scope": "campaign",
                "generic": generic,
                "letters": letters,
                "percent": round(share, 1),
                "max_percent": thresholds.campaign_generic_max_percent,
                "level": thresholds.generic_similarity,
            },
        )
    ]


def _campaign_volume(
    items: Sequence[Outreach],
    *,
    campaign_id: int | None,
    recent_counts: RecentCounts,
    thresholds: Thresholds,
) -> list[Finding]:
    burst_max = thresholds.burst_max_cold_first
    cold = [item for item in items if item.cold_first]
    findings = []
    by_user = Counter(item.by_user_id for item in cold if item.by_user_id is not None)
    for user_id, count in sorted(by_user.items()):
        total = recent_counts.cold_first_by_user.get(user_id, 0) + count
        if total > burst_max:
            evidence = _burst("person", user_id, total, burst_max, thresholds)
            findings.append(_campaign_finding(VOLUME_BURST, campaign_id, evidence, user_id=user_id))
    if campaign_id is not None and cold:
        total = recent_counts.cold_first_by_campaign.get(campaign_id, 0) + len(cold)
        if total > burst_max:
            evidence = _burst("campaign", campaign_id, total, burst_max, thresholds)
            findings.append(_campaign_finding(VOLUME_BURST, campaign_id, evidence))
    by_template: dict[int, set[int]] = {}
    for item in items:
        if item.outbound and item.is_first_outbound and item.template_id is not None:
            by_template.setdefault(item.template_id, set()).add(item.company_id)
    for template_id, company_ids in sorted(by_template.items()):
        total = recent_counts.companies_by_template.get(template_id, 0) + len(company_ids)
        if total > thresholds.template_max_companies:
            evidence = _burst(
                "template", template_id, total, thresholds.template_max_companies, thresholds
            )
            findings.append(_campaign_finding(VOLUME_BURST, campaign_id, evidence))
    return findings
