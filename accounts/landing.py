"""Where each role lands after signing in (password, then the second factor if any)."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from accounts.rules import is_embassy_staff, is_regional_staff


def landing_url(user):
    """Regional staff: the admin; embassy staff: their attendee lists; everyone else (the
    delegates): their own itinerary."""
    if is_regional_staff(user):
        return reverse("admin:index")
    if is_embassy_staff(user):
        return reverse("embassy:forums")
    return resolve_url(settings.LOGIN_REDIRECT_URL)
