"""{% offline_as_of trip as stamp %}: the time for the "as of" stamp of the offline copy, in
the zone of the trip's destination (the zone's name in words). The service worker
(static/js/sw.js) replaces the time with when it kept the page, in the same zone."""

from django import template
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.html import format_html

from delegations.zones import naive_local, zone_label

register = template.Library()


@register.simple_tag
def offline_as_of(trip):
    zone = (trip.destination_time_zone if trip is not None else "") or settings.TIME_ZONE
    now = timezone.now()
    local = naive_local(now, zone)
    shown = f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M}"
    time = format_html(
        '<time datetime="{}" data-offline-time data-zone="{}" data-lang="{}">{}</time>',
        now.isoformat(),
        zone,
        translation.get_language() or settings.LANGUAGE_CODE,
        shown,
    )
    return {"time": time, "zone_label": zone_label(zone)}
