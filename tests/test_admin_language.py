"""The admin speaks the staff member's language: a switch kept in the language cookie,
translated action labels, choice labels (not codes) in history; and Django's browser-clock
note, misleading beside fields that read their own zone, is hidden (no inline style: CSP)."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from delegations import workflow
from delegations.models import Delegation

pytestmark = pytest.mark.django_db


def choose(client, language, next_url="/admin/"):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return response


def test_the_switch_is_on_every_admin_page_and_marks_the_current_language(staff_client):
    page = staff_client.get(reverse("admin:delegations_delegation_changelist")).content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert re.search(r'<option value="en" lang="en" selected>English</option>', page)
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in page
    assert 'name="next" value="/admin/delegations/delegation/"' in page


@pytest.mark.parametrize(
    ("language", "move", "html_lang"),
    [("da", "Flyt til “Planlægning”", "da"), ("zh-hans", "改为“筹划中”", "zh-hans")],
)
def test_the_chosen_language_is_kept_and_actions_speak_it(staff_client, language, move, html_lang):
    response = choose(staff_client, language)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    page = staff_client.get(reverse("admin:delegations_delegation_changelist")).content.decode()
    assert f'<html lang="{html_lang}"' in page
    assert move in page
    assert "Move to" not in page
    # Later pages keep it: the cookie, not a URL prefix, decides in the admin.
    again = staff_client.get(reverse("admin:index")).content.decode()
    assert f'<html lang="{html_lang}"' in again


def test_action_labels_are_translated_when_shown_not_at_start_up():
    model_admin = admin.site._registry[Delegation]
    action = next(a for a in model_admin.actions if a.__name__ == "move_to_confirmed")
    with translation.override("da"):
        assert str(action.short_description) == "Flyt til “Bekræftet”"
    with translation.override("en"):
        assert str(action.short_description) == "Move to “Confirmed”"


def test_history_shows_status_labels_in_the_staff_language(staff_client, staff_user):
    trip = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    workflow.advance(trip, "invited", by=staff_user)
    choose(staff_client, "da")
    page = staff_client.get(
        reverse("admin:delegations_delegation_history", args=[trip.pk])
    ).content.decode()
    assert "Planlægning" in page and "Inviteret" in page
    assert "planning" not in re.sub(r"<[^>]+>", "", page)


def test_the_browser_clock_note_is_hidden_by_a_stylesheet(staff_client):
    page = staff_client.get(reverse("admin:delegations_travelleg_add")).content.decode()
    assert 'href="/static/admin-extra/admin-extra.css"' in page
    css = (settings.BASE_DIR / "static" / "admin-extra" / "admin-extra.css").read_text()
    assert re.search(r"\.timezonewarning\s*\{\s*display:\s*none;", css)


def test_admin_pages_carry_no_inline_script_or_style(staff_client):
    trip = Delegation.objects.get(slug="region-midtjylland-beijing-2016")
    page = staff_client.get(
        reverse("admin:delegations_delegation_change", args=[trip.pk])
    ).content.decode()
    assert " style=" not in page
    assert "<style" not in page
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "onclick=" not in page and "onchange=" not in page


def test_a_person_never_signed_in_reads_a_dash_not_none(staff_client):
    """The read-only "last sign-in" printed Python's None (and a login its UTC repr)."""
    import datetime as dt

    from delegations.models import Person

    choose(staff_client, "da")
    never = Person.objects.filter(user__isnull=True).first()
    html = staff_client.get(reverse("admin:delegations_person_change", args=[never.pk]))
    text = html.content.decode()
    assert re.search(r"field-last_sign_in.*?<div class=\"readonly\">-</div>", text, re.S)
    assert ">None<" not in text
    delegate = Person.objects.get(user__username="delegate")
    delegate.user.last_login = dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)  # 03:30 CEST
    delegate.user.save(update_fields=["last_login"])
    text = staff_client.get(
        reverse("admin:delegations_person_change", args=[delegate.pk])
    ).content.decode()
    assert re.search(r"field-last_sign_in.*?readonly\">28\. marts 2027 03:30</div>", text, re.S)
    translation.activate(settings.LANGUAGE_CODE)  # the requests left Danish active
