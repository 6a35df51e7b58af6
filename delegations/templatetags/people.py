"""Names and times as readers of each language expect them."""

import zoneinfo
from urllib.parse import urlencode

from babel.dates import format_date
from django import template
from django.utils import timezone, translation
from django.utils.html import format_html

from delegations.contacts import phone_link
from delegations.languages import brackets
from delegations.zones import babel_locale, zone_label

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
    """A zone in words in the page's language (CLDR): "China Time", "中国时间",
    "Kinesisk tid"; never the IANA ID."""
    return zone_label(zone)


@register.filter
def day_heading(day):
    """A day as a heading in the page's language: "2016年12月5日 星期一" (Chinese order: the
    date, then the weekday), "mandag 5. december 2016", "Monday 5 December 2016"."""
    if not day:
        return ""
    locale = babel_locale()
    return format_date(day, DAY_PATTERNS[locale], locale=locale)


DAY_PATTERNS = {"zh_Hans": "y年M月d日 EEEE", "da": "EEEE d. MMMM y", "en": "EEEE d MMMM y"}


@register.simple_tag
def colon():
    """The colon after a label: full width on Chinese pages ("主办方："), else ": "."""
    language = translation.get_language() or "en"
    return "：" if language.startswith("zh") else ": "


@register.simple_tag
def list_separator():
    """Between names in a list: the Chinese enumeration comma "、", else ", "."""
    language = translation.get_language() or "en"
    return "、" if language.startswith("zh") else ", "


@register.filter
def day_shift(item, zone_name):
    """ "+1" when the item's start is already the next day at home, "−1" the day before,
    empty on the same day."""
    shift = item.home_day_shift(zone_name)
    if not shift:
        return ""
    return f"+{shift}" if shift > 0 else f"−{-shift}"


@register.filter
def tel(number):
    """A phone number as a tel: address (digits and the leading + only)."""
    return phone_link(number or "")


@register.filter
def amap_url(item):
    """Amap (高德地图), which works in China: a search for the place by its Chinese name,
    else its Chinese address."""
    keyword = item.place_native or item.address_native or item.place
    return "https://uri.amap.com/search?" + urlencode({"keyword": keyword, "src": "delegationdesk"})


@register.filter
def osm_url(item):
    """OpenStreetMap, for everywhere else: a search by the address."""
    query = item.address or item.address_native or item.place
    return "https://www.openstreetmap.org/search?" + urlencode({"query": query})


@register.filter
def in_parentheses(text):
    """Text in parentheses: full width on Chinese pages ("（演讲人）"), else "(Speaker)"."""
    opening, closing = brackets()
    return format_html("{}{}{}", opening, text, closing)
