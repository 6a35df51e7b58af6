"""Sign-in that lands each role where its work is."""

from django.contrib.auth.views import LoginView

from accounts.decorators import for_anyone
from accounts.landing import landing_url


@for_anyone
class RoleLoginView(LoginView):
    """Public: the sign-in page. Without a `next`, delegates go to their itinerary, embassy
    staff to their attendee lists and regional staff to the admin."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)
