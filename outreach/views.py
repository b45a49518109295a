"""Pages for referrals and introductions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from companies import selectors as companies_selectors
from companies.models import Company
from companies.views import confirmed_distinct_ids
from crm import selectors as crm_selectors
from crm.access import TeamRequiredMixin
from crm.forms_views import cleaned, form_submit
from outreach import selectors, services
from outreach.forms import IntroductionForm, IntroductionOutcomeForm, ReferralForm


class ReferralCreateView(TeamRequiredMixin, FormView):
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
            shown = {candidate.company.pk for candidate in candidates}
            if candidates and not shown <= confirmed_distinct_ids(self.request):
                return self.render_to_response(
                    self.get_context_data(form=form, duplicates=candidates)
                )
            distinct = [candidate.company for candidate in candidates]
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


class IntroductionCreateView(TeamRequiredMixin, FormView):
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
