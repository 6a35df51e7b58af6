"""Time zones for people: names in words (CLDR via babel), the list staff choose from, and
wall-clock times read in a place's zone.

Staff never type or read IANA IDs: a zone is "China Time" / "Kinesisk tid" / "中国时间", and
the list they pick from is searchable by city and country names in Danish, English and
Chinese (plus a few capitals that CLDR does not name as a zone's city, such as Beijing).

Reading a wall-clock time in a zone has two awkward nights a year where the zone has daylight
saving time:
- a time that does not exist (Copenhagen, last Sunday of March, 02:00–02:59: the clocks jump
  to 03:00) is refused with a message (NonexistentLocalTime);
- a time that happens twice (Copenhagen, last Sunday of October, 02:00–02:59) is read as
  the first of the two, still on summer time (``fold=0``), so 02:30 is 00:30 UTC.
"""

import datetime as dt
import functools
import zoneinfo

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location, get_timezone_name
from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

# Offered first, in this order: the office's own zones and the places its trips go to most.
COMMON_ZONES = [
    "Europe/Copenhagen",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Europe/London",
    "Europe/Brussels",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Atlantic/Faroe",
    "America/Nuuk",
]

# Cities people look for that CLDR does not name as the zone's city (its "exemplar city").
ALIASES = {
    "Asia/Shanghai": [
        "Beijing",
        "Peking",
        "北京",
        "Guangzhou",
        "广州",
        "Shenzhen",
        "深圳",
        "Tianjin",
        "天津",
        "Chongqing",
        "重庆",
        "Chengdu",
        "成都",
        "Wuhan",
        "武汉",
        "Hangzhou",
        "杭州",
        "Nanjing",
        "南京",
        "Xi'an",
        "西安",
        "Qingdao",
        "青岛",
        "Suzhou",
        "苏州",
    ],
    "Europe/Copenhagen": ["Aarhus", "Århus", "Aalborg", "Odense", "Viborg", "Herning", "奥胡斯"],
    "Asia/Kolkata": ["New Delhi", "Delhi", "Mumbai", "Bangalore", "新德里", "孟买"],
    "America/New_York": ["Washington", "Boston", "华盛顿", "波士顿"],
    "America/Toronto": ["Ottawa", "Montreal", "渥太华"],
    "America/Sao_Paulo": ["Brasília", "Brasilia", "Rio de Janeiro", "巴西利亚"],
    "Australia/Sydney": ["Canberra", "堪培拉"],
    "Europe/Istanbul": ["Ankara", "安卡拉"],
    "Asia/Riyadh": ["Jeddah"],
    "America/Los_Angeles": ["San Francisco", "Seattle", "旧金山", "西雅图"],
    "Asia/Tokyo": ["Osaka", "大阪", "Kyoto", "京都"],
    "Asia/Seoul": ["Busan", "釜山"],
}

# Zone-ID prefix -> CLDR territory code of its continent (names come translated from CLDR).
_CONTINENTS = {
    "Europe": "150",
    "Asia": "142",
    "America": "019",
    "Africa": "002",
    "Australia": "009",
    "Pacific": "009",
}
_CONTINENT_ORDER = ["150", "142", "019", "002", "009", ""]
OTHER_PLACES = _("Oceans and polar regions")
COMMON = _("Common")

LANGUAGES = ("da", "en", "zh-hans")


def babel_locale(language=None):
    """The babel locale for a Django language code (zh-hans -> zh_Hans)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    if language.startswith("zh"):
        return "zh_Hans"
    if language.startswith("da"):
        return "da"
    return "en"


def zone_label(zone, language=None):
    """The zone in words in the language (current one by default): "China Time",
    "Kinesisk tid", "中国时间"; empty for an empty zone."""
    if not zone:
        return ""
    return _zone_label(str(zone), babel_locale(language))


@functools.lru_cache(maxsize=2048)
def _zone_label(zone, locale):
    return get_timezone_name(zone, locale=locale)


@functools.lru_cache(maxsize=1)
def all_zones():
    """Canonical CLDR zones (one per place, no deprecated aliases, no Etc/GMT+n)."""
    territories = get_global("zone_territories")
    return {
        zone: territory
        for zone, territory in territories.items()
        if "/" in zone and not zone.startswith("Etc/") and _exists(zone)
    }


def _exists(zone):
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def is_known(zone):
    """Whether `zone` is one that staff can choose."""
    return zone in all_zones()


@functools.lru_cache(maxsize=4096)
def _place(zone, locale):
    """(city, country) of a zone in a locale: ("København", "Danmark")."""
    city = get_timezone_location(zone, locale=locale, return_city=True)
    territory = all_zones().get(zone, "")
    country = Locale.parse(locale).territories.get(territory, "")
    return city, country


def option_label(zone, language=None):
    """How a zone reads in the picker: "Shanghai (China) · China Time"."""
    locale = babel_locale(language)
    city, country = _place(zone, locale)
    where = f"{city} ({country})" if country and country != city else city
    return f"{where} · {_zone_label(zone, locale)}"


@functools.lru_cache(maxsize=4096)
def search_terms(zone):
    """Words that find a zone whatever the staff member's language: the city and country in
    all three languages, CLDR's zone names and the aliases above; lower case."""
    words = set(ALIASES.get(zone, []))
    for language in LANGUAGES:
        locale = babel_locale(language)
        words.update(_place(zone, locale))
        words.add(_zone_label(zone, locale))
    words.add(zone.replace("_", " "))
    return " ".join(sorted(w.lower() for w in words if w))


def zone_groups(language=None):
    """[(group label, [(zone, option label), ...]), ...]: common zones first, then every
    zone by continent, each sorted by its label in the language."""
    locale = babel_locale(language)
    return _zone_groups(locale)


@functools.lru_cache(maxsize=8)
def _zone_groups(locale):
    continents = Locale.parse(locale).territories
    by_continent = {}
    for zone in all_zones():
        code = _CONTINENTS.get(zone.split("/", 1)[0], "")
        by_continent.setdefault(code, []).append(zone)
    groups = [(str(COMMON), [(z, option_label(z, locale)) for z in COMMON_ZONES if is_known(z)])]
    for code in _CONTINENT_ORDER:
        zones = by_continent.get(code, [])
        options = sorted(((z, option_label(z, locale)) for z in zones), key=lambda o: o[1])
        groups.append((continents.get(code) or str(OTHER_PLACES), options))
    return groups


def zone_choices(language=None):
    """Choices for a form field: the groups of zone_groups() as Django optgroups."""
    return [(label, options) for label, options in zone_groups(language)]


class NonexistentLocalTime(ValueError):
    """A wall-clock time the zone skips (clocks put forward that night)."""


def aware(naive, zone):
    """The instant (aware, in UTC) at which `zone`'s clocks show the wall-clock time `naive`.

    In UTC because Python never counts a datetime in a zone's repeated hour equal to one
    in another zone. Raises NonexistentLocalTime for a time the zone skips; a time that
    happens twice is read as its first occurrence (see the module docstring)."""
    tz = zoneinfo.ZoneInfo(str(zone))
    first = naive.replace(tzinfo=tz, fold=0)
    # A skipped time does not survive the round trip through UTC.
    back = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None, fold=0)
    if back != naive.replace(fold=0):
        raise NonexistentLocalTime(naive)
    return first.astimezone(dt.UTC)


def naive_local(value, zone):
    """The wall-clock time an aware datetime shows in `zone` (naive)."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(str(zone))).replace(tzinfo=None, fold=0)


def is_ambiguous(naive, zone):
    """Whether the wall-clock time happens twice in `zone` (clocks put back)."""
    tz = zoneinfo.ZoneInfo(str(zone))
    return naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(
        tzinfo=tz, fold=1
    ).utcoffset() and not _skipped(naive, tz)


def _skipped(naive, tz):
    first = naive.replace(tzinfo=tz, fold=0)
    return first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive.replace(fold=0)


def format_local(value, zone, language=None):
    """An instant as the place's wall-clock time, with the zone in words:
    "Dec. 4, 2016 09:10 China Time"; empty for no value."""
    if value is None:
        return ""
    if not zone:
        zone = settings.TIME_ZONE
    local = naive_local(value, zone)
    with translation.override(language or translation.get_language()):
        day = formats.date_format(local, "DATE_FORMAT")
    return f"{day} {local:%H:%M} {zone_label(zone, language)}"


def format_local_span(start, end, zone, language=None):
    """From start to end in one zone, the day and the zone said once when both fall on the
    same local day: "5. december 2016 09:00–09:45 Kinesisk tid"; in full otherwise."""
    if start is None or end is None:
        return format_local(start if end is None else end, zone, language)
    if not zone:
        zone = settings.TIME_ZONE
    first, last = naive_local(start, zone), naive_local(end, zone)
    if first.date() != last.date():
        return f"{format_local(start, zone, language)} – {format_local(end, zone, language)}"
    with translation.override(language or translation.get_language()):
        day = formats.date_format(first, "DATE_FORMAT")
    return f"{day} {first:%H:%M}–{last:%H:%M} {zone_label(zone, language)}"
