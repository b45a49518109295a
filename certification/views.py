"""Pages of certification (rounds, applications, the jury) and mentoring (programmes, tandems)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from certification import documents, explanations, selectors, services
from certification.forms import (
    ApplicationForm,
    CommitmentForm,
    DecisionForm,
    DocumentForm,
    FinishForm,
    GoalsForm,
    MeetingForm,
    ParticipantForm,
    ProgrammeForm,
    ReviewForm,
    RoundForm,
    SettingsForm,
    TandemForm,
)
from certification.models import Application, Programme, Round, Tandem
from companies.models import Company
from companies.selectors import company_get
from crm.access import LeadRequiredMixin, TeamRequiredMixin
from crm.forms_views import OnceSubmitMixin, cleaned, form_submit


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# ------------------------------------------------------------------------------
# Rounds and settings
# ------------------------------------------------------------------------------
class RoundListView(TeamRequiredMixin, TemplateView):
    template_name = "certification/round_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            rounds=selectors.rounds_for_team(team=self.team),
            settings=selectors.settings_for_team(team=self.team),
            **kwargs,
        )


class RoundCreateView(OnceSubmitMixin, LeadRequiredMixin, FormView):
    form_class = RoundForm
    template_name = "certification/form.html"
    extra_context = {"title": _("New certification round")}

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.round_create(team=self.team, by=self.actor, **cleaned(form)),
            success_message=_("Certification round opened."),
            invalid=self.form_invalid,
        )


class SettingsView(LeadRequiredMixin, FormView):
    form_class = SettingsForm
    template_name = "certification/form.html"
    extra_context = {"title": _("Certification settings")}

    def get_initial(self) -> dict[str, Any]:
        found = selectors.settings_for_team(team=self.team)
        return {
            "recertification_years": found.recertification_years,
            "certificate_title": found.certificate_title,
        }

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.certification_settings_update(team=self.team, by=self.actor, **cleaned(form))
        except ValidationError as error:
            _refused(self.request, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Certification settings saved."))
        return redirect("certification:round_list")


class RoundMixin(TeamRequiredMixin):
    kwargs: dict[str, Any]

    @cached_property
    def round(self) -> Round:
        return selectors.round_get(team=self.team, pk=self.kwargs["pk"])


class RoundDetailView(RoundMixin, TemplateView):
    template_name = "certification/round_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            round=self.round,
            applications=selectors.applications_for_round(round=self.round),
            **kwargs,
        )


class ApplicationCreateView(OnceSubmitMixin, RoundMixin, FormView):
    form_class = ApplicationForm
    template_name = "certification/form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("New application"), back=self.round.get_absolute_url(), **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.application_create(
                round=self.round, by=self.actor, **cleaned(form)
            ),
            success_message=_("Application recorded. Now record the company's commitments."),
            invalid=self.form_invalid,
        )


# ------------------------------------------------------------------------------
# An application: commitments, the jury's reviews and decision, the documents
# ------------------------------------------------------------------------------
class ApplicationMixin(TeamRequiredMixin):
    kwargs: dict[str, Any]

    @cached_property
    def application(self) -> Application:
        return selectors.application_get(team=self.team, pk=self.kwargs["pk"])


class ApplicationDetailView(ApplicationMixin, TemplateView):
    template_name = "certification/application_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = selectors.review_rows(application=self.application)
        return super().get_context_data(
            application=self.application,
            rows=rows,
            missing=sum(1 for row in rows if row.review is None),
            commitment_form=CommitmentForm(team=self.team),
            review_form=ReviewForm(),
            document_form=DocumentForm(team=self.team),
            **kwargs,
        )


class CommitmentCreateView(OnceSubmitMixin, ApplicationMixin, FormView):
    """A commitment made in an application."""

    form_class = CommitmentForm
    template_name = "certification/form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("New commitment"), back=self.application.get_absolute_url(), **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        def create() -> Application:
            services.commitment_create(
                company=self.application.company,
                application=self.application,
                by=self.actor,
                **cleaned(form),
            )
            return self.application

        return form_submit(
            request=self.request,
            form=form,
            action=create,
            success_message=_("Commitment recorded."),
            invalid=self.form_invalid,
        )


class CompanyCommitmentCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    """A commitment of a company outside any application (e.g. when the partnership began)."""

    form_class = CommitmentForm
    template_name = "certification/form.html"
    kwargs: dict[str, Any]

    @cached_property
    def company(self) -> Company:
        return company_get(team=self.team, pk=self.kwargs["company_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("New commitment of %(company)s") % {"company": self.company.full_name},
            back=self.company.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form: Any) -> HttpResponse:
        def create() -> Company:
            services.commitment_create(company=self.company, by=self.actor, **cleaned(form))
            return self.company

        return form_submit(
            request=self.request,
            form=form,
            action=create,
            success_message=_("Commitment recorded."),
            invalid=self.form_invalid,
        )


class ReviewView(LeadRequiredMixin, ApplicationMixin, View):
    """The jury's finding on one committed measure (a row of the application page)."""

    def post(self, request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
        commitment = selectors.commitment_get(application=self.application, pk=commitment_pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose how far the measure was implemented."))
        else:
            try:
                services.review_record(
                    application=self.application,
                    commitment=commitment,
                    by=self.actor,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(request, _("Review saved."))
        return HttpResponseRedirect(self.application.get_absolute_url() + "#reviews")


class DecisionView(LeadRequiredMixin, ApplicationMixin, FormView):
    form_class = DecisionForm
    template_name = "certification/decision_form.html"

    def get_initial(self) -> dict[str, Any]:
        return {"decided_on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = selectors.review_rows(application=self.application)
        return super().get_context_data(application=self.application, rows=rows, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.application_decide(
                application=self.application, by=self.actor, **cleaned(form)
            ),
            success_message=_("Decision recorded."),
            invalid=self.form_invalid,
        )


class DocumentView(ApplicationMixin, View):
    """The certificate or the decision letter as DOCX, maybe in a team template."""

    kind = "certificate"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = DocumentForm(request.GET, team=self.team)
        template = form.cleaned_data["template"] if form.is_valid() else None
        make = (
            documents.certificate_document
            if self.kind == "certificate"
            else documents.decision_letter
        )
        try:
            found = make(application=self.application, by=self.actor, template=template)
        except ValidationError as error:
            _refused(request, error)
            return HttpResponseRedirect(self.application.get_absolute_url())
        response = HttpResponse(found.content, content_type=found.content_type)
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response


class DueListView(LeadRequiredMixin, TemplateView):
    template_name = "certification/due_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        return super().get_context_data(
            quarters=selectors.recertifications_due(team=self.team, today=today),
            outcomes=selectors.recertification_outcomes(team=self.team),
            today=today,
            **kwargs,
        )


# ------------------------------------------------------------------------------
# Mentoring
# ------------------------------------------------------------------------------
class ProgrammeListView(TeamRequiredMixin, TemplateView):
    template_name = "certification/programme_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            programmes=selectors.programmes_for_team(team=self.team), **kwargs
        )


class ProgrammeCreateView(OnceSubmitMixin, LeadRequiredMixin, FormView):
    form_class = ProgrammeForm
    template_name = "certification/form.html"
    extra_context = {"title": _("New mentoring programme")}

    def get_initial(self) -> dict[str, Any]:
        year = timezone.localdate().year
        return {"year": year, "name": _("Mentoring %(year)s") % {"year": year}}

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.programme_create(
                team=self.team, by=self.actor, **cleaned(form)
            ),
            success_message=_("Mentoring programme opened."),
            invalid=self.form_invalid,
        )


class ProgrammeMixin(TeamRequiredMixin):
    kwargs: dict[str, Any]

    @cached_property
    def programme(self) -> Programme:
        return selectors.programme_get(team=self.team, pk=self.kwargs["pk"])


class ProgrammeDetailView(ProgrammeMixin, TemplateView):
    template_name = "certification/programme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = selectors.mentoring_suggestions(programme=self.programme)
        explained = [(row, [(s, explanations.explain(s)) for s in row.suggestions]) for row in rows]
        return super().get_context_data(
            programme=self.programme,
            participants=selectors.participants_for_programme(programme=self.programme),
            rows=explained,
            tandems=selectors.tandems_for_programme(programme=self.programme),
            **kwargs,
        )


class ParticipantAddView(OnceSubmitMixin, LeadRequiredMixin, ProgrammeMixin, FormView):
    form_class = ParticipantForm
    template_name = "certification/form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Add a mentor or mentee"), back=self.programme.get_absolute_url(), **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        def add() -> Programme:
            services.participant_add(programme=self.programme, by=self.actor, **cleaned(form))
            return self.programme

        return form_submit(
            request=self.request,
            form=form,
            action=add,
            success_message=_("Added to the programme."),
            invalid=self.form_invalid,
        )


class TandemCreateView(LeadRequiredMixin, ProgrammeMixin, View):
    """Pair a suggested (or chosen) mentor with a mentee."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = TandemForm(request.POST, team=self.team)
        if not form.is_valid():
            messages.error(request, _("Choose a mentor and a mentee of the programme."))
            return HttpResponseRedirect(self.programme.get_absolute_url())
        try:
            tandem = services.tandem_create(
                programme=self.programme, by=self.actor, **form.cleaned_data
            )
        except ValidationError as error:
            _refused(request, error)
            return HttpResponseRedirect(self.programme.get_absolute_url())
        messages.success(request, _("Tandem created. Write down its goals."))
        return HttpResponseRedirect(tandem.get_absolute_url())


class TandemMixin(TeamRequiredMixin):
    kwargs: dict[str, Any]

    @cached_property
    def tandem(self) -> Tandem:
        return selectors.tandem_get(team=self.team, pk=self.kwargs["pk"])


class TandemDetailView(TandemMixin, TemplateView):
    template_name = "certification/tandem_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            tandem=self.tandem,
            meetings=list(self.tandem.meetings.select_related("recorded_by")),
            meeting_form=kwargs.pop("meeting_form", None)
            or MeetingForm(initial={"held_on": timezone.localdate()}),
            goals_form=GoalsForm(initial={"goals": self.tandem.goals}),
            finish_form=kwargs.pop("finish_form", None) or FinishForm(),
            **kwargs,
        )


class TandemMeetingView(TandemMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.tandem_meeting_add(tandem=self.tandem, by=self.actor, **form.cleaned_data)
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(request, _("Meeting recorded."))
        else:
            messages.error(request, _("Give the meeting's date and topic."))
        return HttpResponseRedirect(self.tandem.get_absolute_url())


class TandemGoalsView(TandemMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = GoalsForm(request.POST)
        if form.is_valid():
            services.tandem_goals_update(tandem=self.tandem, by=self.actor, **form.cleaned_data)
            messages.success(request, _("Goals saved."))
        return HttpResponseRedirect(self.tandem.get_absolute_url())


class TandemFinishView(TandemMixin, FormView):
    form_class = FinishForm
    template_name = "certification/form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Finish the tandem"), back=self.tandem.get_absolute_url(), **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.tandem_finish(
                tandem=self.tandem, by=self.actor, **cleaned(form)
            ),
            success_message=_("Tandem finished."),
            invalid=self.form_invalid,
        )
