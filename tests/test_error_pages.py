"""The site's own error pages: in the site's look, in the visitor's language, with a way back
and nothing technical, under the strict Content-Security-Policy (DEBUG is off in tests)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urlconfs.errors")]

TEXTS = {
    "da": {
        400: "Forespørgslen kunne ikke læses",
        403: "Du må ikke åbne denne side",
        404: "Siden findes ikke",
        500: "Der gik noget galt hos os",
        "csrf": "Formularen kunne ikke sendes",
        "back": "Gå til forsiden",
    },
    "en": {
        400: "This request could not be read",
        403: "You may not open this page",
        404: "Page not found",
        500: "Something went wrong on our side",
        "csrf": "The form could not be sent",
        "back": "Go to the start page",
    },
    "zh-hans": {
        400: "无法读取此请求",
        403: "您无权打开此页面",
        404: "找不到页面",
        500: "我们这边出了问题",
        "csrf": "表单无法发送",
        "back": "返回首页",
    },
}
TECHNICAL = ["DEBUG", "Traceback", "secret reason", "secret traceback detail", "CSRF verification"]


def assert_site_page(response, lang, key):
    body = response.content.decode()
    assert TEXTS[lang][key] in body
    assert f'<html lang="{lang}">' in body
    assert f'href="/{lang}/"' in body and TEXTS[lang]["back"] in body
    assert "/static/css/site.css" in body
    for word in TECHNICAL:
        assert word not in body
    # Strict CSP: no inline script or style anywhere on the page.
    assert "<script" not in body and "<style" not in body and " style=" not in body
    assert not re.search(r" on[a-z]+=", body)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("lang", TEXTS)
@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_page_in_the_address_language(visitor, lang, status):
    path = f"/{lang}/test-errors/{status}/" if status != 404 else f"/{lang}/no-such-page/"
    response = visitor.get(path)
    assert response.status_code == status
    assert_site_page(response, lang, status)


@pytest.mark.parametrize("lang", TEXTS)
def test_not_found_without_a_prefix_speaks_the_browsers_language(visitor, lang):
    response = visitor.get("/calendar/unknown.ics", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404
    assert_site_page(response, lang, 404)


@pytest.mark.parametrize("lang", TEXTS)
def test_refused_form_explains_without_technical_hints(lang):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        f"/{lang}/accounts/login/", {"username": "staff", "password": "demo-password"}
    )
    assert response.status_code == 403
    assert_site_page(response, lang, "csrf")


def test_server_error_page_does_not_touch_the_database():
    from config.views import server_error

    with translation.override("da"), CaptureQueriesContext(connection) as queries:
        response = server_error(None)
    assert response.status_code == 500
    assert len(queries) == 0
    assert TEXTS["da"][500] in response.content.decode()
