"""What a walk through the product as its non-staff users found (delegate, embassy, a
viewer of a shared link, the public), each kept from coming back: page titles with the site's
name once, zone names in words on the embassy's list and its exports, Chinese punctuation on
the embassy's filters, a visit's host named once on a public delegation page."""

import pathlib
import re

import pytest
from django.utils import translation

from delegations.calendar_feed import new_token
from delegations.models import Person
from delegations.sharing import new_link
from forum.filters import AttendeeFilter
from forum.models import Forum

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
BEIJING = "region-midtjylland-beijing-2016"
TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "templates"


def title_of(response):
    return response.content.decode().split("<title>")[1].split("</title>")[0]


def test_no_template_names_the_site_in_its_title_block_again():
    """base.html adds " – Delegation Desk" after every page's own title block."""
    doubled = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if '{% extends "base.html" %}' not in text:
            continue
        block = re.search(r"{% block title %}(.*?){% endblock %}", text, re.S)
        if block and "Delegation Desk" in block.group(1):
            doubled.append(str(path.relative_to(TEMPLATES)))
    assert doubled == []


@pytest.mark.parametrize(("lang", "site"), [("en", "Delegation Desk"), ("zh-hans", "代表团事务台")])
def test_shared_link_and_calendar_pages_name_the_site_once(client, delegate_user, lang, site):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    _link, token = new_link(anders, "Family")
    shared = client.get(f"/{lang}/shared/{token}/?delegation={BEIJING}")
    assert shared.status_code == 200
    title = title_of(shared)
    assert title.endswith(f" – {site}") and title.count(site) == 1, title
    client.force_login(delegate_user)
    new_token(anders)
    made = client.post(f"/{lang}/me/shared-links/", {"label": "Assistant", "trip": BEIJING})
    assert made.status_code == 200
    assert title_of(made).count(site) == 1
    question = client.post(f"/{lang}/me/calendar-link/", {"action": "rotate", "trip": BEIJING})
    assert question.status_code == 200
    assert title_of(question).count(site) == 1


@pytest.fixture
def embassy(client, embassy_user):
    client.force_login(embassy_user)
    return client


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "(China Time)"), ("da", "(Kinesisk tid)"), ("zh-hans", "（中国时间）")],
)
def test_the_check_in_column_names_the_zone_in_words(embassy, lang, words):
    assert Forum.objects.get(slug=SLUG).time_zone == "Asia/Shanghai"
    html = embassy.get(f"/{lang}/embassy/{SLUG}/attendees/").content.decode()
    assert f'<span class="zone">{words}</span>' in html
    assert "Asia/Shanghai" not in html


def test_chinese_filters_end_in_a_full_width_colon(embassy):
    html = embassy.get(f"/zh-hans/embassy/{SLUG}/attendees/?q=Chen").content.decode()
    assert "导出语言：</label>" in html and "导出语言:</label>" not in html
    assert "导出当前内容：" in html
    english = embassy.get(f"/en/embassy/{SLUG}/attendees/?q=Chen").content.decode()
    assert "Language of the export:</label>" in english and "Export what is shown: " in english


def test_the_exports_filter_lines_follow_the_language(embassy):
    forum = Forum.objects.get(slug=SLUG)
    with translation.override("zh-hans"):
        assert AttendeeFilter(forum, {"q": "Chen Jing"}).description() == [
            "姓名或电子邮件：Chen Jing"
        ]
    with translation.override("en"):
        assert AttendeeFilter(forum, {"q": "Chen Jing"}).description() == [
            "Name or e-mail: Chen Jing"
        ]
    response = embassy.get(f"/zh-hans/embassy/{SLUG}/attendees/export.csv?q=Chen+Jing&columns=name")
    assert response.status_code == 200


def test_a_visits_host_is_named_once_on_the_public_delegation_page(client):
    # Without a published report the page lists the visits itself (the demo's is published).
    from delegations.models import Delegation
    from delegations.trip_report import unpublish

    unpublish(Delegation.objects.get(slug=BEIJING), None)
    chinese = client.get(f"/zh-hans/delegations/{BEIJING}/").content.decode()
    visits = chinese.split("<h2>参访</h2>")[1].split("</ul>")[0]
    assert "<li>参观北京协和医院</li>" in visits
    assert visits.count("首都医科大学附属北京安定医院") == 1
    english = client.get(f"/en/delegations/{BEIJING}/").content.decode()
    visits = english.split("<h2>Visits</h2>")[1].split("</ul>")[0]
    # In English the hospital's Chinese name is still there, once, beside the English one.
    assert visits.count("北京协和医院") == 1 and "Peking Union Medical College Hospital" in visits


def test_the_print_view_asks_for_no_favicon(client, delegate_user):
    """Without its own icon link the browser asks /favicon.ico, which answers 404 (a console
    error on every print view); base.html's pages say `data:` already."""
    client.force_login(delegate_user)
    html = client.get(f"/en/me/print/?delegation={BEIJING}").content.decode()
    assert '<link rel="icon" href="data:,">' in html


def test_the_published_reports_visits_name_their_host_once(client):
    chinese = client.get(f"/zh-hans/delegations/{BEIJING}/").content.decode()
    highlights = chinese.split('class="report-programme"')[1].split("</ul>")[0]
    line = next(li for li in highlights.split("<li>") if "参观北京协和医院" in li)
    assert line.count("北京协和医院") == 1  # the title says it: no second name under it
