"""Pages for companies, their contacts, and network partners."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_htmx.http import HttpResponseClientRefresh
from django_tables2 import SingleTableMixin

from companies import importing, selectors, services, tabular
from companies.filters import CompanyFilter, NetworkPartnerFilter
from companies.forms import (
    CompanyForm,
    CompanyMergeForm,
    ContactForm,
    ImportMappingForm,
    ImportStartForm,
    ImportUploadForm,
    NetworkPartnerForm,
    TieForm,
    confirmed_distinct_ids,
)
from companies.matching import Relation
from companies.models import Company, Contact, ImportJob, NetworkPartner, Tie
from companies.tables import CompanyTable, NetworkPartnerTable
from crm.access import TeamRequiredMixin
from crm.exports import download_name
from crm.files import private_file_response
from crm.forms_views import OnceSubmitMixin, cleaned, form_submit
from crm.navigation import next_url
from crm.page_cache import CachedPageMixin

PAGE_SIZE = 25


# ------------------------------------------------------------------------------
# Companies
# ------------------------------------------------------------------------------
class CompanyListView(TeamRequiredMixin, CachedPageMixin, SingleTableMixin, FilterView):
    table_class = CompanyTable
    filterset_class = CompanyFilter
    template_name = "companies/company_list.html"
    table_pagination = {"per_page": PAGE_SIZE}

    def get_queryset(self) -> QuerySet[Company]:
        return selectors.companies_for_team(team=self.team)

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(filterset_class), "team": self.team}


class CompanyDetailView(TeamRequiredMixin, CachedPageMixin, DetailView):
    template_name = "companies/company_detail.html"
    context_object_name = "company"

    def get_object(self, queryset: QuerySet[Company] | None = None) -> Company:
        return selectors.company_get(team=self.team, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["contacts"] = selectors.contacts_for_company(company=self.object)
        context["partner_records"] = self.object.partner_records.all()
        candidates = selectors.company_duplicate_candidates(
            team=self.team, company=self.object, limit=3
        )
        # Another legal entity of the same group is offered as related, not as a duplicate.
        context["duplicates"] = [c for c in candidates if c.match.relation == Relation.SAME]
        context["related_candidates"] = [
            c for c in candidates if c.match.relation == Relation.RELATED
        ]
        context["related_companies"] = selectors.company_group_members(company=self.object)
        context["merges"] = selectors.company_merges(company=self.object)
        context["ties"] = selectors.ties_for_company(company=self.object)
        context["tie_query"] = f"company={self.object.pk}"
        return context


class DuplicateCheckMixin(TeamRequiredMixin):
    """Before saving a company, show the team's companies it may duplicate.

    The user opens one of them, or confirms a different company: then the form
    is saved and the pairs are recorded, so they are not suggested again. A
    candidate that appeared since the warning was shown is warned about anew.
    """

    request: HttpRequest

    def check_duplicates(self, form: Any, save: Any) -> HttpResponse:
        candidates = selectors.company_duplicate_candidates(team=self.team, company=form.instance)
        # Another legal entity of the same group (a holding, the KG beside the
        # GmbH) is not a duplicate: it is named as related and never stops the form.
        duplicates = [c for c in candidates if c.match.relation == Relation.SAME]
        related = [c for c in candidates if c.match.relation == Relation.RELATED]
        shown = {candidate.company.pk for candidate in duplicates}
        if duplicates and not shown <= confirmed_distinct_ids(self.request):
            return self.render_to_response(  # type: ignore[attr-defined]
                self.get_context_data(  # type: ignore[attr-defined]
                    form=form, duplicates=duplicates, related_candidates=related
                )
            )
        message = _("Company saved.")
        if related:
            names = ", ".join(candidate.company.full_name for candidate in related)
            message += " " + _(
                "It probably belongs with %(names)s (another legal entity of one group): "
                "link them on its page."
            ) % {"names": names}
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: save([candidate.company for candidate in duplicates]),
            success_message=message,
            invalid=self.form_invalid,  # type: ignore[attr-defined]
            redirect_to=next_url(self.request),
        )


class CompanyCreateView(OnceSubmitMixin, DuplicateCheckMixin, FormView):
    form_class = CompanyForm
    template_name = "companies/company_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        form.instance.team = self.team
        return self.check_duplicates(
            form,
            lambda distinct: services.company_create(
                team=self.team,
                by=self.actor,
                distinct_from=distinct,
                recheck_duplicates=True,
                **cleaned(form),
            ),
        )


class CompanyUpdateView(DuplicateCheckMixin, UpdateView):
    form_class = CompanyForm
    template_name = "companies/company_form.html"
    context_object_name = "company"

    def get_object(self, queryset: QuerySet[Company] | None = None) -> Company:
        return selectors.company_get(team=self.team, pk=self.kwargs["pk"])

    def form_valid(self, form: Any) -> HttpResponse:
        return self.check_duplicates(
            form,
            lambda distinct: services.company_update(
                company=self.object, by=self.actor, distinct_from=distinct, **cleaned(form)
            ),
        )


class CompanyDeleteView(TeamRequiredMixin, TemplateView):
    template_name = "companies/confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        company = selectors.company_get(team=self.team, pk=self.kwargs["pk"])
        contact_count = company.contacts.count()
        consequences = ""
        if contact_count:
            consequences = ngettext(
                "Its contact person will be deleted too.",
                "Its %(count)s contact persons will be deleted too.",
                contact_count,
            ) % {"count": contact_count}
        return super().get_context_data(
            object=company,
            cancel_url=company.get_absolute_url(),
            consequences=consequences,
            **kwargs,
        )

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        company = selectors.company_get(team=self.team, pk=self.kwargs["pk"])
        services.company_delete(company=company, by=self.actor)
        messages.success(request, _("%(name)s was deleted.") % {"name": company.full_name})
        return HttpResponseRedirect(reverse("companies:list"))


# ------------------------------------------------------------------------------
# Duplicates: review, confirm as different, merge
# ------------------------------------------------------------------------------
class DuplicateReviewView(TeamRequiredMixin, TemplateView):
    template_name = "companies/duplicates.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(review=selectors.duplicate_review(team=self.team), **kwargs)


class RelateView(TeamRequiredMixin, View):
    """POST: two companies are related (one group, different legal entities)."""

    def post(self, request: HttpRequest, a: int, b: int) -> HttpResponse:
        company = selectors.company_get(team=self.team, pk=a)
        other = selectors.company_get(team=self.team, pk=b)
        try:
            services.company_relate(company=company, other=other, by=self.actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Noted: %(a)s and %(b)s are related companies.")
                % {"a": company.full_name, "b": other.full_name},
            )
        return redirect(_safe_next(request) or reverse("companies:duplicates"))


class UnrelateView(TeamRequiredMixin, View):
    """POST: take a company out of its group of related companies."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        company = selectors.company_get(team=self.team, pk=pk)
        services.company_unrelate(company=company, by=self.actor)
        messages.success(
            request,
            _("%(name)s no longer belongs with other companies.") % {"name": company.full_name},
        )
        return redirect(company.get_absolute_url())


class DistinctConfirmView(TeamRequiredMixin, View):
    """POST: two companies are different; they are not suggested as duplicates again."""

    def post(self, request: HttpRequest, a: int, b: int) -> HttpResponse:
        company = selectors.company_get(team=self.team, pk=a)
        other = selectors.company_get(team=self.team, pk=b)
        try:
            services.companies_mark_distinct(company=company, other=other, by=self.actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Noted: %(a)s and %(b)s are different companies.")
                % {"a": company.full_name, "b": other.full_name},
            )
        return redirect(_safe_next(request) or reverse("companies:duplicates"))


def _safe_next(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class CompanyMergeView(TeamRequiredMixin, FormView):
    """Merge `merged` into `survivor`: choose the surviving values, then confirm."""

    template_name = "companies/merge.html"
    form_class = CompanyMergeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if kwargs["survivor"] == kwargs["merged"]:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        self.survivor = selectors.company_get(team=self.team, pk=self.kwargs["survivor"])
        self.merged = selectors.company_get(team=self.team, pk=self.kwargs["merged"])
        return {**super().get_form_kwargs(), "survivor": self.survivor, "merged": self.merged}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            survivor=self.survivor,
            merged=self.merged,
            match=selectors.companies_compare(a=self.survivor, b=self.merged),
            moving=selectors.company_related_counts(company=self.merged),
        )
        return context

    def form_valid(self, form: CompanyMergeForm) -> HttpResponse:
        def merge() -> Company:
            services.company_merge(
                survivor=self.survivor,
                merged=self.merged,
                field_choices=form.field_choices(),
                by=self.actor,
            )
            return self.survivor

        return form_submit(
            request=self.request,
            form=form,
            action=merge,
            success_message=_("%(merged)s was merged into %(survivor)s.")
            % {"merged": self.merged.full_name, "survivor": self.survivor.full_name},
            invalid=self.form_invalid,
        )


# ------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------
class ImportView(TeamRequiredMixin, FormView):
    """Upload a file; the recent imports below."""

    template_name = "companies/import.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        jobs = selectors.import_jobs_for_team(team=self.team)[:10]
        return super().get_context_data(jobs=jobs, **kwargs)

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        try:
            job = services.import_job_create(
                team=self.team, by=self.actor, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(job.get_absolute_url())


class ImportDetailView(TeamRequiredMixin, TemplateView):
    """One import: assign columns, watch the check, read the report, start the import."""

    template_name = "companies/import_detail.html"

    def get_job(self) -> ImportJob:
        return selectors.import_job_get(team=self.team, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        job = kwargs.pop("job", None) or self.get_job()
        context = super().get_context_data(job=job, **kwargs)
        if "mapping_form" not in context and job.status in {
            ImportJob.Status.UPLOADED,
            ImportJob.Status.ANALYSED,
            ImportJob.Status.FAILED,
        }:
            context["mapping_form"] = ImportMappingForm(columns=job.columns, mapping=job.mapping)
        if job.status == ImportJob.Status.ANALYSED:
            context["start_form"] = ImportStartForm()
        context["outcomes"] = importing.Outcome
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_job()
        form = ImportMappingForm(request.POST, columns=job.columns, mapping=job.mapping)
        if form.is_valid():
            try:
                services.import_job_check(job=job, mapping=form.mapping(), by=self.actor)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(job.get_absolute_url())
        return self.render_to_response(self.get_context_data(job=job, mapping_form=form))


class ImportStartView(TeamRequiredMixin, View):
    """POST: import the checked rows."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get(team=self.team, pk=pk)
        form = ImportStartForm(request.POST)
        form.is_valid()
        try:
            services.import_job_start(
                job=job,
                import_duplicates=form.cleaned_data.get("import_duplicates", False),
                by=self.actor,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(job.get_absolute_url())


# Python's codec names → the charset names browsers know.
_CHARSETS = {"utf-8-sig": "utf-8", "cp1252": "windows-1252"}


class ImportRejectedView(TeamRequiredMixin, View):
    """GET: the rows that cannot be imported, as a CSV like the upload, reasons last."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get(team=self.team, pk=pk)
        rows = importing.rejected_rows(job.report, width=len(job.columns))
        if not rows:
            raise Http404
        encoding = job.encoding or "utf-8-sig"
        response = HttpResponse(
            tabular.table_csv(
                [*job.columns, str(importing.REASON_COLUMN)],
                rows,
                delimiter=job.delimiter,
                encoding=encoding,
            ),
            content_type=f"text/csv; charset={_CHARSETS.get(encoding, encoding)}",
        )
        stem = job.original_name.rsplit(".", 1)[0]
        name = download_name(stem, _("rejected rows"), extension="csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportFileView(TeamRequiredMixin, View):
    """GET: the uploaded file itself, while it is kept (until the import is done)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        job = selectors.import_job_get(team=self.team, pk=pk)
        stem, _dot, extension = job.original_name.rpartition(".")
        name = download_name(stem or extension, extension=job.file_format)
        return private_file_response(job.file, filename=name)


class ImportProgressView(TeamRequiredMixin, TemplateView):
    """The progress bar, polled by htmx; reloads the page once the task is done."""

    template_name = "companies/includes/import_progress.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = selectors.import_job_get(team=self.team, pk=self.kwargs["pk"])
        if not job.is_running and request.htmx:  # type: ignore[attr-defined]
            return HttpResponseClientRefresh()
        return self.render_to_response(self.get_context_data(job=job))


# ------------------------------------------------------------------------------
# Contacts
# ------------------------------------------------------------------------------
class ContactCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    form_class = ContactForm
    template_name = "companies/contact_form.html"

    def get_company(self) -> Company:
        return selectors.company_get(team=self.team, pk=self.kwargs["company_pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(company=self.get_company(), **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        company = self.get_company()
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: (
                services.contact_create(company=company, by=self.actor, **cleaned(form)).company
            ),
            success_message=_("Contact saved."),
            invalid=self.form_invalid,
        )


class ContactUpdateView(TeamRequiredMixin, UpdateView):
    form_class = ContactForm
    template_name = "companies/contact_form.html"
    context_object_name = "contact"

    def get_object(self, queryset: QuerySet[Contact] | None = None) -> Contact:
        return selectors.contact_get(team=self.team, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(company=self.object.company, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: (
                services.contact_update(contact=self.object, by=self.actor, **cleaned(form)).company
            ),
            success_message=_("Contact saved."),
            invalid=self.form_invalid,
            redirect_to=next_url(self.request),
        )


class ContactDeleteView(TeamRequiredMixin, TemplateView):
    template_name = "companies/confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contact = selectors.contact_get(team=self.team, pk=self.kwargs["pk"])
        return super().get_context_data(
            object=contact, cancel_url=contact.company.get_absolute_url(), **kwargs
        )

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        contact = selectors.contact_get(team=self.team, pk=self.kwargs["pk"])
        services.contact_delete(contact=contact, by=self.actor)
        messages.success(request, _("%(name)s was deleted.") % {"name": contact.full_name})
        return HttpResponseRedirect(contact.company.get_absolute_url())


# ------------------------------------------------------------------------------
# Network partners
# ------------------------------------------------------------------------------
class PartnerListView(TeamRequiredMixin, CachedPageMixin, SingleTableMixin, FilterView):
    table_class = NetworkPartnerTable
    filterset_class = NetworkPartnerFilter
    template_name = "companies/partner_list.html"
    table_pagination = {"per_page": PAGE_SIZE}

    def get_queryset(self) -> QuerySet[NetworkPartner]:
        return selectors.partners_for_team(team=self.team)

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(filterset_class), "team": self.team}


class PartnerDetailView(TeamRequiredMixin, CachedPageMixin, DetailView):
    template_name = "companies/partner_detail.html"
    context_object_name = "partner"

    def get_object(self, queryset: QuerySet[NetworkPartner] | None = None) -> NetworkPartner:
        return selectors.partner_get(team=self.team, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["ties"] = selectors.ties_for_partner(partner=self.object)
        context["tie_query"] = f"partner={self.object.pk}"
        return context


class PartnerFormMixin(TeamRequiredMixin):
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}  # type: ignore[misc]


class PartnerCreateView(OnceSubmitMixin, PartnerFormMixin, FormView):
    form_class = NetworkPartnerForm
    template_name = "companies/partner_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.partner_create(team=self.team, by=self.actor, **cleaned(form)),
            success_message=_("Partner saved."),
            invalid=self.form_invalid,
        )


class PartnerUpdateView(PartnerFormMixin, UpdateView):
    form_class = NetworkPartnerForm
    template_name = "companies/partner_form.html"
    context_object_name = "partner"

    def get_object(self, queryset: QuerySet[NetworkPartner] | None = None) -> NetworkPartner:
        return selectors.partner_get(team=self.team, pk=self.kwargs["pk"])

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.partner_update(
                partner=self.object, by=self.actor, **cleaned(form)
            ),
            success_message=_("Partner saved."),
            invalid=self.form_invalid,
            redirect_to=next_url(self.request),
        )


class PartnerDeleteView(TeamRequiredMixin, TemplateView):
    template_name = "companies/confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        partner = selectors.partner_get(team=self.team, pk=self.kwargs["pk"])
        return super().get_context_data(
            object=partner, cancel_url=partner.get_absolute_url(), **kwargs
        )

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        partner = selectors.partner_get(team=self.team, pk=self.kwargs["pk"])
        try:
            services.partner_delete(partner=partner, by=self.actor)
        except (ProtectedError, RestrictedError):
            # Introductions keep their introducer: the history must not vanish with it.
            messages.error(
                request,
                _(
                    "%(name)s cannot be deleted: introductions by this partner are on record. "
                    "Their history is kept."
                )
                % {"name": partner},
            )
            return HttpResponseRedirect(partner.get_absolute_url())
        messages.success(request, _("%(name)s was deleted.") % {"name": partner})
        return HttpResponseRedirect(reverse("companies:partner_list"))


# ------------------------------------------------------------------------------
# Ties
# ------------------------------------------------------------------------------
class TieCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    """A new tie; `?partner=` or `?company=` fills in the end the user came from."""

    form_class = TieForm
    template_name = "companies/tie_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_initial(self) -> dict[str, Any]:
        return {
            name: value
            for name in ("partner", "company")
            if (value := self.request.GET.get(name, "")).isdigit()
        }

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.tie_create(by=self.actor, **cleaned(form)),
            success_message=_("Tie saved."),
            invalid=self.form_invalid,
        )


class TieUpdateView(TeamRequiredMixin, UpdateView):
    form_class = TieForm
    template_name = "companies/tie_form.html"
    context_object_name = "tie"

    def get_object(self, queryset: QuerySet[Tie] | None = None) -> Tie:
        return selectors.tie_get(team=self.team, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.tie_update(tie=self.object, by=self.actor, **cleaned(form)),
            success_message=_("Tie saved."),
            invalid=self.form_invalid,
        )


class TieDeleteView(TeamRequiredMixin, TemplateView):
    template_name = "companies/confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tie = selectors.tie_get(team=self.team, pk=self.kwargs["pk"])
        return super().get_context_data(object=tie, cancel_url=tie.get_absolute_url(), **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        tie = selectors.tie_get(team=self.team, pk=self.kwargs["pk"])
        services.tie_delete(tie=tie, by=self.actor)
        messages.success(request, _("%(name)s was deleted.") % {"name": tie})
        return HttpResponseRedirect(tie.partner.get_absolute_url())


# ------------------------------------------------------------------------------
# Type-ahead pickers (static/js/pickers.js asks these as the user types)
# ------------------------------------------------------------------------------
def _place(postal_code: str, city: str) -> str:
    return " ".join(part for part in (postal_code, city) if part)


class CompanySuggestView(TeamRequiredMixin, View):
    """The team's companies matching ?q= (name, town, postal code) as JSON."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> JsonResponse:
        companies = selectors.company_suggestions(team=self.team, term=request.GET.get("q", ""))
        return JsonResponse(
            {
                "results": [
                    {
                        "value": company.pk,
                        "text": company.full_name,
                        "detail": _place(company.postal_code, company.city),
                    }
                    for company in companies
                ]
            }
        )


class PartnerSuggestView(TeamRequiredMixin, View):
    """The team's partners matching ?q= (organisation, person, town, postal code) as JSON."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> JsonResponse:
        partners = selectors.partner_suggestions(team=self.team, term=request.GET.get("q", ""))
        return JsonResponse(
            {
                "results": [
                    {
                        "value": partner.pk,
                        "text": str(partner),
                        "detail": _place(partner.postal_code, partner.city),
                    }
                    for partner in partners
                ]
            }
        )
