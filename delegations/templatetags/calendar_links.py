"""{{ feed_url|webcal }}: the same feed as a webcal:// address, which calendar apps open as a
subscription (an http(s) address would be downloaded once)."""

from django import template

register = template.Library()


@register.filter
def webcal(url):
    scheme, sep, rest = (url or "").partition("://")
    return f"webcal://{rest}" if sep and scheme in ("http", "https") else url
