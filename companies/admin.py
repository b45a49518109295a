from django.contrib import admin
from django.http import HttpRequest

from companies import services
from companies.models import (
    Company,
    CompanyMerge,
    Contact,
    DistinctCompanies,
    ImportJob,
    NetworkPartner,
    Tie,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = (
        "salutation",
        "title",
        "first_name",
        "last_name",
        "role",
        "email",
        "phone",
        "do_not_contact",
    )


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = (
        "legal_name",
        "legal_form",
        "city",
        "district",
        "sector_section",
        "size_class",
        "team",
    )
    list_filter = ("team", "size_class", "sector_section", "legal_form")
    search_fields = ("legal_name", "name_normalized", "city", "postal_code")
    readonly_fields = ("name_normalized", "created_by", "created_at", "updated_at")
    inlines = [ContactInline]

    def save_model(self, request: HttpRequest, obj: Company, form: object, change: bool) -> None:
        # The service keeps the derived fields (normalised name, size, section) right.
        services.company_save(company=obj, by=request.user)  # type: ignore[arg-type]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("__str__", "company", "role", "email", "legal_basis", "do_not_contact")
    list_filter = ("role", "legal_basis", "do_not_contact", "company__team")
    search_fields = ("last_name", "first_name", "email", "company__legal_name")
    raw_id_fields = ("company",)


@admin.register(NetworkPartner)
class NetworkPartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "person_name", "kind", "city", "team")
    list_filter = ("team", "kind")
    search_fields = ("name", "person_name", "city")
    raw_id_fields = ("company",)


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = ("partner", "company", "kind", "strength", "last_interaction")
    list_filter = ("kind", "strength", "partner__team")
    search_fields = ("partner__name", "company__legal_name")
    raw_id_fields = ("partner", "company")

    def save_model(self, request: HttpRequest, obj: Tie, form: object, change: bool) -> None:
        # The service checks that both ends belong to one team.
        services.tie_update(tie=obj, by=request.user)  # type: ignore[arg-type]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit and job records: written by the services only, read here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CompanyMerge)
class CompanyMergeAdmin(ReadOnlyAdmin):
    list_display = ("merged_name", "survivor", "merged_by", "merged_at", "team")
    list_filter = ("team",)
    search_fields = ("merged_name", "survivor__legal_name")
    date_hierarchy = "merged_at"


@admin.register(DistinctCompanies)
class DistinctCompaniesAdmin(ReadOnlyAdmin):
    list_display = ("company_a", "company_b", "confirmed_by", "confirmed_at", "team")
    list_filter = ("team",)
    raw_id_fields = ("company_a", "company_b")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "status", "progress", "created_by", "created_at", "team")
    list_filter = ("team", "status")
    exclude = ("report", "preview")
