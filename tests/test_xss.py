"""Markup typed into any text field, in any language, is shown escaped on every page."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models

pytestmark = pytest.mark.django_db
PAYLOAD = '<i onmouseover=x>"'
ESCAPED = "&lt;i onmouseover=x&gt;"
SLUG = "china-denmark-cities-regions-forum-2016"
BEIJING = "region-midtjylland-beijing-2016"


def free_text_fields(model):
    """Text fields that people type freely (not codes, slugs, e-mails, zones or choices)."""
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if isinstance(field, (models.SlugField, models.EmailField, models.URLField)):
            continue
        custom = [
            v
            for v in field.validators
            if not isinstance(v, (MaxLengthValidator, ProhibitNullCharactersValidator))
        ]
        if field.choices or custom or field.primary_key or field.unique:
            continue
        if field.max_length and field.max_length < len(PAYLOAD):
            continue
        if field.name in {"calendar_token", "query", "phone"}:
            continue
        yield field.name


@pytest.fixture
def hostile_text():
    """Every free text field of every delegations/forum row, in every language."""
    for label in ("delegations", "forum"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            names = list(free_text_fields(model))
            if names:
                model._default_manager.update(**dict.fromkeys(names, PAYLOAD))


PAGES = {
    None: [
        "/{lang}/",
        f"/{{lang}}/forum/{SLUG}/",
        f"/{{lang}}/forum/{SLUG}/speakers/",
        f"/{{lang}}/delegations/{BEIJING}/",
        "/{lang}/partnerships/",
    ],
    "delegate": [
        f"/{{lang}}/me/?delegation={BEIJING}&home=1",
        f"/{{lang}}/me/print/?delegation={BEIJING}",
    ],
    "embassy": [
        f"/{{lang}}/embassy/{SLUG}/attendees/?columns=name&columns=organisation&columns=sessions"
    ],
    "staff": [
        f"/{{lang}}/me/staff/delegations/{BEIJING}/",
        "/admin/delegations/delegation/overview/",
    ],
}


@pytest.mark.parametrize("lang", ["da", "en", "zh-hans"])
def test_markup_is_escaped_everywhere(client, hostile_text, lang):
    from forum.models import Session

    session = Session.objects.filter(forum__slug=SLUG).first()
    pages = {**PAGES, None: [*PAGES[None], f"/{{lang}}/forum/{SLUG}/sessions/{session.pk}/"]}
    for username, urls in pages.items():
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        for pattern in urls:
            url = pattern.format(lang=lang)
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert "<i onmouseover" not in html, url
            assert ESCAPED in html, url  # the payload reached the page, escaped


def test_calendar_feed_and_exports_carry_text_not_markup(client, hostile_text):
    from delegations.calendar_feed import new_token
    from delegations.models import Person

    token = new_token(Person.objects.get(email="anders.kuhnau@example.org"))
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and PAYLOAD.encode()[:10] in feed.content
    assert feed["Content-Type"].startswith("text/calendar")
