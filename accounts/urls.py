"""Sign-in, sign-out, password change and reset, with the site's own templates. Django's own
views state their audience here, as the site's views do on themselves (accounts/decorators.py)."""

import functools

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from accounts.decorators import for_anyone, for_signed_in
from accounts.invitations import ChoosePasswordView
from accounts.password_reset import ThrottledPasswordResetView
from accounts.views.login import RoleLoginView
from outbox.forms import PasswordResetForm


def forgets_offline_copies(view):
    """Sign-out also tells the browser to drop what this site kept on the device (the
    service worker's offline itinerary, config/offline.py): the next person using the
    device sees nothing of the last one's pages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return wrapper


app_name = "accounts"
urlpatterns = [
    path("login/", RoleLoginView.as_view(), name="login"),
    path(
        "logout/",
        for_anyone(forgets_offline_copies(auth.LogoutView.as_view())),
        name="logout",
    ),
    path(
        "password/change/",
        for_signed_in(
            auth.PasswordChangeView.as_view(
                success_url=reverse_lazy("accounts:password_change_done")
            )
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        for_signed_in(auth.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        for_anyone(
            ThrottledPasswordResetView.as_view(
                success_url=reverse_lazy("accounts:password_reset_done"),
                form_class=PasswordResetForm,  # sent through the outbox
                email_template_name="registration/password_reset_email.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        for_anyone(auth.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        for_anyone(
            auth.PasswordResetConfirmView.as_view(
                success_url=reverse_lazy("accounts:password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        for_anyone(auth.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    # The link of an invitation to sign in (accounts/invitations.py).
    path(
        "welcome/<uidb64>/<token>/",
        for_anyone(ChoosePasswordView.as_view()),
        name="invitation_confirm",
    ),
    path(
        "welcome/done/",
        for_anyone(
            auth.PasswordResetCompleteView.as_view(
                template_name="registration/invitation_complete.html"
            )
        ),
        name="invitation_complete",
    ),
]
