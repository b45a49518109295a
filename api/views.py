"""The profile page for personal API tokens, and the API's schema and docs."""

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from api import referrals, selectors, services, thanks, thanks_letter
from api.forms import ReferralForm, ThanksLetterForm, TokenForm, WebhookForm
from api.models import ReferralLink
from companies.selectors import partner_get
from crm.access import LeadRequiredMixin, TeamRequiredMixin
from crm.exports import download_name
from crm.forms_views import OnceSubmitMixin, add_service_errors, cleaned, form_submit
from crm.models import AcquisitionCase
from crm.selectors import case_get
from outreach.letters import din5008
from outreach.letters.views import DOCX_TYPE

TOKEN_REVOKED = _("The token “%(name)s” is revoked.")
WEBHOOK_DELETED = _("The webhook is deleted.")
WEBHOOK_REPLAYED = _("The delivery is sent again.")
THANKS_MADE = _("The thank-you letter is made. Download it here, print it and sign it.")


class TokenListView(TeamRequiredMixin, View):
    """The user's tokens with their last use; a new one is shown once, right here."""

    template_name = "api/tokens.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            expires_at = timezone.make_aware(datetime.combine(data["expires_on"], time.max))
            try:
                _token, plain = services.api_token_create(
                    team=self.team,
                    user=self.actor,
                    name=data["name"],
                    read_only=data["read_only"],
                    expires_at=expires_at,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "expires_at" in exc.error_dict:
                    exc = ValidationError({"expires_on": exc.error_dict["expires_at"]})
                add_service_errors(form, exc)
            else:
                return self._page(TokenForm(), new_token=plain, status=201)
        return self._page(form, status=400)

    def _page(self, form: TokenForm, status: int = 200, **extra: Any) -> HttpResponse:
        context = {
            "form": form,
            "tokens": selectors.api_tokens_for_user(user=self.actor),
            "now": timezone.now(),
            **extra,
        }
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = selectors.api_token_get(user=self.actor, pk=pk)
        services.api_token_revoke(token=token, by=self.actor)
        messages.success(request, TOKEN_REVOKED % {"name": token.name})
        return redirect("api_tokens")


class WebhookListView(LeadRequiredMixin, View):
    """A lead's webhooks: register an address, see deliveries, send one again."""

    template_name = "api/webhooks.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(WebhookForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WebhookForm(request.POST)
        if form.is_valid():
            try:
                _webhook, secret = services.webhook_create(
                    team=self.team,
                    by=self.actor,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self._page(WebhookForm(), new_secret=secret, status=201)
        return self._page(form, status=400)

    def _page(self, form: WebhookForm, status: int = 200, **extra: Any) -> HttpResponse:
        context = {
            "form": form,
            "webhooks": selectors.webhooks_for_team(team=self.team),
            "deliveries": selectors.deliveries_for_team(team=self.team),
            **extra,
        }
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"
        return response


class WebhookDeleteView(LeadRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        webhook = selectors.webhook_get(team=self.team, pk=pk)
        services.webhook_delete(webhook=webhook, by=self.actor)
        messages.success(request, WEBHOOK_DELETED)
        return redirect("webhooks")


class WebhookReplayView(LeadRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        delivery = selectors.delivery_get(team=self.team, pk=pk)
        services.webhook_delivery_replay(delivery=delivery, by=self.actor)
        messages.success(request, WEBHOOK_REPLAYED)
        return redirect("webhooks")


REFERRAL_RATE = 10  # submissions per address and hour


class ReferralFormView(View):
    """A partner's form, reached by their signed link (no login)."""

    template_name = "api/referral_form.html"

    def _link(self, token: str) -> Any:
        link = referrals.referral_link_for(token)
        if link is None:
            raise Http404
        return link

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        link = self._link(token)
        return render(
            request, self.template_name, {"form": ReferralForm(), "partner": link.partner}
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        link = self._link(token)
        key = f"api.referral.{request.META.get('REMOTE_ADDR', '')}"
        count = cache.get_or_set(key, 0, timeout=3600) or 0
        if count >= REFERRAL_RATE:
            return render(request, "api/referral_thanks.html", status=429)
        cache.incr(key)
        form = ReferralForm(request.POST)
        if not form.is_valid():
            context = {"form": form, "partner": link.partner}
            return render(request, self.template_name, context, status=400)
        if not form.cleaned_data["homepage"]:
            referrals.referral_submit(link=link, data=form.cleaned_data, today=timezone.localdate())
        return redirect("referral_thanks")


class ReferralThanksView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "api/referral_thanks.html")


class ReferralLinkView(TeamRequiredMixin, View):
    """Staff see a partner's link; a lead makes a new one or revokes it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        partner = partner_get(team=self.team, pk=pk)
        link = ReferralLink.objects.filter(partner=partner, revoked_at__isnull=True).first()
        url = (
            request.build_absolute_uri(
                reverse("referral_form", args=[referrals.referral_token(link)])
            )
            if link
            else ""
        )
        context = {"partner": partner, "url": url}
        response = render(request, "api/referral_link.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        partner = partner_get(team=self.team, pk=pk)
        if request.POST.get("action") == "revoke":
            referrals.referral_link_revoke(partner=partner, by=self.actor)
        else:
            referrals.referral_link_issue(partner=partner, by=self.actor)
        return redirect("referral_link", pk=partner.pk)


# ------------------------------------------------------------------------------
# Thank-you letters to referring partners
# ------------------------------------------------------------------------------
class ThanksLetterView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    """The suggested thank-you letter of a won referral case: edit it, then make it."""

    form_class = ThanksLetterForm
    template_name = "api/thanks_letter_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.suggestion: thanks.ThanksSuggestion | None = None
        return super().dispatch(request, *args, **kwargs)

    def get_suggestion(self) -> thanks.ThanksSuggestion:
        if self.suggestion is None:
            case = case_get(team=self.team, pk=self.kwargs["pk"])
            found = thanks.thanks_for_case(case=case)
            if found is None:
                raise _NotDue(case)
            self.suggestion = found
        return self.suggestion

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.get_suggestion()
        except _NotDue as not_due:
            return not_due.response(request)
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.get_suggestion()
        except _NotDue as not_due:
            return not_due.response(request)
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        suggestion = self.get_suggestion()
        language = thanks.letter_language()
        latest = suggestion.latest
        if latest is not None:
            # Made before: start from what was written then, not from the suggestion.
            return {"subject": latest.subject, "salutation": latest.salutation, "text": latest.text}
        return {
            "subject": thanks_letter.suggested_subject(),
            "salutation": thanks_letter.suggested_salutation(suggestion.facts, language),
            "text": thanks_letter.suggested_text(suggestion.facts, language),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        suggestion = self.get_suggestion()
        address = din5008.address_lines(thanks_letter.recipient(suggestion.facts))
        return super().get_context_data(
            suggestion=suggestion, case=suggestion.case, address=address, **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        case = self.get_suggestion().case
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: thanks.thanks_letter_create(
                case=case, by=self.actor, language=thanks.letter_language(), **cleaned(form)
            ),
            success_message=str(THANKS_MADE),
            invalid=self.form_invalid,
        )

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class _NotDue(Exception):
    """The case calls for no thank-you letter (not won, or no referring partner)."""

    def __init__(self, case: AcquisitionCase) -> None:
        super().__init__(case.pk)
        self.case = case

    def response(self, request: HttpRequest) -> HttpResponse:
        message = thanks.NO_PARTNER if self.case.referred_by_id is None else thanks.NOT_WON
        messages.info(request, message)
        return redirect(self.case)


class ThanksLetterDownloadView(TeamRequiredMixin, View):
    """A thank-you letter made before, as its DOCX (made again from the recorded text)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        letter = thanks.thanks_letter_get(team=self.team, pk=pk)
        name = download_name(_("Thank-you letter"), letter.case.company.full_name, extension="docx")
        response = HttpResponse(thanks.thanks_letter_docx(letter), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
