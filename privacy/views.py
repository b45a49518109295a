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

from companies.models import Contact, NetworkPartner
from crm.access import LeadRequiredMixin
from privacy import selectors, services
from privacy.forms import RetentionHoldForm, RetentionPolicyForm
from privacy.models import PrivacyRequest, RetentionHold

ERASED_MESSAGE = _("The person was erased. The erasure is logged without personal data.")
POLICY_SAVED = _("Retention periods saved.")
HOLD_SAVED = _("The record is kept; retention leaves it alone until you release it.")
HOLD_NEEDS_REASON = _("Give a reason for keeping the record.")
HOLD_RELEASED = _("The record follows its retention period again.")


class _AccessView(LeadRequiredMixin, TemplateView):
    """GET: what the access package holds; POST: the ZIP, served here and stored nowhere."""

    template_name = "privacy/access_confirm.html"
    prefix = ""

    def get_record(self) -> Contact | NetworkPartner:
        raise NotImplementedError

    def export(self, record: Any) -> bytes:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**_about(self.get_record()), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.get_record()
        response = HttpResponse(self.export(record), content_type="application/zip")
        filename = f"auskunft-{self.prefix}-{record.pk}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class _EraseView(LeadRequiredMixin, TemplateView):
    """GET: what the erasure will change, by kind; POST: erase, in one transaction."""

    template_name = "privacy/erase_confirm.html"

    def get_record(self) -> Contact | NetworkPartner:
        raise NotImplementedError

    def plan(self, record: Any) -> selectors.ErasurePlan:
        raise NotImplementedError

    def erase(self, record: Any, block: bool) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        record = self.get_record()
        rows = selectors.plan_rows(self.plan(record))
        return super().get_context_data(rows=rows, **_about(record), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.get_record()
        back = _about(record)["done_url"]
        self.erase(record, request.POST.get("block") == "on")
        messages.success(request, ERASED_MESSAGE)
        return HttpResponseRedirect(back)


def _about(record: Contact | NetworkPartner) -> dict[str, Any]:
    """What the confirmation pages say about whom they concern, and where they lead back."""
    if isinstance(record, Contact):
        return {
            "name": record.full_name,
            "back_url": record.get_absolute_url(),
            "done_url": record.company.get_absolute_url(),
            "objected": bool(record.objected_at or record.do_not_contact),
        }
    return {
        "name": f"{record.person_name} ({record.name})",
        "back_url": record.get_absolute_url(),
        "done_url": record.get_absolute_url(),
        "objected": False,
        "partner": record,
    }


class ContactAccessView(_AccessView):
    prefix = "kontakt"

    def get_record(self) -> Contact:
        return selectors.contact_get(team=self.team, pk=self.kwargs["pk"])

    def export(self, record: Contact) -> bytes:
        return services.person_export(contact=record, actor=self.actor)


class ContactEraseView(_EraseView):
    def get_record(self) -> Contact:
        return selectors.contact_get(team=self.team, pk=self.kwargs["pk"])

    def plan(self, record: Contact) -> selectors.ErasurePlan:
        return selectors.erasure_plan(contact=record)

    def erase(self, record: Contact, block: bool) -> None:
        # Unticked keeps the default: a person who objected is always blocked.
        services.person_erase(contact=record, actor=self.actor, block=block or None)


class PartnerAccessView(_AccessView):
    prefix = "partner"

    def get_record(self) -> NetworkPartner:
        return selectors.partner_person_get(team=self.team, pk=self.kwargs["pk"])

    def export(self, record: NetworkPartner) -> bytes:
        return services.partner_person_export(partner=record, actor=self.actor)


class PartnerEraseView(_EraseView):
    def get_record(self) -> NetworkPartner:
        return selectors.partner_person_get(team=self.team, pk=self.kwargs["pk"])

    def plan(self, record: NetworkPartner) -> selectors.ErasurePlan:
        return selectors.partner_erasure_plan(partner=record)

    def erase(self, record: NetworkPartner, block: bool) -> None:
        services.partner_person_erase(partner=record, actor=self.actor, block=block)


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
