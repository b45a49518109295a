"""Team isolation on every URL: another team's staff and lead, and anonymous visitors,
get nothing of team A, and change nothing of it (issue 18).

Every URL pattern of the resolver must appear in `URLS` (or `SKIPPED`, with its
reason): a URL added later without an entry fails `test_every_url_is_in_the_table`,
so its parameters get one of team A's objects and its view is probed like the rest.
Runs in `make test` (SQLite) and `make test-services` (PostgreSQL): not marked.
"""

from collections.abc import Iterator
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.models import ThanksLetter, Webhook, WebhookDelivery
from api.services import api_token_create
from benefits.models import BenefitArgument, BenefitStatement, Measure
from crm.models import LostReason, Membership, PartnerPerson, Partnership, Pipeline, Stage
from network.models import Event, Expert, Registration, Topic
from outreach.models import CampaignItem
from privacy.models import RetentionHold
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    IntroductionFactory,
    MembershipFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    OutreachFlagFactory,
    RegionalFactFactory,
    TieFactory,
    TouchpointFactory,
    UserFactory,
)
from tests.stored_files import stored_files

# Not about a team's data, or guarded elsewhere: never probed here.
SKIPPED = {
    "login": "the login page",
    "logout": "ends the own session",
    "password_change": "the own password",
    "password_change_done": "the own password",
    "set_language": "the own language",
    "admin": "superusers only (crm.admin, the admin site's own checks)",
    "admin_login": "redirects to the login page",
    "healthz": "the load balancer's probe: no data, no login",
    "readyz": "the load balancer's probe: no data, no login",
    "login_code": "the second step of the own login",
    "account_security": "the own login and second factor",
    "second_factor_start": "the own second factor",
    "second_factor_setup": "the own second factor",
    "second_factor_disable": "the own second factor",
    "recovery_codes": "the own recovery codes",
    "password_reset": "asks for an email address; answers the same for every address",
    "password_reset_done": "a static page",
    "password_reset_confirm": "a signed token, not an object id",
    "password_reset_complete": "a static page",
    "network:feed": "a team's calendar feed: a secret token, not an object id",
    "network:public_register": "an event's public registration: a secret token, no login",
    "network:public_ics": "an event's public calendar file: a secret token, no login",
    "network:public_cancel": "a registration's cancel link: a secret token, no login",
    "referral_form": "a partner's signed link, no login: no team's data shown",
    "referral_thanks": "a static thank-you page",
    "api:schema": "the API's description, for every logged-in user: no data",
    "api:docs": "the API's documentation page: no data",
}

# URL name → its parameters: a key of `world` (team A's object) or a literal value.
# An empty dict: a page of the own team (no object in the URL); it is probed for
# leaks of team A's data and for changes to team A's rows.
URLS: dict[str, dict[str, Any]] = {
    "api_tokens": {},
    "webhooks": {},
    "referral_link": {"pk": "partner"},
    "thanks_letter": {"pk": "case"},
    "thanks_letter_download": {"pk": "thanks_letter"},
    "webhook_delete": {"pk": "webhook"},
    "webhook_replay": {"pk": "delivery"},
    "api_token_revoke": {"pk": "api_token"},
    "api:company-list": {},
    "api:company-detail": {"pk": "company"},
    "api:contact-list": {},
    "api:contact-detail": {"pk": "contact"},
    "api:partner-list": {},
    "api:partner-detail": {"pk": "partner"},
    "api:tie-list": {},
    "api:tie-detail": {"pk": "tie"},
    "api:case-list": {},
    "api:case-detail": {"pk": "case"},
    "api:stage-list": {},
    "api:stage-detail": {"pk": "stage"},
    "api:introduction-list": {},
    "api:introduction-detail": {"pk": "introduction"},
    "api:touchpoint-list": {},
    "api:touchpoint-detail": {"pk": "touchpoint"},
    "api:campaign-list": {},
    "api:campaign-detail": {"pk": "campaign"},
    "api:flag-list": {},
    "api:flag-detail": {"pk": "flag"},
    "api:needs-profile-list": {},
    "api:needs-profile-detail": {"pk": "profile"},
    "api:statement-list": {},
    "api:statement-detail": {"pk": "statement"},
    "api:case-move": {"pk": "case"},
    "api:flag-acknowledge": {"pk": "flag"},
    "api:report-funnel": {},
    "api:report-sources": {},
    "api:report-people": {},
    "home": {},
    "team_switch": {},
    "pipeline": {},
    "pipeline_column": {"stage_pk": "stage"},
    "reports": {},
    "reports:detail": {"report": "sources"},
    "reports:export": {"report": "sources", "fmt": "csv"},
    "cases:list": {},
    "cases:export": {},
    "cases:create": {},
    "cases:detail": {"pk": "case"},
    "cases:update": {"pk": "case"},
    "cases:move": {"pk": "case"},
    "cases:next_step": {"pk": "case"},
    "cases:bulk": {},
    "pipeline_setup": {},
    "stage_create": {"pk": "pipeline"},
    "stage_update": {"pk": "stage"},
    "stage_remove": {"pk": "stage"},
    "lost_reason_update": {"pk": "lost_reason"},
    "companies:suggest": {},
    "companies:partner_suggest": {},
    "benefits:measure_create": {},
    "benefits:measure_update": {"pk": "measure"},
    "benefits:argument_create": {},
    "benefits:argument_update": {"pk": "argument"},
    "outreach:campaign_cases_bulk_add": {},
    "history:protocol": {},
    "history:processing": {},
    "history:processing_export": {},
    "history:record": {"kind": "company", "pk": "company"},
    "privacy:contact_access": {"pk": "contact"},
    "privacy:contact_erase": {"pk": "contact"},
    "privacy:partner_access": {"pk": "partner"},
    "privacy:partner_erase": {"pk": "partner"},
    "privacy:log": {},
    "privacy:retention": {},
    "privacy:retention_hold": {},
    "privacy:retention_release": {"pk": "hold"},
    "companies:list": {},
    "companies:create": {},
    "companies:duplicates": {},
    "companies:distinct": {"a": "company", "b": "twin"},
    "companies:relate": {"a": "company", "b": "twin"},
    "companies:unrelate": {"pk": "company"},
    "companies:merge": {"survivor": "company", "merged": "twin"},
    "companies:import": {},
    "companies:import_detail": {"pk": "job"},
    "companies:import_start": {"pk": "job"},
    "companies:import_rejected": {"pk": "job"},
    "companies:import_file": {"pk": "job"},
    "companies:import_progress": {"pk": "job"},
    "companies:detail": {"pk": "company"},
    "companies:update": {"pk": "company"},
    "companies:delete": {"pk": "company"},
    "companies:contact_create": {"company_pk": "company"},
    "companies:contact_update": {"pk": "contact"},
    "companies:contact_delete": {"pk": "contact"},
    "companies:partner_list": {},
    "companies:partner_create": {},
    "companies:partner_detail": {"pk": "partner"},
    "companies:partner_update": {"pk": "partner"},
    "companies:partner_delete": {"pk": "partner"},
    "companies:tie_create": {},
    "companies:tie_update": {"pk": "tie"},
    "companies:tie_delete": {"pk": "tie"},
    "benefits:statement_list": {},
    "benefits:profile_edit": {"company_pk": "company"},
    "benefits:statement_draft": {"company_pk": "company"},
    "benefits:statement_detail": {"pk": "statement"},
    "benefits:statement_edit": {"pk": "statement"},
    "benefits:statement_approve": {"pk": "statement"},
    "benefits:statement_sent": {"pk": "statement"},
    "benefits:statement_diff": {"pk": "statement"},
    "benefits:catalogue": {},
    "benefits:fact_list": {},
    "benefits:fact_create": {},
    "benefits:fact_update": {"pk": "fact"},
    "benefits:fact_delete": {"pk": "fact"},
    "benefits:settings": {},
    "certification:round_list": {},
    "certification:round_create": {},
    "certification:settings": {},
    "certification:due_list": {},
    "certification:round_detail": {"pk": "certification_round"},
    "certification:application_create": {"pk": "certification_round"},
    "certification:application_detail": {"pk": "application"},
    "certification:commitment_create": {"pk": "application"},
    "certification:review": {"pk": "application", "commitment_pk": "commitment"},
    "certification:decide": {"pk": "application"},
    "certification:certificate": {"pk": "application"},
    "certification:decision_letter": {"pk": "application"},
    "certification:company_commitment_create": {"company_pk": "company"},
    "certification:programme_list": {},
    "certification:programme_create": {},
    "certification:programme_detail": {"pk": "programme"},
    "certification:participant_add": {"pk": "programme"},
    "certification:tandem_create": {"pk": "programme"},
    "certification:tandem_detail": {"pk": "tandem"},
    "certification:tandem_meeting": {"pk": "tandem"},
    "certification:tandem_goals": {"pk": "tandem"},
    "certification:tandem_finish": {"pk": "tandem"},
    "outreach:referral": {},
    "outreach:introduction_create": {"pk": "case"},
    "outreach:introduction_outcome": {"pk": "introduction"},
    "outreach:introduction_request": {"pk": "case"},
    "outreach:touchpoint_create": {"pk": "case"},
    "outreach:campaign_list": {},
    "outreach:campaign_create": {},
    "outreach:campaign_detail": {"pk": "campaign"},
    "outreach:campaign_update": {"pk": "campaign"},
    "outreach:campaign_cases_add": {"pk": "campaign"},
    "outreach:campaign_action": {"pk": "campaign", "action": "approve"},
    "outreach:campaign_item_update": {"pk": "item"},
    "outreach:campaign_item_remove": {"pk": "item"},
    "outreach:review": {},
    "outreach:flag_resolve": {"pk": "flag"},
    "outreach:flags_bulk": {},
    "outreach:settings": {},
    "outreach:pipeline_targets": {"pk": "pipeline"},
    "outreach:touchpoint_outcome": {"pk": "touchpoint"},
    "outreach:case_letter": {"pk": "case"},
    "outreach:letter_download": {"pk": "letter"},
    "outreach:letter_settings": {},
    "outreach:letterhead_logo": {},
    "outreach:letter_template_active": {"pk": "template"},
    "outreach:letter_template_download": {"pk": "template"},
    "outreach:campaign_letters": {"pk": "campaign"},
    "outreach:letter_batch_zip": {"pk": "batch"},
    "network:partner_list": {},
    "network:partner_detail": {"pk": "partnership"},
    "network:partner_status": {"pk": "partnership"},
    "network:partner_person_add": {"pk": "partnership"},
    "network:partner_person_remove": {"pk": "partner_person"},
    "network:partner_introducer": {"pk": "partnership"},
    "network:expert_list": {},
    "network:expert_create": {},
    "network:expert_update": {"pk": "expert"},
    "network:expert_remove": {"pk": "expert"},
    "network:topic_list": {},
    "network:topic_create": {},
    "network:topic_update": {"pk": "topic"},
    "network:event_list": {},
    "network:event_create": {},
    "network:event_detail": {"pk": "event"},
    "network:event_update": {"pk": "event"},
    "network:event_invite": {"pk": "event"},
    "network:event_register": {"pk": "event"},
    "network:event_attendance": {"pk": "event"},
    "network:event_ics": {"pk": "event"},
    "network:event_letters": {"pk": "event"},
    "network:registration_cancel": {"pk": "registration"},
    "network:registration_company": {"pk": "registration"},
    "network:feed_renew": {},
}

# A body for the POSTs: plausible fields of many forms, pointing at team A's objects
# where a form takes an id (filled in by `_body`).
MARKER = "Zwiebelfisch"
# 401: the API asks for a token (WWW-Authenticate: Bearer) instead of redirecting.
DENIED = {401, 403, 404, 405}


def _patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            if inner == "admin":
                yield "admin", pattern  # type: ignore[misc]
                continue
            yield from _patterns(pattern.url_patterns, prefix)
        else:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name or ""), pattern


def _all_url_names() -> set[str]:
    return {name for name, _pattern in _patterns(get_resolver().url_patterns)}


def test_every_url_is_in_the_table():
    """A new URL must say which of team A's objects fill its parameters (or why skipped)."""
    names = _all_url_names()
    assert sorted(names - set(URLS) - set(SKIPPED)) == []
    assert sorted(set(URLS) - names) == []
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name in URLS:
            assert set(pattern.pattern.converters) == set(URLS[name]), name


@pytest.fixture
def world(team, staff, lead) -> dict[str, Any]:
    """One object of every kind for team A, named with the marker."""
    company = CompanyFactory(team=team, legal_name=f"{MARKER}firma Alpha", city="Zwickau")
    twin = CompanyFactory(team=team, legal_name=f"{MARKER}firma Alpha GmbH", city="Zwickau")
    contact = ContactFactory(company=company, last_name=f"{MARKER}kontakt")
    partner = NetworkPartnerFactory(team=team, name=f"{MARKER}partner")
    tie = TieFactory(partner=partner, company=company)
    case = AcquisitionCaseFactory(team=team, company=company, owner=staff.user)
    files = stored_files(team, owner=lead.user)
    webhook = Webhook.objects.create(
        team=team, url=f"https://example.org/{MARKER}", events=["partner.created"], secret="k"
    )
    campaign = files.batch.campaign
    certified = _certification_world(team, lead, company, twin)
    partnership = Partnership.objects.create(
        team=team, company=twin, kind=Partnership.Kind.NETWORK_MEMBER, started_on=date(2024, 1, 1)
    )
    expert_contact = ContactFactory(company=twin, last_name=f"{MARKER}expertin")
    expert = Expert.objects.create(team=team, contact=expert_contact, consent_on=date(2024, 2, 1))
    event = Event.objects.create(
        team=team,
        title=f"{MARKER}treffen",
        date=date(2024, 3, 1),
        starts_at=time(9, 0),
        place=f"{MARKER}saal",
        host=twin,
    )
    return {
        **certified,
        "partnership": partnership,
        "partner_person": PartnerPerson.objects.create(
            partnership=partnership, contact=expert_contact, role=PartnerPerson.Role.MENTOR
        ),
        "expert": expert,
        "topic": Topic.objects.filter(team=team).first(),
        "event": event,
        "registration": Registration.objects.create(
            event=event,
            name=f"{MARKER}gast",
            email="gast@example.org",
            email_key="gast@example.org",
            source=Registration.Source.STAFF,
        ),
        "company": company,
        "twin": twin,
        "contact": contact,
        "partner": partner,
        "tie": tie,
        "case": case,
        "job": files.job,
        "statement": BenefitStatement.objects.create(
            team=team, company=company, text=f"{MARKER}text", status="draft"
        ),
        "fact": RegionalFactFactory(team=team, text_de=f"{MARKER}fakt"),
        "introduction": IntroductionFactory(case=case, introducer=partner),
        "touchpoint": TouchpointFactory(company=company, case=case, subject=f"{MARKER}anruf"),
        "campaign": campaign,
        "item": CampaignItem.objects.create(
            campaign=campaign, case=case, contact=contact, text=f"{MARKER}brief"
        ),
        "flag": OutreachFlagFactory(team=team, company=company),
        "pipeline": Pipeline.objects.filter(team=team).first(),
        "stage": Stage.objects.filter(pipeline__team=team, kind=Stage.Kind.OPEN).last(),
        "lost_reason": LostReason.objects.filter(team=team).first(),
        "measure": Measure.objects.filter(team=team).first(),
        "argument": BenefitArgument.objects.filter(team=team).first(),
        "hold": RetentionHold.objects.create(
            team=team,
            kind=RetentionHold.Kind.CONTACT,
            object_id=contact.pk,
            reason=f"{MARKER} Rechtsstreit",
        ),
        "letter": files.letter,
        "template": files.template,
        "batch": files.batch,
        "profile": NeedsProfileFactory(company=company),
        "webhook": webhook,
        "delivery": WebhookDelivery.objects.create(
            webhook=webhook, event="partner.created", payload={"name": MARKER}
        ),
        "thanks_letter": ThanksLetter.objects.create(
            team=team,
            case=case,
            partner=partner,
            subject=f"{MARKER}dank",
            salutation="Guten Tag,",
            text=f"{MARKER}danke",
            created_by=staff.user,
        ),
        "api_token": api_token_create(
            team=team,
            user=lead.user,
            name=f"{MARKER}token",
            read_only=False,
            expires_at=timezone.now() + timedelta(days=5),
        )[0],
    }


def _certification_world(team, lead, company, twin) -> dict[str, Any]:
    """A decided application (so the certificate is there to refuse) and a running tandem."""
    from datetime import date

    from certification import services as certification
    from certification.models import Participant

    measure = Measure.objects.filter(team=team).first()
    certification_round = certification.round_create(team=team, by=lead.user, year=2026)
    application = certification.application_create(
        round=certification_round, company=company, kind="first", by=lead.user
    )
    commitment = certification.commitment_create(
        company=company,
        measure=measure,
        application=application,
        by=lead.user,
        notes=f"{MARKER}zusage",
    )
    certification.review_record(
        application=application, commitment=commitment, outcome="implemented", by=lead.user
    )
    certification.application_decide(
        application=application, decision="certified", by=lead.user, decided_on=date(2026, 5, 4)
    )
    programme = certification.programme_create(
        team=team, by=lead.user, year=2026, name=f"{MARKER}mentoring"
    )
    for member, role in ((company, Participant.Role.MENTOR), (twin, Participant.Role.MENTEE)):
        certification.participant_add(programme=programme, company=member, role=role, by=lead.user)
    tandem = certification.tandem_create(
        programme=programme, mentor=company, mentee=twin, by=lead.user, goals=f"{MARKER}ziele"
    )
    return {
        "certification_round": certification_round,
        "application": application,
        "commitment": commitment,
        "programme": programme,
        "tandem": tandem,
    }


def _url(name: str, world: dict[str, Any]) -> str:
    kwargs = {
        key: (world[value].pk if isinstance(value, str) and value in world else value)
        for key, value in URLS[name].items()
    }
    return reverse(name, kwargs=kwargs)


def _body(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Fremd übernommen",
        "legal_name": "Fremd übernommen",
        "team": world["case"].team_id,
        "company": world["company"].pk,
        "partner": world["partner"].pk,
        "case": world["case"].pk,
        "contact": world["contact"].pk,
        "cases": [world["case"].pk],
        "flags": [world["flag"].pk],
        "note": "überschrieben",
        "campaign": world["campaign"].pk,
        "action": "reassign",
        "owner": world["case"].owner_id,
        "name_de": "Fremd übernommen",
        "code": "fremd",
        "active": "1",
        "stage": "",
        "outcome": "declined",
        "text": "überschrieben",
    }


def _snapshot(team) -> dict[str, list[dict[str, Any]]]:
    """Every row of team A (and every row of the models without a team), field by field."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models():
        if model._meta.app_label not in {
            "crm",
            "companies",
            "outreach",
            "benefits",
            "network",
            "certification",
            "privacy",
            "api",
        }:
            continue
        if model._meta.model_name == "submissiontoken":
            continue  # team B's own forms may leave their tokens
        fields = {f.name for f in model._meta.concrete_fields}
        queryset = model._default_manager.all()
        if "team" in fields:
            queryset = queryset.filter(team=team)
        elif model._meta.model_name == "team":
            queryset = queryset.filter(pk=team.pk)
        rows[model._meta.label] = list(queryset.order_by("pk").values())
    return rows


def _content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _is_file(response) -> bool:
    return "attachment" in response.get("Content-Disposition", "") or getattr(
        response, "streaming", False
    )


@pytest.fixture
def strangers(other_team) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for role in (Membership.Role.STAFF, Membership.Role.LEAD):
        membership = MembershipFactory(
            team=other_team, user=UserFactory(username=f"fremd-{role}"), role=role
        )
        client = Client()
        client.force_login(membership.user)
        clients[f"other {role}"] = client
    return clients


def test_another_team_gets_nothing_of_team_a_on_any_url(team, world, strangers, lead_client):
    before = _snapshot(team)
    body = _body(world)
    problems: list[str] = []
    files: list[str] = []
    for name in sorted(URLS):
        url = _url(name, world)
        has_object = any(isinstance(v, str) and v in world for v in URLS[name].values())
        own = lead_client.get(url)
        if own.status_code == 200 and _is_file(own):
            files.append(name)
        for who, client in strangers.items():
            for method in ("get", "post"):
                response = getattr(client, method)(url, body if method == "post" else None)
                status = response.status_code
                where = f"{method.upper()} {url} ({name}) as {who}: {status}"
                if who == "anonymous":
                    to_login = status == 302 and response.url.startswith(reverse("login"))
                    if not (to_login or status in DENIED):
                        problems.append(where)
                elif (has_object and status not in DENIED) or status >= 500:
                    problems.append(where)
                if MARKER.encode() in _content(response) and method == "get":
                    content = _content(response).decode(errors="replace")
                    at = content.index(MARKER)
                    problems.append(
                        f"{where}: shows team A's data: {content[at - 200 : at + 80]!r}"
                    )
    assert problems == []
    # The URLs that give out files were found, and each was refused above.
    assert {
        "outreach:letter_download",
        "outreach:letter_batch_zip",
        "outreach:letter_template_download",
        "outreach:letterhead_logo",
        "companies:import_file",
        "certification:certificate",
        "certification:decision_letter",
        "thanks_letter_download",
    } <= set(files)
    assert _snapshot(team) == before
