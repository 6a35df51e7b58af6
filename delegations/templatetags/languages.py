"""The language switcher: links to the same page in each language."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name in its own language, URL of this page in it, is current) per language.
    Plain links rather than a form: no CSRF token, so a visitor's page can be cached whole
    (pagecache/core.py), and each language's page has its own address."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    prefix = f"/{current}/"
    if here.startswith(prefix):
        # Paths are not translated, only prefixed (config/urls.py): swapping the prefix gives
        # what translate_url() would, without resolving the path once per language.
        rest = here[len(prefix) :]
        urls = {code: f"/{code}/{rest}" for code, _name in settings.LANGUAGES}
    else:
        urls = {code: translate_url(here, code) for code, _name in settings.LANGUAGES}
    return [
        (code, translation.get_language_info(code)["name_local"], urls[code], code == current)
        for code, _name in settings.LANGUAGES
    ]
