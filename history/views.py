"""The history of a record, the team's protocol, and the record of processing."""

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from crm.access import LEADS_ONLY_MESSAGE, TeamRequiredMixin
from crm.exports import download_name
from crm.models import Membership
from history import display, processing, selectors, services
from history.forms import ProcessingRecordForm, ProtocolFilterForm

PAGE_SIZE = 50
SECTION_SIZE = 10

# The records with a history section: the model, and the path to its team.
RECORD_KINDS: dict[str, tuple[str, str]] = {
    "company": ("companies.Company", "team"),
    "contact": ("companies.Contact", "company__team"),
    "case": ("crm.AcquisitionCase", "team"),
    "statement": ("benefits.BenefitStatement", "team"),
}

SAVED = gettext_lazy("The record of processing activities was saved.")


class LeadOrSuperuserMixin(TeamRequiredMixin):
    """Team leads and administrators of the active team, and superusers."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        membership = getattr(request, "membership", None)
        if (
            request.user.is_authenticated
            and membership is not None
            and not (membership.is_lead or request.user.is_superuser)
        ):
            raise PermissionDenied(LEADS_ONLY_MESSAGE)
        return super().dispatch(request, *args, **kwargs)


def _page(request: HttpRequest, entries: Any, size: int) -> Any:
    page = Paginator(entries, size).get_page(request.GET.get("page"))
    page.rows = display.rows_for(list(page.object_list))  # type: ignore[attr-defined]
    return page


class RecordHistoryView(TeamRequiredMixin, TemplateView):
    """The changes of one company, contact, case or statement of the team (newest first)."""

    template_name = "history/record.html"

    def get_record(self) -> models.Model:
        try:
            label, team_path = RECORD_KINDS[self.kwargs["kind"]]
        except KeyError:
            raise Http404 from None
        model = apps.get_model(label)
        return get_object_or_404(model, pk=self.kwargs["pk"], **{team_path: self.team})

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["history/_section.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record = self.get_record()
        size = SECTION_SIZE if getattr(self.request, "htmx", False) else PAGE_SIZE
        context.update(
            record=record,
            kind=self.kwargs["kind"],
            record_url=getattr(record, "get_absolute_url", lambda: "")(),
            page=_page(self.request, selectors.entries_for_object(record), size),
        )
        return context


class ProtocolView(LeadOrSuperuserMixin, TemplateView):
    """The team's Änderungsprotokoll: every change, filtered by person, record, action, date."""

    template_name = "history/protocol.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        members = Membership.objects.filter(team=self.team).select_related("user")
        people = [(m.user_id, display.user_name(m.user)) for m in members]
        form = ProtocolFilterForm(
            self.request.GET or None,
            people=sorted(people, key=lambda person: person[1].lower()),
            action_names=selectors.action_names_for_team(self.team),
        )
        entries = selectors.entries_for_team(self.team, form.filters())
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=_page(self.request, entries, PAGE_SIZE),
            query=query.urlencode(),
        )
        return context


class ProcessingRecordView(LeadOrSuperuserMixin, FormView):
    """The team's record of processing activities (Art. 30 DSGVO), with its editable parts."""

    template_name = "history/processing.html"
    form_class = ProcessingRecordForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = services.processing_record_for(team=self.team)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["activities"] = processing.activities_for(team=self.team)
        context["measures"] = processing.MEASURES
        context["record"] = services.processing_record_for(team=self.team)
        context["not_legal_advice"] = processing.NOT_LEGAL_ADVICE
        context["no_recipients"] = processing.NO_RECIPIENTS
        return context

    def form_valid(self, form: ProcessingRecordForm) -> HttpResponse:
        services.processing_record_update(team=self.team, by=self.actor, **form.cleaned_data)
        messages.success(self.request, SAVED)
        return redirect("history:processing")


class ProcessingRecordExportView(LeadOrSuperuserMixin, TemplateView):
    """The record of processing activities as a Word document for the DPO."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = services.processing_record_for(team=self.team)
        content = processing.processing_docx(
            team=self.team, record=record, activities=processing.activities_for(team=self.team)
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        name = download_name(_("Record of processing activities"), self.team.name, extension="docx")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
