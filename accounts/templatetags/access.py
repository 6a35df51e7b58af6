"""Templates ask the same rules as the views (accounts/rules.py), never raw permissions.

{% load access %}
{% may_open "embassy:forums" as embassy_url %}  the URL if this user's request would open
                                                it (the view's own declared audience), else ""
{% may "forum.check_in" forum as may_check_in %}  one named rule, about an object or none
"""

from django import template
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from accounts.decorators import audience_of
from accounts.rules import may as _may

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, rule, obj=None):
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    return _may(user, rule, obj)


@register.simple_tag(takes_context=True)
def may_open(context, url_name, *args):
    """The URL of `url_name` if the view there admits this request, else "" (also when the
    URL does not exist in this configuration)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        url = reverse(url_name, args=args)
        match = resolve(url)
    except (NoReverseMatch, Resolver404):
        return ""
    audience = audience_of(match.func)
    if audience is None:
        raise LookupError(f"{url_name} states no audience (accounts/decorators.py).")
    return url if audience.admits(request, match.kwargs) else ""
