"""Who may see a view, declared on the view: one decorator per audience.

- `@for_anyone`: public pages (and pages whose key is in the URL, like a calendar token).
- `@for_signed_in`: any signed-in user (rule "accounts.signed_in").
- `@requires("forum.check_in", object=forum_from_slug)`: signed in, and the named rule
  (accounts/rules.py, delegations/rules.py, forum/rules.py) holds for the object the loader
  finds from the URL. The loader takes the request and the URL arguments it names, returns the
  object or None; the view gets the object as its second argument, then the URL arguments the
  loader did not take.

Policy, the same for every view: not signed in (or an inactive account) is sent to sign in
(302); signed in without the rule, or no such object, answers 404 and the refusal is logged
with ids only (`refuse()`), so nobody learns what exists. Each decorated view carries its
`Audience`; tests/test_rules.py walks every URL pattern and fails on a view without one, and
the nav's `may_open` tag asks the same audience before it shows a link.
"""

import dataclasses
import functools
import inspect
import logging
from collections.abc import Callable

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404

import accounts.rules  # noqa: F401  (registers "accounts.signed_in" before any view uses it)

log = logging.getLogger("delegation_desk.access")


def refuse(user, what, obj=None):
    """Log a refused access (ids only) and answer 404, so nothing about the object leaks."""
    log.warning(
        "access refused",
        extra={
            "event": "access_refused",
            "user_id": getattr(user, "pk", None),
            "what": what,
            "object_id": getattr(obj, "pk", None),
        },
    )
    raise Http404


@dataclasses.dataclass(frozen=True)
class Audience:
    """Who may see a view: anyone (`rule` None), or the signed-in users for whom `rule`
    holds, about the object `load` finds from the URL (or about nothing)."""

    rule: str | None
    load: Callable | None = None

    @property
    def url_arguments(self):
        """The URL arguments the loader takes (all but the request)."""
        if self.load is None:
            return ()
        return tuple(inspect.signature(self.load).parameters)[1:]

    def find(self, request, kwargs):
        """(object or None, the URL arguments left for the view)."""
        if self.load is None:
            return None, kwargs
        taken = {name: kwargs[name] for name in self.url_arguments if name in kwargs}
        rest = {name: value for name, value in kwargs.items() if name not in taken}
        return self.load(request, **taken), rest

    def admits(self, request, kwargs=None):
        """True if the view would open for this request (links in templates ask this)."""
        if self.rule is None:
            return True
        if not rules.has_perm("accounts.signed_in", request.user):
            return False
        try:
            obj, _rest = self.find(request, kwargs or {})
        except Http404:
            return False
        if self.load is not None and obj is None:
            return False
        return rules.has_perm(self.rule, request.user, obj)


def audience_of(view):
    """The Audience a view callable (function, `as_view()` or admin view) declares, or None."""
    found = getattr(view, "audience", None)
    if found is None:
        found = getattr(getattr(view, "view_class", None), "audience", None)
    return found


def _declare(view, audience):
    if audience_of(view) is not None:
        raise TypeError(f"{view!r} already states who may see it: one audience per view.")
    view.audience = audience
    return view


def for_anyone(view):
    """Public: anyone, signed in or not. Works on functions and on class-based views."""
    return _declare(view, Audience(None))


def requires(rule, *, object=None):
    """Signed in, and `rule` holds for the object `object(request, **url_arguments)` finds
    (no loader: the rule is about the user alone). Otherwise 302 to sign in, or 404."""
    if not rules.perm_exists(rule):
        raise LookupError(f"No rule named {rule!r} (see accounts/rules.py).")
    audience = Audience(rule, object)

    def decorator(view):
        if audience_of(view) is not None:
            raise TypeError(f"{view!r} already states who may see it: one audience per view.")

        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            obj, rest = audience.find(request, kwargs)
            if (object is not None and obj is None) or not rules.has_perm(rule, request.user, obj):
                refuse(request.user, rule, obj)
            if object is None:
                return view(request, *args, **rest)
            return view(request, obj, *args, **rest)

        return _declare(login_required(checked), audience)

    return decorator


def for_signed_in(view):
    """Any signed-in user, whatever their role."""
    return requires("accounts.signed_in")(view)
