"""The languages that content is written in, as the settings name them
(`MODELTRANSLATION_LANGUAGES`, `MODELTRANSLATION_FALLBACK_LANGUAGES`): code that reads or
writes every language's column of a translated field asks here instead of listing them."""

from django.utils import translation
from django.utils.translation import gettext_noop
from modeltranslation import settings as translation_settings
from modeltranslation.utils import build_localized_fieldname, resolution_order

# Django's own admin strings that its Simplified Chinese catalogue lacks (Django 6.1): named
# here so that makemessages puts them into this project's catalogues, which Django reads
# before its own. They showed in English on Chinese admin pages: the empty choice of every
# select (the action picker of each change list) and the date hierarchy's label.
DJANGO_STRINGS_MISSING_IN_CHINESE = (
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
)


def content_languages():
    """Language codes with a column per translated field, e.g. ("da", "en", "zh-hans")."""
    return tuple(translation_settings.AVAILABLE_LANGUAGES)


def localized(field, language):
    """The column of `field` in `language`: ("name", "zh-hans") gives name_zh_hans."""
    return build_localized_fieldname(field, language)


def localized_names(field):
    """The column of `field` in each content language: name_da, name_en, name_zh_hans."""
    return [localized(field, code) for code in content_languages()]


def fallback_names(field, language=None):
    """The columns of `field` in the order modeltranslation reads them for `language`: its
    own, then the fallback languages (English, then Danish)."""
    language = language or translation_settings.DEFAULT_LANGUAGE
    if language not in translation_settings.AVAILABLE_LANGUAGES:
        language = translation_settings.DEFAULT_LANGUAGE
    return [localized(field, code) for code in resolution_order(language)]


def brackets():
    """The brackets of the active language: full width in Chinese ("（演讲人）"), else "( )"."""
    return ("（", "）") if (translation.get_language() or "").startswith("zh") else ("(", ")")


def in_brackets(text, before=""):
    """`before` and `text` in brackets, as the active language writes them: "Car 1 (VIP)",
    "1号车（VIP）" (no space before full-width brackets)."""
    opening, closing = brackets()
    space = " " if before and opening == "(" else ""
    return f"{before}{space}{opening}{text}{closing}"
