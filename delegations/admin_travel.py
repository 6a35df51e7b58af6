"""Admin parts for travel documents and visas (registered in admin.py). Passport numbers are
shown in full only on a person's own change page, to regional staff (who alone reach the
admin's delegations models); lists show them masked."""

from django.contrib import admin

from .models import DelegationMember, Person, TravelDocument, Visa


class TravelDocumentInline(admin.TabularInline):
    model = TravelDocument
    extra = 0
    fields = ["kind", "number", "issuing_country", "name_in_document", "issued_on", "expires_on"]


class VisaInline(admin.TabularInline):
    """On the delegation: one row per member who needs (or does not need) a visa."""

    model = Visa
    extra = 0
    classes = ["collapse"]  # folded on the delegation page
    fields = [
        "person",
        "status",
        "applied_on",
        "decided_on",
        "valid_from",
        "valid_until",
        "reference",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            delegation_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Person.objects.filter(
                pk__in=DelegationMember.objects.filter(delegation_id=delegation_id).values(
                    "person_id"
                )
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class HandOffPackList:
    """The packs sent, for looking up who received what; made and read on the trip's page
    (/<lang>/staff/trips/<slug>/handoff/), never edited here (their content is kept as sent)."""

    list_display = ["delegation", "receiver", "version", "created_at", "made_by", "sent_to"]
    list_filter = ["receiver"]
    search_fields = ["delegation__name", "receiver__name", "sent_to"]
    list_select_related = ["delegation", "receiver", "made_by"]
    fields = ["delegation", "receiver", "version", "language", "sections", "sent_to", "note"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TravelDocumentList:
    """The list of travel documents: numbers masked."""

    list_display = ["person", "kind", "masked_number", "issuing_country", "expires_on"]
    list_filter = ["kind", "issuing_country"]
    search_fields = ["person__given_name", "person__family_name", "person__native_name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]

    @admin.display(description=TravelDocument._meta.get_field("number").verbose_name)
    def masked_number(self, document):
        return document.masked_number


class VisaList:
    list_display = ["person", "delegation", "status", "decided_on", "valid_until", "reference"]
    list_filter = ["status", "delegation"]
    search_fields = ["person__given_name", "person__family_name", "delegation__name", "reference"]
    list_select_related = ["person", "delegation"]
    autocomplete_fields = ["person", "delegation"]
