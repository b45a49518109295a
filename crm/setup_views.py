"""Pipeline setup for the team's leads: stages and lost reasons.

What used to need the Django administration (which is for superusers only)
has its own pages here. Every write goes through `crm.services`, which checks
the lead role again.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from crm import selectors, services
from crm.access import LeadRequiredMixin
from crm.forms import LostReasonCreateForm, LostReasonForm, StageForm
from crm.forms_views import add_service_errors, cleaned
from crm.models import Stage


def _setup_url() -> str:
    return reverse("pipeline_setup")


class PipelineSetupView(LeadRequiredMixin, TemplateView):
    """The team's pipelines with their stages, and the catalogue of lost reasons.

    Posting the page adds a lost reason.
    """

    template_name = "crm/setup/pipeline_setup.html"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = LostReasonCreateForm(request.POST)
        if form.is_valid():
            try:
                services.lost_reason_create(team=self.team, by=self.actor, **cleaned(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Lost reason added."))
                return HttpResponseRedirect(_setup_url() + "#lost-reasons")
        return self.render_to_response(self.get_context_data(lost_reason_form=form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        pipelines = list(selectors.pipelines_for_team(team=self.team))
        stages = list(selectors.stages_for_team(team=self.team))
        for pipeline in pipelines:
            pipeline.setup_stages = [s for s in stages if s.pipeline_id == pipeline.pk]  # type: ignore[attr-defined]
        return super().get_context_data(
            pipelines=pipelines,
            stages_in_use=selectors.stages_in_use(team=self.team),
            lost_reasons=list(selectors.lost_reasons_for_team(team=self.team)),
            **{"lost_reason_form": LostReasonCreateForm(), **kwargs},
        )


class StageUpdateView(LeadRequiredMixin, View):
    template_name = "crm/setup/stage_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        stage = selectors.stage_get(team=self.team, pk=pk)
        return self._render(stage, StageForm(instance=stage))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        stage = selectors.stage_get(team=self.team, pk=pk)
        form = StageForm(request.POST, instance=stage)
        if form.is_valid():
            try:
                services.stage_update(stage=stage, by=self.actor, **cleaned(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Stage saved."))
                return HttpResponseRedirect(_setup_url())
        return self._render(stage, form)

    def _render(self, stage: Stage, form: StageForm) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {"form": form, "stage": stage, "pipeline": stage.pipeline},
        )


class StageCreateView(LeadRequiredMixin, View):
    template_name = "crm/setup/stage_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pipeline = selectors.pipeline_get(team=self.team, pk=pk)
        form = StageForm(instance=Stage(pipeline=pipeline))
        return render(request, self.template_name, {"form": form, "pipeline": pipeline})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pipeline = selectors.pipeline_get(team=self.team, pk=pk)
        form = StageForm(request.POST, instance=Stage(pipeline=pipeline))
        if form.is_valid():
            try:
                stage = services.stage_add(pipeline=pipeline, by=self.actor, **cleaned(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Stage “%(name)s” added.") % {"name": stage.name})
                return HttpResponseRedirect(_setup_url())
        return render(request, self.template_name, {"form": form, "pipeline": pipeline})


class StageRemoveView(LeadRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        stage = selectors.stage_get(team=self.team, pk=pk)
        try:
            services.stage_remove(stage=stage, by=self.actor)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Stage “%(name)s” removed.") % {"name": stage.name})
        return HttpResponseRedirect(_setup_url())


class LostReasonUpdateView(LeadRequiredMixin, View):
    template_name = "crm/setup/lost_reason_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reason = selectors.lost_reason_get(team=self.team, pk=pk)
        form = LostReasonForm(instance=reason)
        return render(request, self.template_name, {"form": form, "reason": reason})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reason = selectors.lost_reason_get(team=self.team, pk=pk)
        form = LostReasonForm(request.POST, instance=reason)
        if form.is_valid():
            try:
                services.lost_reason_update(reason=reason, by=self.actor, **cleaned(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Lost reason saved."))
                return HttpResponseRedirect(_setup_url() + "#lost-reasons")
        return render(request, self.template_name, {"form": form, "reason": reason})
