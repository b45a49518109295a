"""Pages for companies, their contacts, and network partners."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from companies import selectors, services
from companies.filters import CompanyFilter, NetworkPartnerFilter
from companies.forms import CompanyForm, ContactForm, NetworkPartnerForm
from companies.models import Company, Contact, NetworkPartner
from companies.tables import CompanyTable, NetworkPartnerTable
from crm.access import TeamRequiredMixin
from crm.forms_views import cleaned, form_submit

PAGE_SIZE = 25


# ------------------------------------------------------------------------------
# Companies
# ------------------------------------------------------------------------------
class CompanyListView(TeamRequiredMixin, SingleTableMixin, FilterView):
    table_class = CompanyTable
    filterset_class = CompanyFilter
    template_name = "companies/company_list.html"
    table_pagination = {"per_page": PAGE_SIZE}

    def get_queryset(self) -> QuerySet[Company]:
        return selectors.companies_for_team(team=self.team)

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(filterset_class), "team": self.team}


class CompanyDetailView(TeamRequiredMixin, DetailView):
    template_name = "companies/company_detail.html"
    context_object_name = "company"

    def get_object(self, queryset: QuerySet[Company] | None = None) -> Company:
        return selectors.company_get(team=self.team, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["contacts"] = selectors.contacts_for_company(company=self.object)
        context["partner_records"] = self.object.partner_records.all()
        return context


class CompanyCreateView(TeamRequiredMixin, FormView):
    form_class = CompanyForm
    template_name = "companies/company_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.company_create(team=self.team, by=self.actor, **cleaned(form)),
            success_message=_("Company saved."),
            invalid=self.form_invalid,
        )


class CompanyUpdateView(TeamRequiredMixin, UpdateView):
    form_class = CompanyForm
    template_name = "companies/company_form.html"
    context_object_name = "company"

    def get_object(self, queryset: QuerySet[Company] | None = None) -> Company:
        return selectors.company_get(team=self.team, pk=self.kwargs["pk"])

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.company_update(
                company=self.object, by=self.actor, **cleaned(form)
            ),
            success_message=_("Company saved."),
            invalid=self.form_invalid,
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
# Contacts
# ------------------------------------------------------------------------------
class ContactCreateView(TeamRequiredMixin, FormView):
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
class PartnerListView(TeamRequiredMixin, SingleTableMixin, FilterView):
    table_class = NetworkPartnerTable
    filterset_class = NetworkPartnerFilter
    template_name = "companies/partner_list.html"
    table_pagination = {"per_page": PAGE_SIZE}

    def get_queryset(self) -> QuerySet[NetworkPartner]:
        return selectors.partners_for_team(team=self.team)

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(filterset_class), "team": self.team}


class PartnerDetailView(TeamRequiredMixin, DetailView):
    template_name = "companies/partner_detail.html"
    context_object_name = "partner"

    def get_object(self, queryset: QuerySet[NetworkPartner] | None = None) -> NetworkPartner:
        return selectors.partner_get(team=self.team, pk=self.kwargs["pk"])


class PartnerFormMixin(TeamRequiredMixin):
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}  # type: ignore[misc]


class PartnerCreateView(PartnerFormMixin, FormView):
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
        services.partner_delete(partner=partner, by=self.actor)
        messages.success(request, _("%(name)s was deleted.") % {"name": partner})
        return HttpResponseRedirect(reverse("companies:partner_list"))
