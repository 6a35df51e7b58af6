"""Whom a delegate calls on a trip: the contacts staff set on the trip (TripContact) and the
local emergency numbers of the destination country."""

from django.utils.translation import gettext_lazy as _

from .models import TripContact

POLICE = _("Police")
AMBULANCE = _("Ambulance")
FIRE = _("Fire")
EMERGENCY = _("Emergency (police, ambulance, fire)")

# By destination country (ISO code). Europe's 112 works across the EU and on most mobile
# phones elsewhere too, so it is the answer for a country not listed.
EMERGENCY_NUMBERS = {
    "CN": [(POLICE, "110"), (AMBULANCE, "120"), (FIRE, "119")],
    "HK": [(EMERGENCY, "999")],
    "TW": [(POLICE, "110"), (AMBULANCE, "119"), (FIRE, "119")],
    "JP": [(POLICE, "110"), (AMBULANCE, "119"), (FIRE, "119")],
    "KR": [(POLICE, "112"), (AMBULANCE, "119"), (FIRE, "119")],
    "IN": [(EMERGENCY, "112")],
    "US": [(EMERGENCY, "911")],
    "CA": [(EMERGENCY, "911")],
    "GB": [(EMERGENCY, "999"), (EMERGENCY, "112")],
    "DK": [(EMERGENCY, "112")],
}
DEFAULT_EMERGENCY = [(EMERGENCY, "112")]


def emergency_numbers(country):
    """[(what, number)] to call in an emergency in `country`."""
    return [
        (str(what), number) for what, number in EMERGENCY_NUMBERS.get(country, DEFAULT_EMERGENCY)
    ]


def trip_contacts(delegation):
    """The trip's contacts in their order, with person and organisation (one query)."""
    return list(
        TripContact.objects.filter(delegation=delegation).select_related("person", "organisation")
    )


def phone_link(number):
    """The number as a tel: address (spaces and dashes out)."""
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")
