"""The second-factor page: enrol an authenticator app once, then enter its code at sign-in.

The first enrolment is confirmed by a code e-mailed to the account's address first: without
it, whoever had the password first could enrol their own phone. The code (six digits, valid
ENROLMENT_CODE_MINUTES, five tries) is kept hashed in the session; once it is right the
session may show the QR code and confirm the device.
"""

import secrets
import time

import segno
from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

import outbox
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


ADDRESS_CHECK = "two_factor_address"  # in the session: {user, hash, expires, tries, confirmed}
ADDRESS_TRIES = 5


class AddressCodeForm(forms.Form):
    address_code = forms.RegexField(
        label=gettext_lazy("Code from the e-mail"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Enter the six digits from the e-mail.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _code_hash(user, code):
    salt = "accounts.two_factor.address"
    return salted_hmac(salt, f"{user.pk}:{code}", algorithm="sha256").hexdigest()


def _address_check(request):
    check = request.session.get(ADDRESS_CHECK)
    if not check or check.get("user") != request.user.pk:
        return None
    return check


def address_confirmed(request):
    check = _address_check(request)
    return bool(check and check.get("confirmed"))


def send_address_code(request):
    """E-mail a new code to the account's address (through the outbox)."""
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[ADDRESS_CHECK] = {
        "user": request.user.pk,
        "hash": _code_hash(request.user, code),
        "expires": time.time() + settings.ENROLMENT_CODE_MINUTES * 60,
        "tries": 0,
        "confirmed": False,
    }
    outbox.send(
        to=request.user.email,
        template="accounts/email/enrolment_code",
        context={"code": code, "minutes": settings.ENROLMENT_CODE_MINUTES},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        kind="enrolment_code",
    )


def address_step(request):
    """Before a first enrolment: confirm the code sent to the account's address."""
    context = {"next": safe_next(request), "address": request.user.email}
    if not request.user.email:
        context["no_address"] = True
        return no_store(render(request, "accounts/two_factor_address.html", context))
    check = _address_check(request)
    form = AddressCodeForm(request.POST if "address_code" in request.POST else None)
    if request.method == "POST" and "resend" in request.POST:
        send_address_code(request)
        context["sent"] = True
    elif check is None or check["expires"] < time.time() or check["tries"] >= ADDRESS_TRIES:
        if request.method == "POST" and check is not None:
            form = AddressCodeForm()
            context["expired"] = True
        send_address_code(request)
        context["sent"] = True
    elif request.method == "POST" and form.is_valid():
        code = form.cleaned_data["address_code"].strip()
        if constant_time_compare(_code_hash(request.user, code), check["hash"]):
            check["confirmed"] = True
            request.session[ADDRESS_CHECK] = check
            return redirect(request.get_full_path())
        check["tries"] += 1
        request.session[ADDRESS_CHECK] = check
        form.add_error("address_code", _("That code is not right. Check the latest e-mail."))
    context["form"] = form
    return no_store(render(request, "accounts/two_factor_address.html", context))


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
    if enrolling and not address_confirmed(request):
        return address_step(request)
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
                request.session.pop(ADDRESS_CHECK, None)
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
