"""The second-factor page: enrol an authenticator app once, then enter its code at sign-in."""

import segno
from django import forms
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.decorators import for_signed_in
from accounts.landing import landing_url
from config.caching import no_store


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Enter the six digits your app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return landing_url(request.user)


@for_signed_in
@never_cache
def verify(request):
    """Any signed-in user; only privileged sessions are sent here (accounts.two_factor)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "authenticator app"}
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Too many wrong codes. Wait a minute and try again."))
        elif device.verify_token(form.cleaned_data["code"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(safe_next(request))
        else:
            form.add_error(
                "code", _("That code is not right. Check that your phone's clock is correct.")
            )
    context = {"form": form, "enrolling": enrolling, "next": safe_next(request)}
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url).svg_inline(scale=5, border=2)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return no_store(render(request, "accounts/two_factor.html", context))
