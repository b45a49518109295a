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

from api import referrals, selectors, services
from api.forms import ReferralForm, TokenForm, WebhookForm
from api.models import ReferralLink
from companies.selectors import partner_get
from crm.access import LeadRequiredMixin, TeamRequiredMixin
from crm.forms_views import add_service_errors

TOKEN_REVOKED = _("The token “%(name)s” is revoked.")
WEBHOOK_DELETED = _("The webhook is deleted.")
WEBHOOK_REPLAYED = _("The delivery is sent again.")


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
