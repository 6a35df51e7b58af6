"""The client's address: REMOTE_ADDR, or behind our own proxies the address they saw.

Behind the TLS proxy (BEHIND_TLS_PROXY=true) REMOTE_ADDR is the proxy's. Each trusted proxy
appends the address it received the request from to X-Forwarded-For, so with
TRUSTED_PROXY_COUNT proxies in front the client is that many entries from the right; entries
further left were written by the client itself and are never believed. Without the proxy the
header is ignored altogether (anyone can send it).
"""

import ipaddress

from django.conf import settings


def _valid(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address sign-in throttling (django-axes), the password-reset limit and the sign-in
    log use."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = header.split(",") if header else []
    if len(forwarded) < count:
        return remote  # not sent through the proxies (e.g. the container's health check)
    return _valid(forwarded[-count]) or remote


def axes_username(request, credentials=None):
    """The attempted username as django-axes records it: at most 150 characters (the
    username column's length; axes' own column holds 255) and without NUL characters."""
    data = credentials if credentials else getattr(request, "POST", {})
    username = data.get(settings.AXES_USERNAME_FORM_FIELD) if data else None
    if username is None:
        return None
    return str(username).replace("\x00", "")[:150]
