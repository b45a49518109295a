"""Access and erasure pages: thin views over `privacy.services`, for leads and admins."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from crm.access import LeadRequiredMixin
from privacy import selectors, services
from privacy.models import PrivacyRequest

ERASED_MESSAGE = _("The person was erased. The erasure is logged without personal data.")


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
