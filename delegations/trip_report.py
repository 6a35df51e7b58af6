"""The public trip report: what the trip was for, who went (only those who agreed to be
named; the others are counted), the public programme, the agreements signed or renewed
during the trip and the outcomes staff chose to publish, with an introduction staff write.

Built from the data in a fixed number of queries (`build()`); published and withdrawn by
staff (`publish()`, `unpublish()`), consents recorded per member (`record_consents()`).
Nothing here reads costs, travel documents or visas; the templates show of a person only
the name (both scripts), the title and the role on the trip.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import DelegationMember, Outcome, Partnership, ReportConsent, TripReport, Visit


@dataclass
class Report:
    trip: object
    report: object  # TripReport or None (a preview before anything was written)
    named: list = field(default_factory=list)  # DelegationMembers who agreed, protocol order
    unnamed: int = 0  # the others who went
    highlights: list = field(default_factory=list)  # public visits, in time order
    agreements: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)

    @property
    def participants(self):
        return len(self.named) + self.unnamed


def members_going(trip):
    """Everyone on the trip who did not decline, in protocol order, with their consent."""
    return (
        DelegationMember.objects.filter(delegation=trip)
        .exclude(answer=DelegationMember.Answer.DECLINED)
        .select_related("person", "report_consent", "report_consent__recorded_by")
        .order_by("precedence", "person__family_name", "pk")
    )


def build(trip, report=None):
    """The report's content for `trip` (five queries, however large the trip)."""
    members = list(members_going(trip))
    named = [m for m in members if _consented(m)]
    visits = (
        Visit.objects.filter(delegation=trip, is_public=True)
        .select_related("host")
        .order_by("starts_at")
    )
    within = Q(signed_on__range=(trip.starts_on, trip.ends_on)) | Q(
        renewed_on__range=(trip.starts_on, trip.ends_on)
    )
    agreements = (
        Partnership.objects.filter(within, is_public=True)
        .filter(Q(delegations=trip) | Q(visits__delegation=trip))
        .prefetch_related(Prefetch("parties"))
        .distinct()
        .order_by("name")
    )
    outcomes = (
        Outcome.objects.filter(in_report=True, meeting__visit__delegation=trip)
        .select_related("meeting__organisation")
        .order_by("meeting__held_on", "pk")
    )
    return Report(
        trip=trip,
        report=report,
        named=named,
        unnamed=len(members) - len(named),
        highlights=list(visits),
        agreements=list(agreements),
        outcomes=list(outcomes),
    )


def published(trip):
    """The trip's report if it is published, else None (one query)."""
    return TripReport.objects.filter(delegation=trip, published_at__isnull=False).first()


def publish(trip, by):
    """Publish the trip's report (made if staff wrote nothing yet); returns it."""
    with transaction.atomic():
        report, _made = TripReport.objects.select_for_update().get_or_create(delegation=trip)
        if report.published_at is None:
            report.published_at = timezone.now()
            report.published_by = by
            report._history_user = by
            report.save(update_fields=["published_at", "published_by", "updated_at"])
    return report


def unpublish(trip, by):
    """Take the report off the public page (its text stays for next time)."""
    with transaction.atomic():
        report = TripReport.objects.select_for_update().filter(delegation=trip).first()
        if report is not None and report.published_at is not None:
            report.published_at = None
            report.published_by = None
            report.unpublished_at = timezone.now()
            report.unpublished_by = by
            report._history_user = by
            report.save(
                update_fields=[
                    "published_at",
                    "published_by",
                    "unpublished_at",
                    "unpublished_by",
                    "updated_at",
                ]
            )
    return report


def record_consents(trip, named_ids, by):
    """Record, for every member going on `trip`, whether they agreed to be named: the members
    whose ids are in `named_ids` said yes, the others no. Only changed answers are written
    (with who and when); returns how many changed."""
    named_ids = {int(pk) for pk in named_ids}
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        for member in members_going(trip).select_for_update(of=("self",)):
            wanted = member.pk in named_ids
            consent = getattr(member, "report_consent", None)
            if consent is not None and consent.named == wanted:
                continue
            if consent is None:
                consent = ReportConsent(member=member)
            consent.named = wanted
            consent.recorded_at = now
            consent.recorded_by = by
            consent._history_user = by
            consent.save()
            changed += 1
    return changed


def _consented(member):
    consent = getattr(member, "report_consent", None)
    return consent is not None and consent.named
