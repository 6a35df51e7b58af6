"""Sign-in that lands each role where its work is."""

from django.contrib.auth.views import LoginView
from django.urls import reverse

from accounts.decorators import for_anyone
from accounts.rules import is_embassy_staff, is_regional_staff


@for_anyone
class RoleLoginView(LoginView):
    """Public: the sign-in page. Without a `next`, delegates go to their itinerary, embassy
    staff to their attendee lists and regional staff to the admin."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        user = self.request.user
        if is_regional_staff(user):
            return reverse("admin:index")
        if is_embassy_staff(user):
            return reverse("embassy:forums")
        return super().get_default_redirect_url()
