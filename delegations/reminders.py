"""Reminders, each sent at most once a day per address (`ReminderSent`), by `run_periodic`:

- follow-up owners: a digest of their open follow-ups due within REMINDER_DAYS or overdue,
  from REMINDER_HOUR in the home zone (HOME_TIME_ZONE);
- regional staff: invitations whose reply is due within REMINDER_DAYS or overdue, from
  REMINDER_HOUR;
- regional staff: the passports and visas that put a trip starting within
  TRAVEL_DOCUMENT_REMINDER_DAYS at risk (travel_checks.document_warnings), from REMINDER_HOUR;
- delegates: tomorrow's programme, the evening before (from TOMORROW_SUMMARY_HOUR in the
  trip's destination zone), for each day of a trip still in play that has something on it.
  On by default; `Person.tomorrow_summary` turns it off for one person.

Each message is claimed first (a row under a unique constraint, in the same transaction as
the message), so a second run, or two schedulers at once, send nothing twice.
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

import outbox
from accounts.roles import REGIONAL_STAFF

from . import notices
from .itinerary import gather
from .models import Delegation, DelegationMember, Invitation, ReminderSent
from .overview import reminders_by_owner
from .travel_checks import document_warnings


def _claim(kind, recipient, for_date):
    """True if this reminder was not sent yet (and is now claimed), inside a transaction."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, recipient=recipient.lower(), for_date=for_date)
    except IntegrityError:
        return False
    return True


def _send_once(kind, to, for_date, **message):
    """Claim and queue one reminder together: both or neither."""
    with transaction.atomic():
        if not _claim(kind, to, for_date):
            return False
        outbox.send(to=to, kind=f"reminder_{kind}", **message)
    return True


def _local_now(now, zone):
    return now.astimezone(zoneinfo.ZoneInfo(zone))


def _digest_day(now):
    """Today in the home zone once REMINDER_HOUR has come, else None (no digest yet)."""
    local = _local_now(now, settings.HOME_TIME_ZONE)
    return local.date() if local.hour >= settings.REMINDER_HOUR else None


def _day(value, language):
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def _admin_link(name):
    return settings.SITE_URL.rstrip("/") + reverse(name)


def follow_up_digests(now):
    """Each owner with an e-mail address: their follow-ups due within REMINDER_DAYS or late."""
    today = _digest_day(now)
    if today is None:
        return 0
    horizon = today + dt.timedelta(days=settings.REMINDER_DAYS)
    sent = 0
    for owner, follow_ups in reminders_by_owner(today):
        wanted = [f for f in follow_ups if f.due_on <= horizon]
        if not wanted or not owner.email:
            continue
        language = owner.language()
        with translation.override(language):
            rows = [
                {
                    "action": f.action,
                    "due": _day(f.due_on, language),
                    "overdue": f.is_overdue,
                    "trip": str(f.delegation) if f.delegation_id else "",
                }
                for f in wanted
            ]
        if _send_once(
            "follow_ups",
            owner.email,
            today,
            template="delegations/email/follow_up_digest",
            context={
                "name": owner.display_name(language),
                "follow_ups": rows,
                "overdue": sum(1 for f in wanted if f.is_overdue),
                "days": settings.REMINDER_DAYS,
                "link": _admin_link("admin:delegations_followup_changelist"),
            },
            language=language,
        ):
            sent += 1
    return sent


def invitation_reply_digests(now):
    """Every active regional staff login with an address: replies due soon or overdue."""
    today = _digest_day(now)
    if today is None:
        return 0
    due = list(
        Invitation.objects.filter(
            answer=Invitation.Answer.PENDING,
            reply_due__isnull=False,
            reply_due__lte=today + dt.timedelta(days=settings.REMINDER_DAYS),
        )
        .select_related("host")
        .order_by("reply_due", "pk")
    )
    if not due:
        return 0
    sent = 0
    for user, language, name in _regional_staff():
        with translation.override(language):
            rows = [
                {
                    "occasion": i.occasion,
                    "host": i.host.name,
                    "due": _day(i.reply_due, language),
                    "overdue": i.reply_due < today,
                }
                for i in due
            ]
        if _send_once(
            "invitation_replies",
            user.email,
            today,
            template="delegations/email/reply_digest",
            context={
                "name": name,
                "invitations": rows,
                "days": settings.REMINDER_DAYS,
                "link": _admin_link("admin:delegations_invitation_changelist"),
            },
            language=language,
        ):
            sent += 1
    return sent


def _regional_staff():
    """(user, language, name) of every active regional staff login with an address."""
    staff = (
        User.objects.filter(groups__name=REGIONAL_STAFF, is_active=True)
        .exclude(email="")
        .select_related("person__organisation")
        .distinct()
    )
    for user in staff:
        person = getattr(user, "person", None)
        language = person.language() if person else settings.LANGUAGE_CODE
        with translation.override(language):
            name = person.display_name(language) if person else user.get_full_name()
        yield user, language, name or user.get_username()


def _trips_at_risk(trips, today, language):
    """[{trip, starts, lines}] of the trips whose travel documents warn, in `language`."""
    groups = {}
    with translation.override(language):
        for warning in document_warnings(trips, today):
            trip = warning.delegation
            entry = groups.setdefault(
                trip.pk, {"trip": str(trip), "starts": _day(trip.starts_on, language), "lines": []}
            )
            entry["lines"].append(warning.message)
    return list(groups.values())


def travel_document_digests(now):
    """Every regional staff login with an address: whose passport or visa puts a trip that
    starts within TRAVEL_DOCUMENT_REMINDER_DAYS at risk, trip by trip."""
    today = _digest_day(now)
    if today is None:
        return 0
    trips = list(
        Delegation.objects.filter(
            status__in=Delegation.Status.not_yet_back(),
            starts_on__gte=today,
            starts_on__lte=today + dt.timedelta(days=settings.TRAVEL_DOCUMENT_REMINDER_DAYS),
        ).order_by("starts_on", "pk")
    )
    if not trips:
        return 0
    by_language = {}  # the warnings are worded in each reader's language
    sent = 0
    for user, language, name in _regional_staff():
        if language not in by_language:
            by_language[language] = _trips_at_risk(trips, today, language)
        if not by_language[language]:
            continue
        if _send_once(
            "travel_documents",
            user.email,
            today,
            template="delegations/email/travel_documents",
            context={
                "name": name,
                "trips": by_language[language],
                "days": settings.TRAVEL_DOCUMENT_REMINDER_DAYS,
                "link": _admin_link("admin:delegations_overview"),
            },
            language=language,
        ):
            sent += 1
    return sent


def tomorrow_summaries(now):
    """Members of trips in play with something on tomorrow (in the trip's zone), from the
    evening before; one per address and day."""
    sent = 0
    trips = (
        Delegation.objects.filter(status__in=Delegation.Status.in_play())
        .filter(
            starts_on__lte=(now + dt.timedelta(days=2)).date(),
            ends_on__gte=(now - dt.timedelta(days=1)).date(),
        )
        .order_by("starts_on", "pk")
    )
    for trip in trips:
        local = _local_now(now, trip.destination_time_zone)
        if local.hour < settings.TOMORROW_SUMMARY_HOUR:
            continue
        tomorrow = local.date() + dt.timedelta(days=1)
        if not trip.starts_on <= tomorrow <= trip.ends_on:
            continue
        people = [
            m.person
            for m in trip.memberships.exclude(answer=DelegationMember.Answer.DECLINED)
            .filter(person__tomorrow_summary=True)
            .exclude(person__email="")
            .select_related("person__organisation")
        ]
        start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=dt.UTC) - dt.timedelta(days=1)
        end = dt.datetime.combine(tomorrow, dt.time.max, tzinfo=dt.UTC) + dt.timedelta(days=1)
        by_language = {}
        for person in people:
            by_language.setdefault(person.language(), []).append(person)
        for language, group in by_language.items():
            with translation.override(language):
                items = gather(group, start, end)
                for person in group:
                    day = [i for i in items.get(person.pk, []) if i.local_start.date() == tomorrow]
                    if not day:
                        continue
                    rows = [
                        {
                            "title": i.title,
                            "when": notices.when(notices.encode(i), language),
                            "place": i.place,
                            "address": i.address,
                            "address_native": i.address_native,
                        }
                        for i in day
                    ]
                    if _send_once(
                        "tomorrow",
                        person.email,
                        tomorrow,
                        template="delegations/email/tomorrow",
                        context={
                            "name": person.display_name(language),
                            "day": _day(tomorrow, language),
                            "trip": trip.name,
                            "items": rows,
                            "link": notices.me_link(language),
                        },
                        language=language,
                    ):
                        sent += 1
    return sent


def send_all(now=None):
    """Every reminder due now: {"follow_ups": n, "replies": n, "documents": n, "tomorrow": n}."""
    now = now or timezone.now()
    return {
        "follow_ups": follow_up_digests(now),
        "replies": invitation_reply_digests(now),
        "documents": travel_document_digests(now),
        "tomorrow": tomorrow_summaries(now),
    }
