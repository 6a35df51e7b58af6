"""Sign-in that lands each role where its work is, in the language they read."""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.exceptions import ObjectDoesNotExist

from accounts.decorators import for_anyone
from accounts.landing import landing_url

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def with_language(url, language):
    """`url` with its language prefix ("/da/…") swapped for `language`; unchanged without one."""
    if language not in LANGUAGE_CODES:
        return url
    for code in LANGUAGE_CODES:
        prefix = f"/{code}/"
        if url.startswith(prefix):
            return f"/{language}/{url[len(prefix) :]}"
    return url


def preferred_language(user):
    try:
        return user.person.preferred_language
    except (ObjectDoesNotExist, AttributeError):
        return ""


@for_anyone
class RoleLoginView(LoginView):
    """Public: the sign-in page. Without a `next`, delegates go to their itinerary, embassy
    staff to their attendee lists and regional staff to the admin. They land in the language
    they chose on the sign-in page (its language links carry `language=`), else in their
    preferred language (Person.preferred_language), else in the sign-in page's."""

    redirect_authenticated_user = True

    def chosen_language(self):
        chosen = self.request.POST.get("language") or self.request.GET.get("language") or ""
        return chosen if chosen in LANGUAGE_CODES else ""

    def get_default_redirect_url(self):
        return landing_url(self.request.user)

    def get_success_url(self):
        url = super().get_success_url()
        if not self.request.user.is_authenticated:
            return url
        language = (
            self.chosen_language()
            or preferred_language(self.request.user)
            or self.request.LANGUAGE_CODE
        )
        return with_language(url, language)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "chosen_language": self.chosen_language()}
