"""Personal calendar feeds (iCalendar): one event per itinerary item, in the place's zones.

The feed's URL holds a random token (≥128 bits) that the person can rotate or revoke; the
token is the only credential, so it never appears in logs or history.
"""

import datetime as dt
import secrets
import zoneinfo

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

import pagecache

from .itinerary import gather
from .models import Person

TOKEN_BYTES = 32  # 256 bits
# How often calendar apps should fetch the feed again (RFC 7986 REFRESH-INTERVAL; Outlook
# reads X-PUBLISHED-TTL): an hour keeps a changed itinerary close behind without hammering.
REFRESH = dt.timedelta(hours=1)
# Check-in and check-out happen at a moment; calendars show a moment as nothing at all, so
# they get this much time at the hotel's desk.
MOMENT_LENGTH = dt.timedelta(minutes=30)


def new_token(person):
    """Give `person` a fresh feed token (the old feed URL stops working)."""
    person.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    person.save(update_fields=["calendar_token"])
    return person.calendar_token


def revoke_token(person):
    person.calendar_token = None
    person.save(update_fields=["calendar_token"])


def kept_calendar(token):
    """(document, language) of the calendar of the person whose feed `token` opens (None for
    no one), from the cache while nothing on their itinerary changes (the generation
    "person:<id>", read with the person's id in one query; a new or revoked token changes
    nothing in it)."""
    if not token or len(token) < 22:
        return None
    found = pagecache.find(Person, calendar_token=token)
    if found is None:
        return None
    person_id = int(found[0].split(":")[1])

    def build():
        person = Person.objects.select_related("organisation").get(pk=person_id)
        return calendar_for(person), person.language()

    # The feed is in the person's language, not the calendar app's: one entry per person,
    # made in their language (a changed preference raises their generation).
    with translation.override("en"):
        return pagecache.cached(found, ["calendar", "with-language", person_id], build)


def with_phone(person):
    return f"{person.both_names} · {person.phone}" if person.phone else person.both_names


def describe(item):
    lines = []
    if item.role:
        lines.append(item.role)
    if item.detail:
        lines.append(item.detail)
    if item.address_native:
        lines.append(item.address_native)
    if item.address:
        lines.append(item.address)
    if item.people:
        lines.append(
            _("With: %(people)s") % {"people": ", ".join(p.both_names for p in item.people)}
        )
    if item.interpreter:
        lines.append(_("Interpreter: %(name)s") % {"name": with_phone(item.interpreter)})
    if item.contact:
        lines.append(_("Contact on site: %(name)s") % {"name": with_phone(item.contact)})
    return "\n".join(lines)


def calendar_for(person):
    """The person's whole itinerary as an iCalendar document (bytes), in their language."""
    with translation.override(person.language()):
        return _calendar_for(person)


def _calendar_for(person):
    calendar = Calendar()
    calendar.add("prodid", "-//Delegation Desk//Itinerary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Itinerary: %(name)s") % {"name": person.latin_name})
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    stamp = dt.datetime.now(dt.UTC)
    for item in gather([person])[person.pk]:
        event = Event()
        # Stable per item and person: a changed time replaces the old entry in calendars.
        event.add("uid", f"{item.uid}-person-{person.pk}@delegation-desk")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(zoneinfo.ZoneInfo(item.start_zone)))
        ends_at = item.ends_at + MOMENT_LENGTH if item.is_moment else item.ends_at
        event.add("dtend", ends_at.astimezone(zoneinfo.ZoneInfo(item.end_zone)))
        event.add("summary", item.title)
        location = ", ".join(v for v in (item.place, item.address_native or item.address) if v)
        if location:
            event.add("location", location)
        description = describe(item)
        if description:
            event.add("description", description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
