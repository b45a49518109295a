"""Pages for needs profiles, statements, the catalogue, regional facts and settings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from benefits import diffing, selectors, services
from benefits.filters import StatementFilter
from benefits.forms import (
    ArgumentForm,
    BenefitSettingsForm,
    DraftForm,
    MeasureForm,
    NeedsProfileForm,
    RegionalFactForm,
    StatementEditForm,
)
from benefits.models import (
    BenefitArgument,
    BenefitSettings,
    BenefitStatement,
    Measure,
    RegionalFact,
)
from benefits.tables import StatementTable
from companies.models import Company
from companies.selectors import company_get
from crm.access import LeadRequiredMixin, TeamRequiredMixin
from crm.forms_views import OnceSubmitMixin, add_service_errors, cleaned, form_submit
from crm.navigation import next_url

PAGE_SIZE = 25


class CompanyMixin(TeamRequiredMixin):
    """Pages about one of the team's companies (another team's answers 404)."""

    kwargs: dict[str, Any]

    @cached_property
    def company(self) -> Company:
        return company_get(team=self.team, pk=self.kwargs["company_pk"])


class StatementMixin(TeamRequiredMixin):
    kwargs: dict[str, Any]

    @cached_property
    def statement(self) -> BenefitStatement:
        return selectors.statement_get(team=self.team, pk=self.kwargs["pk"])


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# ------------------------------------------------------------------------------
# Needs profile
# ------------------------------------------------------------------------------
class ProfileEditView(CompanyMixin, FormView):
    form_class = NeedsProfileForm
    template_name = "benefits/profile_form.html"

    @cached_property
    def profile(self) -> Any:
        return selectors.profile_for_company(company=self.company)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team, "instance": self.profile}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(company=self.company, profile=self.profile, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        fields = cleaned(form)
        fields["measures_offered"] = list(fields["measures_offered"])
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.profile_save(company=self.company, by=self.actor, **fields),
            success_message=_("Needs profile saved."),
            invalid=self.form_invalid,
            redirect_to=next_url(self.request),
        )


# ------------------------------------------------------------------------------
# Statements
# ------------------------------------------------------------------------------
class StatementListView(TeamRequiredMixin, SingleTableMixin, FilterView):
    table_class = StatementTable
    filterset_class = StatementFilter
    template_name = "benefits/statement_list.html"
    table_pagination = {"per_page": PAGE_SIZE}

    def get_queryset(self) -> QuerySet[BenefitStatement]:
        return selectors.statements_for_team(team=self.team)


class StatementDraftView(OnceSubmitMixin, CompanyMixin, FormView):
    form_class = DraftForm
    template_name = "benefits/statement_draft.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            company=self.company,
            profile=selectors.profile_for_company(company=self.company),
            **kwargs,
        )

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.statement_draft(
                company=self.company, by=self.actor, language=form.cleaned_data["language"]
            ),
            success_message=_("Statement drafted. Read it, tailor it further, then approve it."),
            invalid=self.form_invalid,
        )


class StatementDetailView(StatementMixin, DetailView):
    template_name = "benefits/statement_detail.html"
    context_object_name = "statement"

    def get_object(self, queryset: QuerySet[BenefitStatement] | None = None) -> BenefitStatement:
        return self.statement

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        settings = selectors.settings_for_team(team=self.team)
        versions = list(selectors.statement_versions(statement=self.statement))
        authors = {self.statement.created_by_id, versions[0].author_id if versions else None}
        # Only a hint for the button; the service decides.
        may_approve = not settings.require_second_person_approval or (
            self.membership.is_lead and self.actor.pk not in authors
        )
        return super().get_context_data(
            versions=versions,
            events=list(selectors.statement_events(statement=self.statement)),
            settings=settings,
            may_approve=may_approve,
            details=self.statement.score_details,
            provenance=self.statement.provenance,
            **kwargs,
        )


class StatementEditView(StatementMixin, FormView):
    form_class = StatementEditForm
    template_name = "benefits/statement_form.html"

    def get_initial(self) -> dict[str, Any]:
        return {"text": self.statement.text}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(statement=self.statement, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.statement_edit(
                statement=self.statement, by=self.actor, **cleaned(form)
            ),
            success_message=_("New version saved and scored."),
            invalid=self.form_invalid,
        )


class StatementApproveView(StatementMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.statement_approve(statement=self.statement, by=self.actor)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Statement approved."))
        return HttpResponseRedirect(self.statement.get_absolute_url())


class StatementSentView(StatementMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.statement_mark_sent(statement=self.statement, by=self.actor)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Statement marked as sent."))
        return HttpResponseRedirect(self.statement.get_absolute_url())


class StatementDiffView(StatementMixin, TemplateView):
    """Two versions side by side as one text: what was removed, what was added."""

    template_name = "benefits/statement_diff.html"

    def _number(self, name: str, default: int) -> int:
        try:
            return int(self.request.GET.get(name, default))
        except ValueError as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        statement = self.statement
        new_number = self._number("to", statement.version)
        old_number = self._number("from", new_number - 1)
        old = selectors.statement_version_get(statement=statement, number=old_number)
        new = selectors.statement_version_get(statement=statement, number=new_number)
        return super().get_context_data(
            statement=statement,
            old=old,
            new=new,
            diff=diffing.word_diff(old.text, new.text),
            versions=list(selectors.statement_versions(statement=statement)),
            **kwargs,
        )


# ------------------------------------------------------------------------------
# Catalogue (read-only here; administrators edit it in the admin)
# ------------------------------------------------------------------------------
class CatalogueView(TeamRequiredMixin, TemplateView):
    template_name = "benefits/catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            # Leads maintain the catalogue, so they also see what is switched off.
            measures=list(
                selectors.measures_for_team(team=self.team, active_only=not self.membership.is_lead)
            ),
            arguments=list(
                selectors.arguments_for_team(
                    team=self.team, active_only=not self.membership.is_lead
                )
            ),
            **kwargs,
        )


class CatalogueEntryView(LeadRequiredMixin, View):
    """Add or change a measure or an argument of the team's catalogue (leads)."""

    template_name = "benefits/catalogue_form.html"
    kind = "measure"  # or "argument"

    def _entry(self, pk: int | None) -> Measure | BenefitArgument | None:
        if pk is None:
            return None
        getter = selectors.measure_get if self.kind == "measure" else selectors.argument_get
        return getter(team=self.team, pk=pk)

    def _form(self, entry: Any, data: Any = None) -> MeasureForm | ArgumentForm:
        if self.kind == "measure":
            return MeasureForm(data, instance=entry)
        return ArgumentForm(data, instance=entry, team=self.team)

    def _render(self, form: Any, entry: Any) -> HttpResponse:
        return render(
            self.request, self.template_name, {"form": form, "entry": entry, "kind": self.kind}
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        entry = self._entry(pk)
        return self._render(self._form(entry), entry)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        entry = self._entry(pk)
        form = self._form(entry, request.POST)
        if form.is_valid():
            data = cleaned(form)
            try:
                if self.kind == "measure":
                    measure = entry if isinstance(entry, Measure) else None
                    services.measure_save(team=self.team, by=self.actor, measure=measure, **data)
                else:
                    argument = entry if isinstance(entry, BenefitArgument) else None
                    services.argument_save(team=self.team, by=self.actor, argument=argument, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Catalogue entry saved."))
                anchor = "#measures" if self.kind == "measure" else "#arguments"
                return HttpResponseRedirect(reverse("benefits:catalogue") + anchor)
        return self._render(form, entry)


# ------------------------------------------------------------------------------
# Regional facts (everyone reads, leads edit)
# ------------------------------------------------------------------------------
class FactListView(TeamRequiredMixin, ListView):
    template_name = "benefits/fact_list.html"
    context_object_name = "facts"

    def get_queryset(self) -> QuerySet[RegionalFact]:
        return selectors.facts_for_team(team=self.team)


class FactCreateView(OnceSubmitMixin, LeadRequiredMixin, FormView):
    form_class = RegionalFactForm
    template_name = "benefits/fact_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.fact_create(team=self.team, by=self.actor, **cleaned(form)),
            success_message=_("Regional fact saved."),
            invalid=self.form_invalid,
        )


class FactUpdateView(LeadRequiredMixin, UpdateView):
    form_class = RegionalFactForm
    template_name = "benefits/fact_form.html"
    context_object_name = "fact"

    def get_object(self, queryset: QuerySet[RegionalFact] | None = None) -> RegionalFact:
        return selectors.fact_get(team=self.team, pk=self.kwargs["pk"])

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.fact_update(fact=self.object, by=self.actor, **cleaned(form)),
            success_message=_("Regional fact saved."),
            invalid=self.form_invalid,
        )


class FactDeleteView(LeadRequiredMixin, TemplateView):
    template_name = "benefits/fact_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        fact = selectors.fact_get(team=self.team, pk=self.kwargs["pk"])
        return super().get_context_data(fact=fact, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fact = selectors.fact_get(team=self.team, pk=self.kwargs["pk"])
        services.fact_delete(fact=fact, by=self.actor)
        messages.success(request, _("Regional fact deleted."))
        return HttpResponseRedirect(reverse("benefits:fact_list"))


# ------------------------------------------------------------------------------
# Settings (leads)
# ------------------------------------------------------------------------------
class SettingsView(LeadRequiredMixin, UpdateView):
    form_class = BenefitSettingsForm
    template_name = "benefits/settings_form.html"

    def get_object(self, queryset: QuerySet[BenefitSettings] | None = None) -> BenefitSettings:
        return selectors.settings_for_team(team=self.team)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.settings_update(team=self.team, by=self.actor, **cleaned(form))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Settings saved."))
        return HttpResponseRedirect(reverse("benefits:statement_list"))
