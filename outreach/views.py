"""Pages for referrals and introductions."""

from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from companies import selectors as companies_selectors
from companies.forms import confirmed_distinct_ids
from companies.matching import Relation
from companies.models import Company
from crm import selectors as crm_selectors
from crm import services as crm_services
from crm.access import LeadRequiredMixin, TeamRequiredMixin
from crm.forms_views import (
    ALREADY_SUBMITTED,
    AlreadySubmitted,
    OnceSubmitMixin,
    add_service_errors,
    cleaned,
    form_submit,
    submit_once,
)
from crm.languages import german_active
from crm.models import AcquisitionCase, Team
from crm.navigation import next_url
from crm.page_cache import CachedPageMixin
from outreach import explanations, facts, quality, selectors, services
from outreach.filters import FlagFilter
from outreach.forms import (
    CampaignForm,
    CampaignItemForm,
    FlagBulkForm,
    FlagResolveForm,
    IntroductionForm,
    IntroductionOutcomeForm,
    OutreachSettingsForm,
    PipelineTargetForm,
    ReferralForm,
    TouchpointForm,
    TouchpointOutcomeForm,
)
from outreach.letters import compose
from outreach.letters import selectors as letter_selectors
from outreach.models import Campaign, CampaignItem, Channel, OutreachFlag, OutreachSettings
from outreach.presenting import findings_for_display


class ReferralCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    """Partner X recommends company Y: find or create Y (duplicate-checked), open its case."""

    form_class = ReferralForm
    template_name = "outreach/referral_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_initial(self) -> dict[str, Any]:
        partner = self.request.GET.get("partner", "")
        return {"partner": partner} if partner.isdigit() else {}

    def form_valid(self, form: ReferralForm) -> HttpResponse:
        company: Company | None = form.cleaned_data["company"]
        distinct: list[Company] = []
        chosen = self.request.POST.get("use_existing", "")
        if company is None and chosen.isdigit():
            company = companies_selectors.company_get(team=self.team, pk=int(chosen))
        elif company is None:
            draft = Company(team=self.team, **form.company_fields())
            candidates = companies_selectors.company_duplicate_candidates(
                team=self.team, company=draft
            )
            # Related companies (another legal entity of one group) are named
            # apart and never stop the form: they are not the same company.
            duplicates = [c for c in candidates if c.match.relation == Relation.SAME]
            related = [c for c in candidates if c.match.relation == Relation.RELATED]
            shown = {candidate.company.pk for candidate in duplicates}
            if duplicates and not shown <= confirmed_distinct_ids(self.request):
                return self.render_to_response(
                    self.get_context_data(
                        form=form, duplicates=duplicates, related_candidates=related
                    )
                )
            distinct = [candidate.company for candidate in duplicates]
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.referral_record(
                team=self.team,
                partner=form.cleaned_data["partner"],
                by=self.actor,
                company=company,
                company_fields=form.company_fields(),
                distinct_from=distinct,
                contact_fields=form.contact_fields(),
                note=form.cleaned_data["note"],
            ),
            success_message=_("Referral recorded: the case is open in the first stage."),
            invalid=self.form_invalid,
        )


class IntroductionCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    form_class = IntroductionForm
    template_name = "outreach/introduction_form.html"

    def get_case(self) -> Any:
        return crm_selectors.case_get(team=self.team, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.get_case()
        partner = self.request.GET.get("partner", "")
        if partner.isdigit():
            kwargs["initial"] = {**kwargs.get("initial", {}), "introducer": partner}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(case=self.get_case(), **kwargs)

    def form_valid(self, form: IntroductionForm) -> HttpResponse:
        case = self.get_case()
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.introduction_record(case=case, by=self.actor, **cleaned(form)),
            success_message=_("Introduction recorded."),
            invalid=self.form_invalid,
            redirect_to=next_url(self.request),
        )


class IntroductionOutcomeView(TeamRequiredMixin, FormView):
    """Record what became of an introduction: meeting agreed, declined, or still open."""

    form_class = IntroductionOutcomeForm
    template_name = "outreach/introduction_outcome.html"

    def get_introduction(self) -> Any:
        return selectors.introduction_get(team=self.team, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.get_introduction()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        introduction = self.get_introduction()
        return super().get_context_data(introduction=introduction, case=introduction.case, **kwargs)

    def form_valid(self, form: IntroductionOutcomeForm) -> HttpResponse:
        introduction = self.get_introduction()
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: (
                services.introduction_outcome_set(
                    introduction=introduction, by=self.actor, **cleaned(form)
                ).case
            ),
            success_message=_("Outcome of the introduction saved."),
            invalid=self.form_invalid,
        )


class IntroductionRequestView(TeamRequiredMixin, View):
    """Ask a partner for an introduction from the case page: a request and a next step."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = crm_selectors.case_get(team=self.team, pk=pk)
        partner_id = request.POST.get("partner", "")
        version = request.POST.get("version", "")
        if not (partner_id.isdigit() and version.isdigit()):
            return redirect(case)
        partner = companies_selectors.partner_get(team=self.team, pk=int(partner_id))
        try:
            services.introduction_request(
                case=case, introducer=partner, by=self.actor, version=int(version)
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Request for an introduction by %(partner)s recorded; the next step is set.")
                % {"partner": partner},
            )
        return redirect(case)


# --- Touchpoints -------------------------------------------------------------------


class TouchpointCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    """Log a contact from the case page: the checks speak before anything is saved."""

    form_class = TouchpointForm
    template_name = "outreach/touchpoint_form.html"

    def get_case(self) -> AcquisitionCase:
        if not hasattr(self, "_case"):
            self._case = crm_selectors.case_get(team=self.team, pk=self.kwargs["pk"])
        return self._case

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(case=self.get_case(), **kwargs)

    def form_valid(self, form: TouchpointForm) -> HttpResponse:
        case = self.get_case()
        data = cleaned(form)
        try:
            touchpoint = submit_once(
                request=self.request,
                form=form,
                action=lambda: services.touchpoint_log(
                    team=self.team,
                    company=case.company,
                    case=case,
                    by=self.actor,
                    **data,
                ),
                url=lambda _touchpoint: case.get_absolute_url(),
            )
        except AlreadySubmitted as done:
            messages.info(self.request, ALREADY_SUBMITTED)
            return redirect(done.url)
        except services.OutreachChecked as checked:
            if (
                not checked.blocked
                and self.request.POST.get("go_ahead")
                and not data.get("override_reason", "").strip()
            ):
                form.add_error("override_reason", services.OVERRIDE_REASON_REQUIRED)
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    findings=findings_for_display(checked.findings, back=self.request.path),
                    blocked=checked.blocked,
                )
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if touchpoint.flags.exists():
            messages.warning(
                self.request,
                _("Contact logged. The warnings and your reason go to the team lead's review."),
            )
        else:
            messages.success(self.request, _("Contact logged."))
        return redirect(case)


# --- Campaigns ----------------------------------------------------------------------


class CampaignListView(TeamRequiredMixin, TemplateView):
    template_name = "outreach/campaign_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        campaigns = list(selectors.campaigns_for_team(team=self.team))
        scores = selectors.campaign_scores(team=self.team)
        for campaign in campaigns:
            campaign.targeting = scores.get(campaign.pk)  # type: ignore[attr-defined]
        return super().get_context_data(campaigns=campaigns, **kwargs)


class CampaignCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    form_class = CampaignForm
    template_name = "outreach/campaign_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def form_valid(self, form: CampaignForm) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.campaign_create(team=self.team, by=self.actor, **cleaned(form)),
            success_message=_("Campaign created. Now add the cases it goes to."),
            invalid=self.form_invalid,
        )


class CampaignUpdateView(TeamRequiredMixin, FormView):
    form_class = CampaignForm
    template_name = "outreach/campaign_form.html"

    def get_campaign(self) -> Campaign:
        return selectors.campaign_get(team=self.team, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team, "instance": self.get_campaign()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(campaign=self.get_campaign(), **kwargs)

    def form_valid(self, form: CampaignForm) -> HttpResponse:
        campaign = self.get_campaign()
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.campaign_update(
                campaign=campaign, by=self.actor, **cleaned(form)
            ),
            success_message=_("Campaign saved."),
            invalid=self.form_invalid,
        )


class CampaignDetailView(TeamRequiredMixin, CachedPageMixin, TemplateView):
    template_name = "outreach/campaign_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        campaign = selectors.campaign_get(team=self.team, pk=self.kwargs["pk"])
        items = list(selectors.campaign_items(campaign=campaign))
        flags = list(selectors.campaign_flags(campaign=campaign))
        _describe(flags)
        by_item: dict[int, list[OutreachFlag]] = {}
        campaign_level = []
        for flag in flags:
            if flag.campaign_item_id:
                by_item.setdefault(flag.campaign_item_id, []).append(flag)
            else:
                campaign_level.append(flag)
        for item in items:
            item.flag_list = by_item.get(item.pk, [])  # type: ignore[attr-defined]
        # Every figure below counts the flags the page lists: the campaign's and its letters'.
        open_flags = [flag for flag in flags if flag.state == OutreachFlag.State.OPEN]
        open_campaign_level = [flag for flag in campaign_level if flag in open_flags]
        choices = []
        if campaign.editable:
            choices = list(selectors.cases_for_campaign_choice(campaign=campaign)[:CASE_CHOICES])
        return super().get_context_data(
            campaign=campaign,
            items=items,
            preview=_campaign_preview(campaign, items),
            campaign_flags=campaign_level,
            open_blocks=sum(flag.blocks for flag in open_flags),
            open_warnings=sum(not flag.blocks for flag in open_flags),
            open_total=len(open_flags),
            campaign_open_blocks=sum(flag.blocks for flag in open_campaign_level),
            campaign_open_warnings=sum(not flag.blocks for flag in open_campaign_level),
            targeting=selectors.campaign_scores(team=self.team, campaign_ids=[campaign.pk]).get(
                campaign.pk
            ),
            case_choices=choices,
            is_lead=self.membership.is_lead,
            **kwargs,
        )


CASE_CHOICES = 500


def _campaign_preview(campaign: Campaign, items: list[CampaignItem]) -> dict[str, Any] | None:
    """The first letter from the common text as its recipient gets it, for the page."""
    item = next((item for item in items if item.statement_id is None), None)
    if item is None or campaign.channel != Channel.LETTER:
        return None
    settings = letter_selectors.letter_settings_for_team(team=campaign.team)
    text = compose.campaign_letter_text(
        settings=settings,
        company=item.case.company,
        contact=item.contact,
        by=campaign.created_by,
        subject=campaign.subject,
        text=item.text,
        on=timezone.localdate(),
    )
    return {"item": item, "text": text}


class CampaignCasesAddView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = selectors.campaign_get(team=self.team, pk=pk)
        ids = [int(value) for value in request.POST.getlist("cases") if value.isdigit()]
        cases = list(crm_selectors.cases_for_team(team=self.team).filter(pk__in=ids))
        if not cases:
            messages.error(request, _("Choose at least one case."))
            return redirect(campaign)
        try:
            added = services.campaign_cases_add(campaign=campaign, cases=cases, by=self.actor)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext("%(count)s case added.", "%(count)s cases added.", len(added))
                % {"count": len(added)},
            )
        return redirect(campaign)


class CampaignCasesBulkAddView(TeamRequiredMixin, View):
    """Add the cases ticked in the case list to a draft campaign chosen there."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponseBase:
        value = request.POST.get("campaign", "")
        if not value.isdigit():
            messages.error(request, _("Choose a campaign in draft."))
            return redirect("cases:list")
        campaign = selectors.campaign_get(team=self.team, pk=int(value))
        return CampaignCasesAddView.as_view()(request, pk=campaign.pk)


class CampaignItemUpdateView(TeamRequiredMixin, FormView):
    form_class = CampaignItemForm
    template_name = "outreach/campaign_item_form.html"

    def get_item(self) -> CampaignItem:
        return selectors.campaign_item_get(team=self.team, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.get_item()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(item=self.get_item(), **kwargs)

    def form_valid(self, form: CampaignItemForm) -> HttpResponse:
        item = self.get_item()
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: (
                services.campaign_item_update(item=item, by=self.actor, **cleaned(form)).campaign
            ),
            success_message=_("Letter text saved."),
            invalid=self.form_invalid,
        )


class CampaignItemRemoveView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.campaign_item_get(team=self.team, pk=pk)
        try:
            services.campaign_item_remove(item=item, by=self.actor)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Case removed from the campaign."))
        return redirect(item.campaign)


class CampaignActionView(TeamRequiredMixin, View):
    """Check, submit, return, approve or send a campaign: one button each."""

    ACTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {
        "check": (
            lambda campaign, by: services.campaign_check(campaign=campaign),
            gettext_lazy("Campaign checked."),
        ),
        "submit": (services.campaign_submit, gettext_lazy("Campaign submitted for review.")),
        "return": (services.campaign_return, gettext_lazy("Campaign returned to draft.")),
        "approve": (services.campaign_approve, gettext_lazy("Campaign approved.")),
        "send": (services.campaign_send, gettext_lazy("Campaign marked as sent; contacts logged.")),
    }

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        campaign = selectors.campaign_get(team=self.team, pk=pk)
        if action not in self.ACTIONS:
            raise Http404
        run, success = self.ACTIONS[action]
        try:
            run(campaign=campaign, by=self.actor)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
        return redirect(campaign)


# --- Flags and review ------------------------------------------------------------------


class FlagResolveView(LeadRequiredMixin, View):
    """One flag: its evidence and the rule's explanation; acknowledge or dismiss it
    with a note (in place with htmx)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        flag = selectors.flag_get(team=self.team, pk=pk)
        _describe([flag])
        rule = quality.RULES.get(flag.rule)
        return render(
            request,
            "outreach/flag_detail.html",
            {
                "flag": flag,
                "explanation": rule.explanation(_language()) if rule else "",
                "evidence": sorted((flag.evidence or {}).items()),
                "is_lead": True,
                "next": request.get_full_path(),
                "back": _review_back(request),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        flag = selectors.flag_get(team=self.team, pk=pk)
        form = FlagResolveForm(request.POST)
        error = ""
        if form.is_valid():
            resolve = (
                services.flag_acknowledge
                if form.cleaned_data["action"] == FlagResolveForm.ACKNOWLEDGE
                else services.flag_dismiss
            )
            note_name = "note" if resolve is services.flag_acknowledge else "reason"
            try:
                flag = resolve(flag=flag, by=self.actor, **{note_name: form.cleaned_data["note"]})
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = " ".join(str(message) for errors in form.errors.values() for message in errors)
        back = request.POST.get("next", "")
        if request.htmx:  # type: ignore[attr-defined]
            flag = selectors.flag_get(team=self.team, pk=pk)
            _describe([flag])
            return render(
                request,
                "outreach/partials/flag_row.html",
                {"flag": flag, "error": error, "is_lead": True, "next": back},
            )
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Flag updated."))
        if back.startswith("/") and not back.startswith("//"):
            return redirect(back)
        return redirect("outreach:review")


def _review_back(request: HttpRequest) -> str:
    """The queue as the user filtered it, if that is where they came from."""
    back = request.GET.get("back", "")
    review = reverse("outreach:review")
    if back.startswith(review) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return review


def _language() -> str:
    return "de" if german_active() else "en"


def _describe(flags: list[OutreachFlag]) -> None:
    """Word each flag's rule and evidence in the active language, for the templates."""
    language = _language()
    for flag in flags:
        rule = quality.RULES.get(flag.rule)
        flag.title = rule.title(language) if rule else flag.rule  # type: ignore[attr-defined]
        flag.detail = explanations.finding_detail(flag.rule, flag.evidence)  # type: ignore[attr-defined]


REVIEW_PAGE = 50


def _review_context(*, team: Team, data: QueryDict) -> dict[str, Any]:
    """The review queue for the filters in `data`: a page of flags, the counts beside it.

    Fifty flags a page, continued behind the last one shown (`after`), so a page
    reads its rows from the review index whatever the number of flags; the counts
    and scores come from the cache until the team's outreach changes.
    """
    language = _language()
    after_pk = data.get("after", "")
    after = None
    if after_pk.isdigit() and len(after_pk) < 12:
        after = selectors.flag_for_review_get(team=team, pk=int(after_pk))
    flag_filter = FlagFilter(
        data, queryset=selectors.flags_for_review(team=team, state=None, after=after), team=team
    )
    flags = list(flag_filter.qs[: REVIEW_PAGE + 1])
    more = len(flags) > REVIEW_PAGE
    flags = flags[:REVIEW_PAGE]
    _describe(flags)
    for flag in flags:
        # The case a flag is about: its contact's, else its letter's (found by the selector).
        flag.case_id = flag.case_ref  # type: ignore[attr-defined]
    titles = {r.id: r.title(language) for r in quality.RULES.values()}
    figures = selectors.review_figures(team=team)
    counts = [
        replace(count, rule_title=titles.get(count.rule, count.rule)) for count in figures.counts
    ]
    totals = {
        state: sum(getattr(count, state) for count in counts) for state in OutreachFlag.State.values
    }
    query = data.copy()
    query.pop("after", None)
    first_page = query.urlencode()
    query["after"] = str(flags[-1].pk) if flags else ""
    return {
        "flags": flags,
        "flag_filter": flag_filter,
        "state": flag_filter.form.data.get("state"),
        "selectable": any(
            flag.state == OutreachFlag.State.OPEN and not flag.blocks for flag in flags
        ),
        "next_page": query.urlencode() if more else None,
        "first_page": first_page if after is not None else None,
        "counts": counts,
        "review_totals": totals,
        "person_scores": figures.person_scores,
        "campaign_scores": figures.campaign_scores,
        "bulk_max": services.FLAGS_MAX,
        "is_lead": True,
    }


class ReviewQueueView(LeadRequiredMixin, CachedPageMixin, TemplateView):
    """The team's flags in a compact table to filter, tick and answer many at once;
    the counts per person and rule and the targeting scores below them."""

    template_name = "outreach/review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            **_review_context(team=self.team, data=self.request.GET),
            bulk_form=FlagBulkForm(),
            **kwargs,
        )


class FlagBulkView(LeadRequiredMixin, View):
    """Acknowledge or dismiss the flags ticked in the queue, with one note.

    With htmx it answers with the queue as filtered, its counts refreshed in
    place; otherwise with a redirect back and a message. A refusal changes nothing;
    a flag that is not the team's answers 404.
    """

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        back = request.POST.get("next", "")
        review = reverse("outreach:review")
        if not back.startswith(review) or not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}
        ):
            back = review
        form = FlagBulkForm(request.POST)
        done = ""
        errors: list[str] = []
        if not form.is_valid():
            for field, field_errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else None
                errors += [f"{label}: {error}" if label else str(error) for error in field_errors]
        else:
            data = form.cleaned_data
            acknowledge = data["action"] == FlagResolveForm.ACKNOWLEDGE
            try:
                count = services.flags_resolve(
                    team=self.team,
                    by=self.actor,
                    flag_ids=data["flags"],
                    resolution=(
                        services.Resolution.ACKNOWLEDGE
                        if acknowledge
                        else services.Resolution.DISMISS
                    ),
                    note=data["note"],
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "not_found":
                    raise Http404(str(services.FLAGS_NOT_FOUND)) from exc
                errors = exc.messages
            else:
                done = (
                    ngettext("%(count)s flag acknowledged.", "%(count)s flags acknowledged.", count)
                    if acknowledge
                    else ngettext("%(count)s flag dismissed.", "%(count)s flags dismissed.", count)
                ) % {"count": count}
        if not request.htmx:  # type: ignore[attr-defined]
            for error in errors:
                messages.error(request, error)
            if done:
                messages.success(request, done)
            return redirect(back)
        context = _review_context(team=self.team, data=QueryDict(urlsplit(back).query))
        ticked = set(form.cleaned_data.get("flags", [])) if errors else set()
        return render(
            request,
            "outreach/partials/review_queue.html",
            {
                **context,
                "bulk_form": form if errors else FlagBulkForm(),
                "bulk_done": done,
                "bulk_errors": errors,
                "ticked": ticked,
                "next": back,
                "oob": True,
            },
        )


class OutreachSettingsView(LeadRequiredMixin, FormView):
    form_class = OutreachSettingsForm
    template_name = "outreach/settings_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = facts.settings_for_team(team=self.team) or OutreachSettings(team=self.team)
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault(
            "target_forms",
            [
                PipelineTargetForm(pipeline=pipeline)
                for pipeline in crm_selectors.pipelines_for_team(team=self.team)
            ],
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form: OutreachSettingsForm) -> HttpResponse:
        try:
            services.outreach_settings_update(team=self.team, by=self.actor, **cleaned(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Thresholds saved. All outreach of the team is being checked again.")
        )
        return redirect("outreach:settings")


class PipelineTargetView(LeadRequiredMixin, View):
    """Save one pipeline's target group from the thresholds page."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pipeline = crm_selectors.pipeline_get(team=self.team, pk=pk)
        form = PipelineTargetForm(request.POST, pipeline=pipeline)
        if form.is_valid():
            try:
                crm_services.pipeline_targets_set(
                    pipeline=pipeline, by=self.actor, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Target group of “%(pipeline)s” saved; first contacts outside it "
                        "are flagged."
                    )
                    % {"pipeline": pipeline.name},
                )
                return redirect("outreach:settings")
        forms = [
            form if other.pk == pipeline.pk else PipelineTargetForm(pipeline=other)
            for other in crm_selectors.pipelines_for_team(team=self.team)
        ]
        settings = facts.settings_for_team(team=self.team) or OutreachSettings(team=self.team)
        return render(
            request,
            "outreach/settings_form.html",
            {"form": OutreachSettingsForm(instance=settings), "target_forms": forms},
        )


class TouchpointOutcomeView(TeamRequiredMixin, View):
    """Record what came of a contact, from the case page."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        touchpoint = selectors.touchpoint_get(team=self.team, pk=pk)
        form = TouchpointOutcomeForm(request.POST)
        if not form.is_valid():
            messages.error(request, services.UNKNOWN_OUTCOME)
        else:
            services.touchpoint_outcome_set(
                touchpoint=touchpoint, by=self.actor, outcome=form.cleaned_data["outcome"]
            )
            messages.success(request, _("Outcome saved."))
        return redirect(touchpoint)
