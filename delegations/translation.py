"""Fields that people read, translated per language with django-modeltranslation.

History is registered here, after translation, so that simple-history's tables also get
the per-language columns (a `HistoricalRecords()` field on the model would miss them).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import (
    Approval,
    Car,
    CarSeat,
    Cost,
    Delegation,
    DelegationMember,
    FollowUp,
    Gift,
    Invitation,
    Meeting,
    Organisation,
    Outcome,
    Partnership,
    PartnershipDocument,
    Person,
    ReportConsent,
    Stay,
    Transfer,
    TravelDocument,
    TravelLeg,
    TripContact,
    TripReport,
    Visa,
    Visit,
)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "city", "address")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("position",)


@register(Invitation)
class InvitationTranslation(TranslationOptions):
    fields = ("occasion", "city")


@register(Delegation)
class DelegationTranslation(TranslationOptions):
    fields = ("name", "destination_city", "purpose")


@register(TravelLeg)
class TravelLegTranslation(TranslationOptions):
    fields = ("origin", "destination", "notes")


@register(Stay)
class StayTranslation(TranslationOptions):
    fields = ("notes",)


@register(Visit)
class VisitTranslation(TranslationOptions):
    fields = ("title", "topic", "address", "outcome")


@register(Transfer)
class TransferTranslation(TranslationOptions):
    fields = ("origin", "destination", "notes")


@register(TripContact)
class TripContactTranslation(TranslationOptions):
    fields = ("name", "note")


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("name", "description")


@register(FollowUp)
class FollowUpTranslation(TranslationOptions):
    fields = ("action",)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "notes")


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("text",)


@register(Approval)
class ApprovalTranslation(TranslationOptions):
    fields = ("deciding_body", "approved_purpose")


@register(Gift)
class GiftTranslation(TranslationOptions):
    fields = ("description", "occasion")


@register(TripReport)
class TripReportTranslation(TranslationOptions):
    fields = ("summary",)


# The calendar token is a credential: it stays out of history.
simple_history.register(Person, app=__package__, excluded_fields=["calendar_token"])
# Passport numbers are kept once, encrypted: history records the change, not the number.
simple_history.register(TravelDocument, app=__package__, excluded_fields=["number"])
for model in (
    Organisation,
    Invitation,
    Delegation,
    DelegationMember,
    TravelLeg,
    Stay,
    Visit,
    Transfer,
    Car,
    CarSeat,
    TripContact,
    Partnership,
    PartnershipDocument,
    FollowUp,
    Visa,
    Meeting,
    Outcome,
    Approval,
    Cost,
    Gift,
    TripReport,
    ReportConsent,
):
    simple_history.register(model, app=__package__)


# --- Protocol (delegations/precedence.py, seating.py): the host side and banquet plans. -------
from .models import HostAttendee, TablePlan  # noqa: E402


@register(TablePlan)
class TablePlanTranslation(TranslationOptions):
    fields = ("name", "venue")


@register(HostAttendee)
class HostAttendeeTranslation(TranslationOptions):
    fields = ("title",)


# Tables and seats are rewritten whole by the seating; the plan and its hosts keep history.
simple_history.register(TablePlan, app=__package__)
simple_history.register(HostAttendee, app=__package__)
