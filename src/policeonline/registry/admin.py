"""The registries in the back office's admin, read-only (they are the authoritative copy;
changes come from the source systems). Lists show masked ID numbers only and the forms leave
out the encrypted fields, so a full ID or phone number is never displayed.

There is deliberately no search by ID number: the admin searches with GET, so the number would
land in URLs, browser history and access logs (ADR 8). Plates, household and case numbers are
searchable (exact match, indexed); lists never count millions of rows.
"""

from django.contrib import admin

from policeonline.audit.log import record, scrub
from policeonline.catalog.admin import ReadOnlyAdmin

from .models import (
    CriminalRecord,
    District,
    Driver,
    Generation,
    Household,
    IdentityRecord,
    Person,
    Vehicle,
    WantedPerson,
)

PROTECTED = ["id_number", "phone", "id_digest", "owner_id_digest"]


class RegistryAdmin(ReadOnlyAdmin):
    show_full_result_count = False

    def get_exclude(self, request, obj=None):
        names = {f.name for f in self.model._meta.get_fields()}
        return [name for name in PROTECTED if name in names]

    # Every officer's look at a registry is audit-logged (a list with its filters and search,
    # a record by id); a number typed into the search is masked before it is written.
    def changelist_view(self, request, extra_context=None):
        record(request.user.get_username(), "registry.list_viewed", self.model._meta.model_name,
               query=scrub(request.GET.urlencode())[:200])
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record(request.user.get_username(), "registry.record_viewed",
               f"{self.model._meta.model_name}:{object_id}")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en"]


@admin.register(Household)
class HouseholdAdmin(RegistryAdmin):
    list_display = ["number", "district", "kind", "address", "created_on"]
    list_filter = ["district", "kind"]
    search_fields = ["=number"]


@admin.register(Person)
class PersonAdmin(RegistryAdmin):
    list_display = ["id_masked", "name", "sex", "birth_date", "household", "status",
                    "registered_elsewhere"]
    list_filter = ["status", "registered_elsewhere", "sex"]
    list_select_related = ["household"]
    readonly_fields = ["id_masked", "phone_masked"]


@admin.register(Vehicle)
class VehicleAdmin(RegistryAdmin):
    list_display = ["plate", "plate_type", "brand", "model", "owner_name", "owner_id_masked",
                    "registered_on", "status"]
    list_filter = ["plate_type", "status"]
    search_fields = ["=plate", "=vin"]
    readonly_fields = ["owner_id_masked"]


@admin.register(Driver)
class DriverAdmin(RegistryAdmin):
    list_display = ["id_masked", "name", "licence_classes", "first_issued", "valid_until",
                    "points", "status"]
    list_filter = ["status"]
    search_fields = ["=file_number"]
    readonly_fields = ["id_masked"]


@admin.register(IdentityRecord)
class IdentityRecordAdmin(RegistryAdmin):
    list_display = ["reference", "id_masked", "name", "kind", "recorded_on", "authority"]
    list_filter = ["kind"]
    search_fields = ["=reference"]
    readonly_fields = ["id_masked"]


@admin.register(CriminalRecord)
class CriminalRecordAdmin(RegistryAdmin):
    list_display = ["case_number", "id_masked", "name", "kind", "decided_on", "court"]
    list_filter = ["kind"]
    search_fields = ["=case_number"]
    readonly_fields = ["id_masked"]


@admin.register(WantedPerson)
class WantedPersonAdmin(RegistryAdmin):
    list_display = ["case_number", "id_masked", "name", "offence", "issued_on", "issuing_unit",
                    "active"]
    list_filter = ["active", "offence"]
    search_fields = ["=case_number"]
    readonly_fields = ["id_masked"]


@admin.register(Generation)
class GenerationAdmin(ReadOnlyAdmin):
    list_display = ["seed", "persons", "households", "vehicles", "drivers", "criminal_records",
                    "wanted_persons", "version", "started_at", "finished_at"]
