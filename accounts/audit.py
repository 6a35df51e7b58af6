"""Structured log lines for sign-ins, sign-outs and failed sign-ins (logger "delegation_desk.auth").

Only ids, the attempted username and the client address are logged: never passwords, tokens
or session keys.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from config.client_ip import client_ip

log = logging.getLogger("delegation_desk.auth")


def client_address(request):
    if request is None:
        return None
    return client_ip(request)


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    log.info(
        "login",
        extra={"event": "login", "user_id": user.pk, "ip": client_address(request)},
    )


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    log.info(
        "logout",
        extra={
            "event": "logout",
            "user_id": getattr(user, "pk", None),
            "ip": client_address(request),
        },
    )


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` has the password already masked by Django; only the username is kept.
    log.warning(
        "login failed",
        extra={
            "event": "login_failed",
            "username": str(credentials.get("username", ""))[:150],
            "ip": client_address(request),
        },
    )


@receiver(user_locked_out)
def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    log.warning(
        "lockout",
        extra={"event": "lockout", "username": str(username or "")[:150], "ip": ip_address},
    )
