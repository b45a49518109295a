"""Pages for letters: a case's letter (preview, generate, download), the team's
letterhead and templates, and a campaign's letters made in the background."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from crm import selectors as crm_selectors
from crm.access import LeadRequiredMixin, TeamRequiredMixin
from crm.exports import download_name
from crm.files import private_file_response
from crm.forms_views import add_service_errors
from crm.models import AcquisitionCase
from crm.navigation import url_with_next
from crm.page_cache import CachedPageMixin
from outreach import selectors, services
from outreach.letters import compose, din5008
from outreach.letters import selectors as letter_selectors
from outreach.letters import services as letter_services
from outreach.letters.forms import LetterForm, LetterSettingsForm, LetterTemplateUploadForm
from outreach.models import LetterBatch
from outreach.presenting import findings_for_display

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ------------------------------------------------------------------------------
# A case's letter
# ------------------------------------------------------------------------------
class CaseLetterView(TeamRequiredMixin, CachedPageMixin, View):
    """Preview the case's letter (GET), then generate it (POST): the checks speak first."""

    template_name = "outreach/letter_preview.html"

    def get_case(self) -> AcquisitionCase:
        return crm_selectors.case_get(team=self.team, pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case()
        form = LetterForm(request.GET or None, case=case)
        return self._page(case, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case()
        form = LetterForm(request.POST, case=case)
        if not form.is_valid():
            return self._page(case, form)
        data = form.cleaned_data
        try:
            letter = letter_services.letter_generate(
                case=case,
                by=self.actor,
                contact=data["contact"],
                template=data["template"],
                subject=data["subject"],
                override_reason=data["override_reason"],
            )
        except services.OutreachChecked as checked:
            if not checked.blocked and request.POST.get("go_ahead"):
                form.add_error("override_reason", services.OVERRIDE_REASON_REQUIRED)
            return self._page(
                case,
                form,
                findings=findings_for_display(checked.findings, back=request.path),
                blocked=checked.blocked,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._page(case, form)
        messages.success(
            request,
            _("Letter version %(version)s generated and logged as a letter touchpoint.")
            % {"version": letter.version},
        )
        return redirect(reverse("cases:detail", args=[case.pk]) + "#letters")

    def _page(self, case: AcquisitionCase, form: LetterForm, **extra: Any) -> HttpResponse:
        context: dict[str, Any] = {"case": case, "form": form, **extra}
        if not form.is_bound or form.is_valid():
            data = form.cleaned_data if form.is_bound else form.initial
            contact = data.get("contact")
            if isinstance(contact, int):
                contact = case.company.contacts.filter(pk=contact).first()
            try:
                prepared = letter_services.letter_prepare(
                    case=case,
                    by=self.actor,
                    contact=contact,
                    template=data.get("template"),
                    subject=data.get("subject"),
                )
            except ValidationError as exc:
                if form.is_bound:
                    add_service_errors(form, exc)
                else:
                    context["problems"] = exc.messages
                context["fixes"] = _fixes(case, exc, back=self.request.get_full_path())
            else:
                context["preview"] = _preview(prepared)
        return render(self.request, self.template_name, context)


ADDRESS_FIX = gettext_lazy("Enter the company's postal address")
STATEMENT_FIX = gettext_lazy("Draft the benefit statement")


def _codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code or "" for errors in exc.error_dict.values() for e in errors}
    return {e.code or "" for e in exc.error_list}


def _fixes(case: AcquisitionCase, exc: ValidationError, *, back: str) -> list[tuple[str, str]]:
    """Links to where what the letter lacks is entered; saved, they return to the letter."""
    fixes = []
    codes = _codes(exc)
    if "no_address" in codes:
        url = reverse("companies:update", args=[case.company_id])
        fixes.append((str(ADDRESS_FIX), url_with_next(url, back)))
    if "no_statement" in codes:
        url = reverse("benefits:statement_draft", args=[case.company_id])
        fixes.append((str(STATEMENT_FIX), url))
    return fixes


def _preview(prepared: letter_services.CaseLetter) -> dict[str, Any]:
    letter = prepared.draft.letter
    if prepared.template is not None:
        return {"template": prepared.template, "paragraphs": prepared.text.split("\n")}
    return {
        "form": letter.form,
        "return_address": din5008.return_address_line(letter.sender),
        "address": din5008.address_lines(letter.recipient),
        "info": din5008.info_rows(letter),
        "blocks": din5008.preview_blocks(letter),
        "sender": letter.sender,
        "footer": list(letter.letterhead.footer_lines),
        "first": prepared.first,
    }


class LetterDownloadView(TeamRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        letter = letter_selectors.letter_get(team=self.team, pk=pk)
        return private_file_response(letter.file, filename=letter.filename, content_type=DOCX_TYPE)


# ------------------------------------------------------------------------------
# Letterhead and templates (team leads)
# ------------------------------------------------------------------------------
class LetterSettingsView(LeadRequiredMixin, TemplateView):
    template_name = "outreach/letter_settings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        settings = letter_selectors.letter_settings_for_team(team=self.team)
        kwargs.setdefault("form", LetterSettingsForm(instance=settings))
        kwargs.setdefault("upload_form", LetterTemplateUploadForm())
        return super().get_context_data(
            settings=settings,
            templates=letter_selectors.letter_templates_for_team(team=self.team),
            placeholders=compose.PLACEHOLDERS,
            **kwargs,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        # One page, two forms: the letterhead, and a template upload.
        if "upload" in request.POST:
            return self._upload(request)
        settings = letter_selectors.letter_settings_for_team(team=self.team)
        form = LetterSettingsForm(request.POST, request.FILES, instance=settings)
        if form.is_valid():
            try:
                letter_services.letter_settings_update(
                    team=self.team, by=self.actor, **form.service_fields()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Letterhead saved."))
                return redirect("outreach:letter_settings")
        return self.render_to_response(self.get_context_data(form=form))

    def _upload(self, request: HttpRequest) -> HttpResponse:
        form = LetterTemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                template = letter_services.letter_template_upload(
                    team=self.team,
                    by=self.actor,
                    name=form.cleaned_data["name"],
                    file=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Template “%(name)s” checked and saved.") % {"name": template.name},
                )
                return redirect("outreach:letter_settings")
        return self.render_to_response(self.get_context_data(upload_form=form))


class LetterTemplateActiveView(LeadRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = letter_selectors.letter_template_get(team=self.team, pk=pk)
        active = request.POST.get("active") == "1"
        letter_services.letter_template_set_active(template=template, by=self.actor, active=active)
        return redirect("outreach:letter_settings")


class LetterTemplateDownloadView(TeamRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        template = letter_selectors.letter_template_get(team=self.team, pk=pk)
        name = download_name(template.name, extension="docx")
        return private_file_response(template.file, filename=name, content_type=DOCX_TYPE)


class LetterheadLogoView(LeadRequiredMixin, View):
    """The team's letterhead logo, for the lead who keeps the letterhead."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        settings = letter_selectors.letter_settings_for_team(team=self.team)
        extension = (settings.logo.name or "").rsplit(".", 1)[-1].lower()
        name = download_name(settings.sender_name, "Logo", extension=extension or "png")
        return private_file_response(settings.logo, filename=name)


# ------------------------------------------------------------------------------
# A campaign's letters
# ------------------------------------------------------------------------------
def _batch_context(campaign: Any, batch: LetterBatch | None) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "batch": batch,
        "stalled": batch is not None and letter_services.batch_stalled(batch),
    }


class CampaignLettersView(TeamRequiredMixin, View):
    """Start (or resume) a campaign's letters; GET from htmx returns the progress panel."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = selectors.campaign_get(team=self.team, pk=pk)
        batch = letter_selectors.batch_for_campaign(campaign=campaign)
        if not request.htmx:  # type: ignore[attr-defined]
            return redirect(campaign)
        return render(
            request, "outreach/partials/letter_batch.html", _batch_context(campaign, batch)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = selectors.campaign_get(team=self.team, pk=pk)
        errors: list[str] = []
        try:
            letter_services.letter_batch_start(campaign=campaign, by=self.actor)
        except ValidationError as exc:
            errors = exc.messages
        if request.htmx:  # type: ignore[attr-defined]
            batch = letter_selectors.batch_for_campaign(campaign=campaign)
            context = {**_batch_context(campaign, batch), "errors": errors}
            return render(request, "outreach/partials/letter_batch.html", context)
        for message in errors:
            messages.error(request, message)
        if not errors:
            messages.success(request, _("The letters are being generated."))
        return redirect(campaign)


class BatchArchiveView(TeamRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        batch = letter_selectors.batch_get(team=self.team, pk=pk)
        if not batch.archive:
            raise Http404(_("The ZIP file is not ready yet."))
        name = download_name(batch.campaign.name, _("letters"), extension="zip")
        return private_file_response(batch.archive, filename=name, content_type="application/zip")
