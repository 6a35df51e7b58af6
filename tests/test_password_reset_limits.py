"""Reset links are limited per e-mail address and per client address, with the same refusal
whether or not an account has the address."""

import re

import pytest

pytestmark = pytest.mark.django_db
RESET = "/{lang}/accounts/password/reset/"
REFUSALS = {
    "en": "Too many reset links have been asked for",
    "da": "Der er bedt om for mange nulstillingslinks",
    "zh-hans": "请求重置链接的次数过多",
}


@pytest.fixture(autouse=True)
def counting_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "password-reset-limits",
        }
    }
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 5
    from django.core.cache import caches

    caches["default"].clear()


def sent():
    """Reset mails queued (every e-mail goes through the outbox, outbox/)."""
    from outbox.models import OutboxMessage

    return OutboxMessage.objects.count()


def ask(client, email, ip="10.1.1.1", lang="en"):
    return client.post(RESET.format(lang=lang), {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("lang", REFUSALS)
def test_per_address_limit_with_a_clear_message(client, delegate_user, lang):
    for n in range(3):
        response = ask(client, "delegate@example.org", ip=f"10.1.1.{n}", lang=lang)
        assert response.status_code == 302
    assert sent() == 3
    refused = ask(client, "DELEGATE@example.org", ip="10.1.1.9", lang=lang)
    assert refused.status_code == 429
    assert REFUSALS[lang] in refused.content.decode()
    assert sent() == 3
    # Another address is not affected.
    assert ask(client, "someone@example.org", ip="10.1.1.8", lang=lang).status_code == 302


def test_per_client_limit(client, delegate_user):
    for n in range(5):
        assert ask(client, f"nobody{n}@example.org").status_code == 302
    refused = ask(client, "delegate@example.org")
    assert refused.status_code == 429
    assert sent() == 0
    assert ask(client, "delegate@example.org", ip="10.2.2.2").status_code == 302
    assert sent() == 1


def test_refusal_does_not_reveal_accounts(client, delegate_user):
    for _ in range(3):
        ask(client, "delegate@example.org")
        ask(client, "nobody@example.org")
    known = ask(client, "delegate@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 429

    def page(response, address):
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return body.replace(address, "X@")

    assert page(known, "delegate@") == page(unknown, "nobody@")


def test_behind_the_proxy_the_client_is_the_forwarded_address(client, settings, delegate_user):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        client.post(
            RESET.format(lang="en"),
            {"email": f"n{n}@example.org"},
            REMOTE_ADDR="172.18.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    other = client.post(
        RESET.format(lang="en"),
        {"email": "delegate@example.org"},
        REMOTE_ADDR="172.18.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302
