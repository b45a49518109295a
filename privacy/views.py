"""Access and erasure pages: thin views over `privacy.services`, for leads and admins."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from crm.access import LeadRequiredMixin
from privacy import selectors, services
from privacy.forms import RetentionHoldForm, RetentionPolicyForm
from privacy.models import PrivacyRequest, RetentionHold

ERASED_MESSAGE = _("The person was erased. The erasure is logged without personal data.")
POLICY_SAVED = _("Retention periods saved.")
HOLD_SAVED = _("The record is kept; retention leaves it alone until you release it.")
HOLD_NEEDS_REASON = _("Give a reason for keeping the record.")
HOLD_RELEASED = _("The record follows its retention period again.")


class ContactAccessView(LeadRequiredMixin, TemplateView):
    """GET: what the access package holds; POST: the ZIP, served here and stored nowhere."""

    template_name = "privacy/access_confirm.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contact = selectors.contact_get(team=self.team, pk=self.kwargs["pk"])
        return super().get_context_data(contact=contact, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        contact = selectors.contact_get(team=self.team, pk=self.kwargs["pk"])
        content = services.person_export(contact=contact, actor=self.actor)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="auskunft-kontakt-{contact.pk}.zip"'
        )
        response["Cache-Control"] = "no-store"
        return response


class ContactEraseView(LeadRequiredMixin, TemplateView):
    """GET: what the erasure will change, by kind; POST: erase, in one transaction."""

    template_name = "privacy/erase_confirm.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contact = selectors.contact_get(team=self.team, pk=self.kwargs["pk"])
        plan = selectors.erasure_plan(contact=contact)
        return super().get_context_data(contact=contact, rows=selectors.plan_rows(plan), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        contact = selectors.contact_get(team=self.team, pk=self.kwargs["pk"])
        block = request.POST.get("block") == "on" or None
        services.person_erase(contact=contact, actor=self.actor, block=block)
        messages.success(request, ERASED_MESSAGE)
        return HttpResponseRedirect(contact.company.get_absolute_url())


class PrivacyLogView(LeadRequiredMixin, ListView):
    """The team's log of access requests, erasures and retention runs."""

    template_name = "privacy/log.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return selectors.privacy_requests(team=self.team)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(kinds=PrivacyRequest.Kind, **kwargs)


class RetentionView(LeadRequiredMixin, TemplateView):
    """The retention periods, what falls due in the next 30 days, and the records kept."""

    template_name = "privacy/retention.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        policy = selectors.retention_policy(team=self.team)
        kwargs.setdefault("form", RetentionPolicyForm(instance=policy))
        return super().get_context_data(
            upcoming=selectors.retention_upcoming(team=self.team, policy=policy),
            holds=selectors.retention_holds(team=self.team),
            hold_form=RetentionHoldForm(),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RetentionPolicyForm(
            request.POST, instance=selectors.retention_policy(team=self.team)
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.retention_policy_update(team=self.team, actor=self.actor, **form.cleaned_data)
        messages.success(request, POLICY_SAVED)
        return HttpResponseRedirect(reverse("privacy:retention"))


class RetentionHoldView(LeadRequiredMixin, View):
    """Keep one record ("behalten") with a reason; POST only."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RetentionHoldForm(request.POST)
        if not form.is_valid():
            messages.error(request, HOLD_NEEDS_REASON)
            return HttpResponseRedirect(reverse("privacy:retention"))
        try:
            services.retention_hold_add(team=self.team, actor=self.actor, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, HOLD_SAVED)
        return HttpResponseRedirect(reverse("privacy:retention"))


class RetentionReleaseView(LeadRequiredMixin, View):
    """Let a kept record follow its retention period again; POST only."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hold = get_object_or_404(RetentionHold, team=self.team, pk=pk)
        services.retention_hold_release(hold=hold, actor=self.actor)
        messages.success(request, HOLD_RELEASED)
        return HttpResponseRedirect(reverse("privacy:retention"))
