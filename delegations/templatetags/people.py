"""Names and times as readers of each language expect them."""

import zoneinfo

from django import template
from django.utils import timezone, translation
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def person_name(person):
    """Chinese pages: the native-script name first (Latin after it); other pages: the Latin
    name in the person's own order, with the native-script name beside it."""
    if person is None:
        return ""
    language = translation.get_language() or "en"
    native = person.native_name
    if language.startswith("zh") and native:
        return format_html(
            '<span lang="zh-Hans">{}</span> <span class="muted" lang="en">{}</span>',
            native,
            person.latin_name,
        )
    if native:
        return format_html(
            '{} <span class="native" lang="zh-Hans">{}</span>', person.latin_name, native
        )
    return person.latin_name


@register.filter
def in_zone(value, zone_name):
    """The wall-clock time of an aware datetime in the named zone (the place's local time).

    Returned naive on purpose: Django's date and time filters would convert an aware value
    back into the page's current zone, and one page shows places in several zones."""
    if value is None or not zone_name:
        return value
    return timezone.make_naive(value, zoneinfo.ZoneInfo(zone_name))


@register.filter
def home_start(item, zone_name):
    """An itinerary item's start as the clock at home shows it."""
    return item.home_start(zone_name)


@register.filter
def home_end(item, zone_name):
    return item.home_end(zone_name)


@register.filter
def zone_name(zone):
    """A zone in words in the page's language ("China Time", "Kinesisk tid", "中国时间"),
    never its IANA id."""
    from delegations import zones

    return zones.zone_label(zone)
