"""Targeting rules on hand-made outreach, companies and contacts (no database)."""

import dataclasses
import json
from datetime import timedelta

import pytest

from outreach.introductions import Tie
from outreach.quality import (
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
    CompanyFacts,
    ContactFacts,
    Outreach,
    RecentCounts,
    Severity,
    TargetCriteria,
    ThresholdError,
    Thresholds,
    WrittenContact,
    check_campaign,
    targeting_score,
)
from tests.outreach.quality.plain import (
    CAMPAIGN,
    COMPANY,
    CRITERIA,
    TODAY,
    USER,
    ago,
    check,
    company,
    contact,
    fired,
    item,
    mass_letter,
    merge_values,
    only,
    recent,
    tailored_letter,
)

# --- The good case ----------------------------------------------------------------


def test_prepared_warm_tailored_letter_to_a_named_person_raises_nothing():
    others = [recent(i, tailored_letter(i), on=ago(i)) for i in range(1, 25)]
    findings = check(
        item(),
        company_facts=company(ties=(Tie(1, COMPANY, "knows_owner", 5, ago(10)),)),
        recent_texts=others,
        recent_counts=RecentCounts(cold_first_by_user={USER: 9}),
    )
    assert findings == []


def test_inbound_contact_raises_nothing():
    findings = check(
        item(direction="in", channel="email", warm=False, contact_id=None, text="Anfrage"),
        company_facts=company(needs_profile_on=None, declined_on=ago(5)),
    )
    assert findings == []


# --- 1. Unprepared first contact ---------------------------------------------------------


@pytest.mark.parametrize(
    ("needs_profile_on", "fires"),
    [
        (None, True),
        (ago(400), True),
        (ago(366), True),
        (ago(365), False),
        (ago(30), False),
        (TODAY + timedelta(days=3), True),  # captured after the contact: it did not prepare it
    ],
)
def test_unprepared_first_contact(needs_profile_on, fires):
    findings = check(item(), company_facts=company(needs_profile_on=needs_profile_on))
    assert (UNPREPARED_FIRST_CONTACT in fired(findings)) is fires
    if needs_profile_on == ago(400):
        evidence = only(findings, UNPREPARED_FIRST_CONTACT).evidence
        assert evidence == {"needs_profile_on": "2025-10-21", "age_days": 400, "max_age_days": 365}


def test_unprepared_applies_to_first_contacts_only():
    findings = check(item(is_first_outbound=False), company_facts=company(needs_profile_on=None))
    assert UNPREPARED_FIRST_CONTACT not in fired(findings)


def test_planned_item_is_judged_as_of_today():
    drafted = item(occurred_on=ago(10))
    profile = company(needs_profile_on=ago(370))
    assert UNPREPARED_FIRST_CONTACT not in fired(check(drafted, company_facts=profile))
    planned = dataclasses.replace(drafted, planned=True)
    assert UNPREPARED_FIRST_CONTACT in fired(check(planned, company_facts=profile))


# --- 2. Cold although warm is possible --------------------------------------------------


def test_cold_first_contact_despite_a_strong_recent_tie():
    ties = (
        Tie(1, COMPANY, "same_association", 4, ago(200)),
        Tie(2, COMPANY, "knows_owner", 5, ago(40)),
    )
    findings = check(item(warm=False), company_facts=company(ties=ties))
    evidence = only(findings, COLD_ALTHOUGH_WARM).evidence
    assert evidence["partner_id"] == 2
    assert evidence["tie_strength"] == 5
    assert evidence["tie_age_days"] == 40
    assert evidence["strong_ties"] == 2


@pytest.mark.parametrize(
    ("overrides", "tie"),
    [
        ({"warm": True}, Tie(1, COMPANY, "knows_owner", 5, ago(10))),
        ({"warm": False}, Tie(1, COMPANY, "knows_owner", 3, ago(10))),  # weak
        ({"warm": False}, Tie(1, COMPANY, "knows_owner", 5, ago(400))),  # old
        ({"warm": False}, Tie(1, COMPANY, "knows_owner", 5, None)),  # undated
        ({"warm": False, "is_first_outbound": False}, Tie(1, COMPANY, "knows_owner", 5, ago(1))),
    ],
)
def test_cold_although_warm_stays_quiet(overrides, tie):
    findings = check(item(**overrides), company_facts=company(ties=(tie,)))
    assert COLD_ALTHOUGH_WARM not in fired(findings)


def test_strong_tie_thresholds_apply():
    tie = Tie(1, COMPANY, "supplier", 3, ago(100))
    loose = Thresholds(strong_tie_min_strength=3)
    findings = check(item(warm=False), company_facts=company(ties=(tie,)), thresholds=loose)
    assert COLD_ALTHOUGH_WARM in fired(findings)


# --- 3. Generic text ---------------------------------------------------------------------


def test_mass_letter_is_generic():
    window = [recent(i, mass_letter(i), on=ago(i)) for i in range(1, 4)]
    findings = check(
        item(text=mass_letter(0)), recent_texts=[*window, recent(9, tailored_letter(9))]
    )
    evidence = only(findings, GENERIC_TEXT).evidence
    assert evidence["similarity"] == 100.0
    assert evidence["similar_texts"] == 3
    assert sorted(evidence["similar_outreach_ids"]) == [5001, 5002, 5003]
    assert only(findings, GENERIC_TEXT).severity == Severity.WARNING


def test_lightly_edited_mass_letter_is_still_generic():
    edited = mass_letter(0).replace("kosten wenig und wirken", "kosten nicht viel und wirken")
    findings = check(item(text=edited), recent_texts=[recent(1, mass_letter(1))])
    assert 90 <= only(findings, GENERIC_TEXT).evidence["similarity"] < 100


@pytest.mark.parametrize(
    "case",
    ["tailored", "same_company", "outside_window", "short_and_different", "phone", "itself"],
)
def test_generic_text_stays_quiet(case):
    outreach = item(text=mass_letter(0))
    window = [recent(i, mass_letter(i), on=ago(5)) for i in range(1, 4)]
    if case == "tailored":
        outreach = item()
    elif case == "same_company":  # a reminder to the same company is no mass letter
        window = [dataclasses.replace(text, company_id=COMPANY) for text in window]
    elif case == "outside_window":
        window = [dataclasses.replace(text, occurred_on=ago(91)) for text in window]
    elif case == "short_and_different":  # short texts count only where they are the same
        outreach = item(text="Sehr geehrte Frau Müller, anbei wie besprochen die Unterlagen.")
        window = [recent(1, "Sehr geehrter Herr Vogt, anbei wie besprochen die Preisliste.")]
    elif case == "phone":
        outreach = item(channel="phone")
    elif case == "itself":  # the item's own stored text in the window
        window = [recent(0, mass_letter(0), outreach_id=1)]
    findings = check(
        outreach,
        recent_texts=window,
        company_facts=company(presumed_consent_reason="Rückruf erbeten"),
    )
    assert GENERIC_TEXT not in fired(findings)


def test_the_same_short_text_to_other_companies_is_generic_whatever_its_length():
    """Below `generic_min_words` texts are not judged by likeness, but the same one counts."""
    outreach = item(text="Sehr geehrte Frau Müller, anbei wie besprochen die Unterlagen.")
    window = [recent(1, "Sehr geehrter Herr Vogt, anbei wie besprochen die Unterlagen.")]
    finding = only(check(outreach, recent_texts=window), GENERIC_TEXT)
    assert finding.evidence["similarity"] == 100
    assert finding.evidence["similar_texts"] == 1


def test_a_letter_from_a_campaigns_common_text_is_never_tailored():
    own = item(text=mass_letter(0))
    common = dataclasses.replace(own, common_text=True)
    assert targeting_score([(own, [])]).tailored == 1
    assert targeting_score([(common, [])]).tailored == 0


def test_generic_level_is_a_threshold():
    edited = mass_letter(0).replace("kosten wenig und wirken", "kosten nicht viel und wirken")
    window = [recent(1, mass_letter(1))]
    score = only(check(item(text=edited), recent_texts=window), GENERIC_TEXT).evidence["similarity"]
    assert isinstance(score, float)
    strict = Thresholds(generic_similarity=min(score + 1, 100))
    assert GENERIC_TEXT not in fired(
        check(item(text=edited), recent_texts=window, thresholds=strict)
    )


# --- 4. Volume burst ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "overrides", "scopes"),
    [
        (RecentCounts(cold_first_by_user={USER: 10}), {"warm": False}, ["person"]),
        (RecentCounts(cold_first_by_user={USER: 9}), {"warm": False}, []),
        (RecentCounts(cold_first_by_user={USER: 50}), {"warm": True}, []),  # warm is fine
        (
            RecentCounts(cold_first_by_campaign={CAMPAIGN: 10}),
            {"warm": False, "campaign_id": CAMPAIGN},
            ["campaign"],
        ),
        (RecentCounts(companies_by_template={3: 20}), {"template_id": 3}, ["template"]),
        (RecentCounts(companies_by_template={3: 19}), {"template_id": 3}, []),
        (
            RecentCounts(cold_first_by_user={USER: 10}, companies_by_template={3: 20}),
            {"warm": False, "template_id": 3},
            ["person", "template"],
        ),
    ],
)
def test_volume_burst_for_one_item(counts, overrides, scopes):
    findings = check(item(**overrides), recent_counts=counts)
    if not scopes:
        assert VOLUME_BURST not in fired(findings)
        return
    exceeded = only(findings, VOLUME_BURST).evidence["exceeded"]
    assert [e["scope"] for e in exceeded] == scopes
    assert exceeded[0]["count"] == 11 if scopes[0] != "template" else 21


# --- 5. Poor fit --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "outside"),
    [
        ({}, []),
        ({"size_class": "large"}, ["size_class"]),
        ({"district": "Vogtlandkreis"}, ["district"]),
        ({"district": "zwickau "}, []),  # districts compare without case and spaces
        ({"sector_section": "K"}, ["section"]),
        ({"size_class": "large", "sector_section": "K"}, ["size_class", "section"]),
        ({"size_class": "", "district": ""}, []),  # unknown is not outside
    ],
)
def test_poor_fit(overrides, outside):
    findings = check(item(), company_facts=company(**overrides))
    if not outside:
        assert POOR_FIT not in fired(findings)
        return
    evidence = only(findings, POOR_FIT).evidence
    assert evidence["outside"] == outside
    if "size_class" in outside:
        assert evidence["allowed_size_classes"] == ["medium", "micro", "small"]


@pytest.mark.parametrize("criteria", [None, TargetCriteria()])
def test_no_criteria_means_any_company_fits(criteria):
    findings = check(item(), company_facts=company(size_class="large"), criteria=criteria)
    assert POOR_FIT not in fired(findings)


# --- 6. Channel not allowed -----------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "contact_overrides", "company_overrides", "outreach_overrides", "reason"),
    [
        ("email", {}, {}, {}, "no_email_consent"),
        ("email", {"email_consent_on": ago(1)}, {}, {}, None),
        ("email", {"email_consent_on": TODAY + timedelta(days=1)}, {}, {}, "consent_after_contact"),
        ("email", {}, {}, {"contact_id": None}, "no_email_consent"),
        ("email", {}, {}, {"solicited": True}, None),  # answering the company's enquiry
        ("phone", {}, {}, {}, "no_presumed_consent_reason"),
        ("phone", {"presumed_consent_reason": "bat auf der Messe um Anruf"}, {}, {}, None),
        ("phone", {}, {"presumed_consent_reason": "Rückruf erbeten"}, {}, None),
        ("phone", {"presumed_consent_reason": "   "}, {}, {}, "no_presumed_consent_reason"),
        ("letter", {}, {}, {}, None),  # postal letters never need consent
        ("letter", {}, {}, {"contact_id": None}, None),
        ("meeting", {}, {}, {}, None),
        ("event", {}, {}, {}, None),
        ("other", {}, {}, {}, None),
    ],
)
def test_channel_not_allowed(
    channel, contact_overrides, company_overrides, outreach_overrides, reason
):
    outreach = item(channel=channel, **outreach_overrides)
    findings = check(
        outreach,
        company_facts=company(**company_overrides),
        contact_facts=contact(**contact_overrides) if outreach.contact_id else None,
    )
    if reason is None:
        assert CHANNEL_NOT_ALLOWED not in fired(findings)
        return
    finding = only(findings, CHANNEL_NOT_ALLOWED)
    assert finding.severity == Severity.BLOCK
    assert finding.blocks
    assert finding.evidence["reason"] == reason
    assert finding.evidence["channel"] == channel


# --- 7. Do not contact -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "contact_overrides", "company_overrides", "outreach_overrides", "reasons"),
    [
        ("letter", {"objected_on": ago(20)}, {}, {}, ["objection"]),
        ("email", {"objected_on": ago(20), "email_consent_on": ago(300)}, {}, {}, ["objection"]),
        ("letter", {"do_not_contact": True}, {}, {}, ["do_not_contact"]),
        ("letter", {"objected_on": ago(2)}, {}, {"occurred_on": ago(9)}, []),  # before it
        (
            "letter",
            {"objected_on": ago(2)},
            {},
            {"occurred_on": ago(9), "planned": True},
            ["objection"],
        ),
        (
            "letter",
            {},
            {"declined_on": ago(60), "reapproach_on": TODAY + timedelta(days=30)},
            {},
            ["declined"],
        ),
        ("letter", {}, {"declined_on": ago(60), "reapproach_on": TODAY}, {}, []),  # due again
        ("letter", {}, {"declined_on": ago(60)}, {}, ["declined"]),  # no date: a no stands
        ("email", {"email_consent_on": ago(99)}, {"declined_on": ago(60)}, {"solicited": True}, []),
        (
            "letter",
            {"objected_on": ago(20)},
            {"declined_on": ago(60)},
            {"solicited": True},
            ["objection"],
        ),
        ("letter", {}, {}, {}, []),
    ],
)
def test_do_not_contact(channel, contact_overrides, company_overrides, outreach_overrides, reasons):
    findings = check(
        item(channel=channel, **outreach_overrides),
        contact_facts=contact(**contact_overrides),
        company_facts=company(**company_overrides),
    )
    if not reasons:
        assert DO_NOT_CONTACT not in fired(findings)
        return
    finding = only(findings, DO_NOT_CONTACT)
    assert finding.severity == Severity.BLOCK
    assert finding.evidence["reasons"] == reasons


# --- 8. No named person ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "salutation"),
    [
        ({"contact_id": None}, None),
        (
            {"text": "Sehr geehrte Damen und Herren,\n\nwir laden Sie ein."},
            "Sehr geehrte Damen und Herren",
        ),
        ({"text": "Dear Sir or Madam, we would like to"}, "Dear Sir or Madam"),
        ({"text": "Sehr geehrtes Personal-Team, wir"}, "Sehr geehrtes Personal-Team"),
    ],
)
def test_no_named_person_fires(overrides, salutation):
    findings = check(item(**overrides))
    finding = only(findings, NO_NAMED_PERSON)
    assert finding.evidence["salutation"] == salutation
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize(
    "outreach",
    [
        item(),
        item(text="Guten Tag Anna Müller,\n\nwie besprochen"),
        item(channel="phone", contact_id=None),  # a call to the switchboard is addressed by voice
        item(channel="meeting", contact_id=None, text=""),
    ],
)
def test_no_named_person_stays_quiet(outreach):
    findings = check(outreach, company_facts=company(presumed_consent_reason="Rückruf erbeten"))
    assert NO_NAMED_PERSON not in fired(findings)


def test_no_named_person_judges_the_greeting_the_letter_opens_with():
    """A printed letter's own salutation counts, not a greeting further down the body."""
    printed = "Einladung\n\nSehr geehrter Herr Kühn,\n\nSehr geehrte Damen und Herren,\nwir"
    assert NO_NAMED_PERSON not in fired(check(item(text=printed)))
    body = "wir laden Sie zum Frühstück ein."
    assert NO_NAMED_PERSON not in fired(check(item(text=body, salutation="Sehr geehrte Frau Ott,")))
    unnamed = item(text=body, salutation="Sehr geehrte Damen und Herren,")
    finding = only(check(unnamed), NO_NAMED_PERSON)
    assert finding.evidence["salutation"] == "Sehr geehrte Damen und Herren"


# --- Campaigns -----------------------------------------------------------------------


def campaign(
    *, tailored: bool, prepared: bool, warm: bool, size: int = 30
) -> tuple[list[Outreach], dict[int, CompanyFacts], dict[int, ContactFacts]]:
    items = []
    companies = {}
    contacts = {}
    for i in range(size):
        company_id, contact_id = 1000 + i, 2000 + i
        items.append(
            Outreach(
                id=3000 + i,
                company_id=company_id,
                channel="letter",
                occurred_on=TODAY,
                by_user_id=USER,
                contact_id=contact_id,
                campaign_id=CAMPAIGN,
                warm=warm,
                is_first_outbound=True,
                planned=True,
                text=tailored_letter(i) if tailored else mass_letter(i),
                merge_values=merge_values(i),
            )
        )
        companies[company_id] = company(
            company_id=company_id, needs_profile_on=ago(20) if prepared else None
        )
        contacts[contact_id] = contact(contact_id=contact_id, company_id=company_id)
    return items, companies, contacts


def test_thirty_near_identical_letters_to_unprepared_companies_are_blocked():
    items, companies, contacts = campaign(tailored=False, prepared=False, warm=True)
    result = check_campaign(
        items, companies=companies, contacts=contacts, criteria=CRITERIA, today=TODAY
    )
    assert result.blocked
    (share,) = result.campaign_findings
    assert share.rule_id == GENERIC_TEXT
    assert share.severity == Severity.BLOCK
    assert share.campaign_id == CAMPAIGN
    assert share.evidence["generic"] == share.evidence["letters"] == 30
    assert share.evidence["percent"] == 100.0
    for found in result.item_findings:
        assert [f.rule_id for f in found] == [UNPREPARED_FIRST_CONTACT, GENERIC_TEXT]
        assert found[1].evidence["similar_texts"] == 29
    score = result.score()
    assert (score.first_contacts, score.prepared, score.warm, score.tailored) == (30, 0, 30, 0)
    assert score.score == pytest.approx(33.3)


def test_the_same_campaign_tailored_and_prepared_raises_nothing():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True)
    window = [recent(i, tailored_letter(i), on=ago(i % 60)) for i in range(40, 90)]
    result = check_campaign(
        items,
        companies=companies,
        contacts=contacts,
        criteria=CRITERIA,
        recent_texts=window,
        today=TODAY,
    )
    assert result.findings == ()
    assert not result.blocked
    assert result.score().score == 100.0
    assert result.score().targeted_percent == 100.0


def test_a_cold_tailored_campaign_can_be_sent_after_acknowledging_the_burst():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=False)
    result = check_campaign(
        items,
        companies=companies,
        contacts=contacts,
        recent_counts=RecentCounts(cold_first_by_user={USER: 2}),
        today=TODAY,
    )
    assert not result.blocked
    assert all(f.rule_id == VOLUME_BURST for f in result.findings)
    scopes = {f.evidence["scope"]: f for f in result.campaign_findings}
    assert scopes["person"].evidence["count"] == 32
    assert scopes["person"].user_id == USER
    assert scopes["campaign"].evidence["count"] == 30
    assert result.warnings == result.campaign_findings


def test_campaign_template_overuse_and_bursts_below_the_limit():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=False, size=10)
    items = [dataclasses.replace(i, template_id=4) for i in items]
    quiet = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert quiet.findings == ()
    counts = RecentCounts(companies_by_template={4: 11})
    loud = check_campaign(
        items, companies=companies, contacts=contacts, recent_counts=counts, today=TODAY
    )
    (template,) = loud.campaign_findings
    assert template.evidence == {"scope": "template", "id": 4, "count": 21, "max": 20, "days": 30}


def test_a_small_generic_batch_warns_per_letter_but_is_not_blocked():
    items, companies, contacts = campaign(tailored=False, prepared=True, warm=True, size=4)
    result = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert result.campaign_findings == ()
    assert not result.blocked
    assert {f.rule_id for f in result.findings} == {GENERIC_TEXT}


def test_a_few_generic_letters_in_a_tailored_campaign_stay_below_the_share():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=20)
    items[:5] = [dataclasses.replace(o, text=mass_letter(i)) for i, o in enumerate(items[:5])]
    result = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert not result.blocked
    assert sum(GENERIC_TEXT in fired(list(found)) for found in result.item_findings) == 5
    assert result.score().tailored == 15


def test_campaign_blocks_on_a_single_blocked_letter():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=3)
    contacts[2001] = dataclasses.replace(contacts[2001], objected_on=ago(3))
    result = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert result.blocked
    assert fired(list(result.item_findings[1])) == [DO_NOT_CONTACT]


def test_campaign_criteria_per_company():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=2)
    criteria = {1000: CRITERIA, 1001: TargetCriteria(sections=frozenset({"Q"}))}
    result = check_campaign(
        items, companies=companies, contacts=contacts, criteria=criteria, today=TODAY
    )
    assert [fired(list(found)) for found in result.item_findings] == [[], [POOR_FIT]]


def test_campaign_refuses_inconsistent_input():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=2)
    with pytest.raises(ValueError, match="more than one campaign"):
        check_campaign(
            [items[0], dataclasses.replace(items[1], campaign_id=71)],
            companies=companies,
            contacts=contacts,
            today=TODAY,
        )
    with pytest.raises(ValueError, match="company facts missing"):
        check_campaign(items, companies={}, contacts=contacts, today=TODAY)
    with pytest.raises(ValueError, match="contact facts missing"):
        check_campaign(items, companies=companies, contacts={}, today=TODAY)


def test_findings_serialise_to_json():
    items, companies, contacts = campaign(tailored=False, prepared=False, warm=False)
    companies = {
        cid: dataclasses.replace(facts, ties=(Tie(1, cid, "knows_owner", 5, ago(3)),))
        for cid, facts in companies.items()
    }
    contacts[2003] = dataclasses.replace(contacts[2003], objected_on=ago(1))
    items[4] = dataclasses.replace(items[4], contact_id=None)
    first = items[0].company_id
    companies[first] = dataclasses.replace(
        companies[first], written_contacts=(WrittenContact(77, ago(2), "letter"),)
    )
    result = check_campaign(
        [dataclasses.replace(o, template_id=1, channel="email") for o in items],
        companies=companies,
        contacts=contacts,
        criteria=TargetCriteria(sections=frozenset({"Q"})),
        today=TODAY,
    )
    assert {f.rule_id for f in result.findings} == set(RULES)
    payload = json.loads(json.dumps([f.as_dict() for f in result.findings]))
    assert payload[0]["rule_id"] == GENERIC_TEXT
    assert payload[0]["severity"] == "block"


# --- Input checks ------------------------------------------------------------


def test_bad_items_and_mismatched_facts_are_refused():
    with pytest.raises(ValueError, match="unknown channel"):
        item(channel="fax")
    with pytest.raises(ValueError, match="unknown direction"):
        item(direction="sideways")
    with pytest.raises(ValueError, match="another company"):
        check(item(), contact_facts=contact(company_id=999))
    with pytest.raises(ValueError, match="company facts"):
        check(item(), company_facts=company(company_id=999))
    with pytest.raises(ValueError, match="without a contact"):
        check(item(contact_id=None), contact_facts=contact())


# --- 9. A second letter soon after the last ----------------------------------------------


def _written(outreach_id, on, channel="letter"):
    return WrittenContact(outreach_id=outreach_id, occurred_on=on, channel=channel)


def test_a_letter_days_after_the_last_one_to_the_company_is_a_repeat_contact():
    earlier = company(written_contacts=(_written(7, ago(20)), _written(8, ago(3), "email")))
    finding = only(check(item(id=None), company_facts=earlier), REPEAT_CONTACT)
    assert finding.severity == Severity.WARNING
    assert finding.evidence == {
        "earlier_id": 8,
        "earlier_on": ago(3).isoformat(),
        "earlier_channel": "email",
        "days_between": 3,
        "window_days": 14,
    }


@pytest.mark.parametrize(
    ("outreach", "contacts"),
    [
        (item(), ()),
        (item(), (_written(7, ago(14)),)),  # fourteen days later is allowed again
        (item(channel="phone"), (_written(7, ago(1)),)),  # a call is a conversation
        (item(solicited=True), (_written(7, ago(1)),)),  # the company asked for it
        (item(id=5), (_written(5, TODAY),)),  # itself
        (item(id=5), (_written(9, TODAY),)),  # logged later the same day
        (item(id=5, occurred_on=ago(2)), (_written(9, ago(1)),)),  # dated after it
    ],
)
def test_repeat_contact_stays_quiet(outreach, contacts):
    facts = company(written_contacts=contacts, presumed_consent_reason="Rückruf erbeten")
    assert REPEAT_CONTACT not in fired(check(outreach, company_facts=facts))


def test_a_stored_letter_counts_an_earlier_one_of_the_same_day():
    facts = company(written_contacts=(_written(4, TODAY), _written(9, TODAY)))
    finding = only(check(item(id=5), company_facts=facts), REPEAT_CONTACT)
    assert finding.evidence["earlier_id"] == 4
    assert finding.evidence["days_between"] == 0


def test_the_repeat_window_is_a_threshold():
    facts = company(written_contacts=(_written(7, ago(20)),))
    assert REPEAT_CONTACT not in fired(check(item(id=None), company_facts=facts))
    wider = Thresholds(repeat_contact_days=30)
    found = check(item(id=None), company_facts=facts, thresholds=wider)
    assert only(found, REPEAT_CONTACT).evidence["window_days"] == 30
    with pytest.raises(ThresholdError):
        Thresholds(repeat_contact_days=0).validate()


def test_a_campaign_item_to_a_company_written_to_days_ago_is_a_repeat_contact():
    planned = item(id=None, planned=True, campaign_id=CAMPAIGN)
    facts = company(written_contacts=(_written(7, ago(2)),))
    result = check_campaign(
        [planned],
        companies={COMPANY: facts},
        contacts={planned.contact_id: contact()},
        criteria=CRITERIA,
        today=TODAY,
    )
    assert only(list(result.item_findings[0]), REPEAT_CONTACT).evidence["earlier_id"] == 7
