"""The delegate on the road (/me/): the trip under way at today in the trip's zone, today and
tomorrow first, the next item marked, the days gone by folded; a driver card with the
place's Chinese name and maps; the trip's contacts; declining with a reason; zone names in
words and Chinese typography."""

import datetime as dt
import re
import subprocess
import urllib.parse
import zoneinfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from delegations.itinerary import choose_trip
from delegations.membership import memberships_of
from delegations.models import DelegationMember, Person, TripContact

pytestmark = pytest.mark.django_db
BEIJING_TRIP = "region-midtjylland-beijing-2016"
SHANGHAI_TRIP = "region-midtjylland-shanghai-2027"
# The trip after Beijing in the demo's calendar: Anders went to Shanghai again in 2019.
NEXT_AFTER_BEIJING = "region-midtjylland-shanghai-2019"
CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")


def in_beijing(day, hour, minute=0):
    return dt.datetime(2016, 12, day, hour, minute, tzinfo=CHINA)


@pytest.fixture
def anders():
    return Person.objects.get(email="anders.kuhnau@example.org")


@pytest.fixture
def delegate(client, delegate_user):
    client.force_login(delegate_user)
    return client


def test_the_trip_under_way_is_chosen_by_the_date_at_its_destination(anders):
    memberships = list(memberships_of(anders))
    assert choose_trip(memberships, "", in_beijing(5, 8, 30)).slug == BEIJING_TRIP
    # 7 December 23:30 in Beijing is still the trip's last day there...
    assert choose_trip(memberships, "", in_beijing(7, 23, 30)).slug == BEIJING_TRIP
    # ...and at 01:00 on the 8th in Beijing it is over, though Copenhagen is still on the 7th.
    late = in_beijing(8, 1, 0)
    assert late.astimezone(zoneinfo.ZoneInfo("Europe/Copenhagen")).date() == dt.date(2016, 12, 7)
    assert choose_trip(memberships, "", late).slug == NEXT_AFTER_BEIJING
    # Before any trip: the next one.
    assert choose_trip(memberships, "", in_beijing(1, 12)).slug == BEIJING_TRIP


def test_a_declined_trip_is_not_the_one_shown(anders):
    member = DelegationMember.objects.get(person=anders, delegation__slug=BEIJING_TRIP)
    member.answer = DelegationMember.Answer.DECLINED
    member.save()
    memberships = list(memberships_of(anders))
    assert choose_trip(memberships, "", in_beijing(5, 8, 30)).slug == NEXT_AFTER_BEIJING


def sections(html):
    """The ids of the day sections in the order the page shows them."""
    import re

    return re.findall(r'<section class="day[^"]*" id="day-([\d-]+)"', html)


def test_me_opens_on_today_in_the_trip_zone_with_the_next_item_marked(delegate, frozen_now):
    frozen_now(in_beijing(5, 8, 30))
    html = delegate.get("/en/me/").content.decode()
    # Today and tomorrow first, then the last day, then the days gone by.
    assert sections(html) == ["2016-12-05", "2016-12-06", "2016-12-07", "2016-12-03", "2016-12-04"]
    assert 'class="day-label">Today</span> Monday 5 December 2016' in html
    assert 'class="day-label">Tomorrow</span> Tuesday 6 December 2016' in html
    # The opening at 09:00 is next.
    next_item = html.split('id="next"')[1].split("</li>")[0]
    assert "Opening of the forum" in next_item and "Next" in next_item
    # The days gone by are folded (no JavaScript needed).
    past = html.split('<section class="past-days">')[1]
    assert past.count("<details") == 2 and "<details open" not in past
    assert "Visit to Peking Union Medical College Hospital" in past


def test_during_a_session_it_is_the_one_marked(delegate, frozen_now):
    frozen_now(in_beijing(5, 9, 50))  # the opening is over, the plenary under way
    html = delegate.get("/en/me/").content.decode()
    assert (
        "Cross-sector coordination in health care" in html.split('id="next"')[1].split("</li>")[0]
    )


def test_after_midnight_in_beijing_today_is_the_next_day(delegate, frozen_now):
    frozen_now(in_beijing(6, 0, 10))  # 5 December, 17:10 in Copenhagen
    html = delegate.get("/en/me/").content.decode()
    assert sections(html)[0] == "2016-12-06"
    assert 'class="day-label">Today</span> Tuesday 6 December 2016' in html


def test_the_kept_page_turns_over_at_midnight_in_the_trip_zone(
    delegate, frozen_now, settings, django_assert_max_num_queries
):
    """The page cache keeps /me/ whole; it must not show yesterday as today after midnight
    in Beijing, while the server's own date (Copenhagen) has not changed."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "road"}
    }
    cache.clear()
    frozen_now(in_beijing(5, 23, 50))
    delegate.get("/en/me/")  # the CSRF cookie
    assert sections(delegate.get("/en/me/").content.decode())[0] == "2016-12-05"
    with django_assert_max_num_queries(1):  # kept: the session only
        kept = delegate.get("/en/me/")
    assert kept.context is None and sections(kept.content.decode())[0] == "2016-12-05"
    frozen_now(in_beijing(6, 0, 10))
    turned = delegate.get("/en/me/")
    assert turned.context is not None
    assert sections(turned.content.decode())[0] == "2016-12-06"
    cache.clear()


def test_the_kept_page_moves_the_next_mark_when_an_item_starts_or_ends(
    delegate, frozen_now, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "road"}
    }
    cache.clear()

    def marked(response):
        return response.content.decode().split('id="next"')[1].split("</li>")[0]

    frozen_now(in_beijing(5, 8, 30))
    delegate.get("/en/me/")  # the CSRF cookie
    assert "Opening of the forum" in marked(delegate.get("/en/me/"))
    frozen_now(in_beijing(5, 8, 55))
    assert delegate.get("/en/me/").context is None  # kept until the opening starts at 09:00
    frozen_now(in_beijing(5, 9, 50))  # the opening ended at 09:45
    moved = delegate.get("/en/me/")
    assert moved.context is not None
    assert "Cross-sector coordination in health care" in marked(moved)
    cache.clear()


def shown(html):
    """The page without its machine-read attributes: the offline copy's stamp carries the zone
    id for the service worker (data-zone), which nobody reads."""
    return re.sub(r' data-zone="[^"]*"', "", html)


def test_chinese_page_in_chinese_order_and_punctuation(delegate, frozen_now):
    frozen_now(in_beijing(5, 8, 30))
    html = delegate.get("/zh-hans/me/?home=1").content.decode()
    assert "2016年12月5日 星期一" in html
    assert "中国时间" in html
    assert "Asia/Shanghai" not in shown(html) and "Europe/Copenhagen" not in shown(html)
    assert "口译员：" in html or "口译：" in html or "翻译：" in html
    assert ": " not in html.split("<main")[1].split("</main>")[0].replace("http", "")


def test_home_time_marks_the_day_before_and_after(delegate, frozen_now, anders):
    from delegations.itinerary import build_itinerary
    from delegations.models import Delegation

    trip = Delegation.objects.get(slug=BEIJING_TRIP)
    items = build_itinerary(anders, delegation=trip).items
    # The reception at 18:30 in Beijing is 11:30 the same day at home; the transfer at 08:30
    # on the 7th is 01:30 at home: the same day too; a Beijing item before 07:00 is -1.
    shifts = {i.title: i.home_day_shift(trip.home_time_zone) for i in items}
    assert all(shift in (0, -1, 1) for shift in shifts.values())
    first = items[0]  # SK 995 leaves Copenhagen at 17:40: at home, the same day
    assert first.home_day_shift(trip.home_time_zone) == 0
    frozen_now(in_beijing(5, 8, 30))
    trip.home_time_zone = "America/Los_Angeles"  # 16 hours behind Beijing
    trip.save()
    html = delegate.get("/en/me/?home=1").content.decode()
    assert '<span class="day-shift">(−1)</span>' in html
    trip.home_time_zone = "Pacific/Auckland"  # 5 hours ahead in December
    trip.save()
    html = delegate.get("/en/me/?home=1").content.decode()
    assert '<span class="day-shift">(+1)</span>' in html


def test_driver_card_with_the_chinese_name_maps_and_a_call_to_the_hotel(delegate, frozen_now):
    frozen_now(in_beijing(5, 8, 30))
    html = delegate.get("/da/me/").content.decode()
    visit = html.split("Besøg på Peking Union Medical College Hospital")[1].split("</li>")[0]
    assert '<p class="native-name" lang="zh-Hans">北京协和医院</p>' in visit
    assert '<span lang="zh-Hans" class="native-address">北京市东城区帅府园1号</span>' in visit
    keyword = urllib.parse.quote_plus("北京协和医院")
    assert f"https://uri.amap.com/search?keyword={keyword}" in visit
    assert "https://www.openstreetmap.org/search?query=" in visit
    check_in = html.split('class="item item-check_in')[1].split("</li>")[0]
    assert "北京燕莎中心凯宾斯基饭店" in check_in
    assert 'href="tel:+861000000300"' in check_in
    # The booking reference has a label.
    assert "Bookingnummer" in check_in and "<strong>DEMO-4711</strong>" in check_in


def test_contacts_card_with_emergency_numbers(delegate, frozen_now):
    frozen_now(in_beijing(5, 8, 30))
    html = delegate.get("/en/me/").content.decode()
    card = html.split('<section class="contacts"')[1].split("</section>")[0]
    for text in (
        "Coordinator at the office",
        "Signe Madsen",
        "Embassy duty officer",
        'href="tel:+861000000201"',
        "Royal Danish Embassy in Beijing",
        'href="tel:+861000000200"',
        "王丽",
        "Kempinski Hotel Beijing Lufthansa Center",
        'href="tel:+861000000300"',
        'href="tel:110"',
        'href="tel:120"',
        'href="tel:119"',
        "Police",
        "Ambulance",
        "Fire",
    ):
        assert text in card, text


def test_contacts_follow_the_destination_country(delegate, frozen_now):
    from delegations.models import Delegation

    frozen_now(in_beijing(5, 8, 30))
    Delegation.objects.filter(slug=BEIJING_TRIP).update(destination_country="DK")
    card = delegate.get("/en/me/").content.decode().split('<section class="contacts"')[1]
    assert 'href="tel:112"' in card and 'href="tel:110"' not in card


def test_staff_set_contacts_on_the_trip_in_the_admin(staff_client):
    from delegations.models import Delegation

    trip = Delegation.objects.get(slug=BEIJING_TRIP)
    html = staff_client.get(f"/admin/delegations/delegation/{trip.pk}/change/").content.decode()
    assert "contacts-TOTAL_FORMS" in html
    assert TripContact.objects.filter(delegation=trip).count() == 5


def test_print_view_and_pdf_have_driver_cards_contacts_and_home_time(
    delegate, frozen_now, tmp_path
):
    frozen_now(in_beijing(5, 8, 30))
    html = delegate.get("/zh-hans/me/print/?home=1").content.decode()
    assert '<p class="native-name" lang="zh-Hans">北京协和医院</p>' in html
    assert "uri.amap.com" in html and 'href="tel:120"' in html
    assert "家乡时间" in html or "本地" in html or "Home time" not in html
    assert "data-print hidden" in html and "js/print-button.js" in html
    assert 'class="button" href="/zh-hans/me/?' in html  # a real Back link
    pdf = delegate.get("/zh-hans/me/itinerary.pdf?home=1")
    path = tmp_path / "itinerary.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    for expected in ("北京协和医院", "帅府园1号", "110", "120", "119", "Signe Madsen"):
        assert expected in text, expected
    plain = delegate.get("/zh-hans/me/print/").content.decode()
    assert html.count('class="home-time"') > 0 and plain.count('class="home-time"') == 0


def test_declining_asks_first_and_keeps_the_reason_for_staff(delegate, anders, staff_user):
    staff_client = Client()
    staff_client.force_login(staff_user)
    member = DelegationMember.objects.get(person=anders, delegation__slug=SHANGHAI_TRIP)
    me = delegate.get(f"/en/me/?delegation={SHANGHAI_TRIP}").content.decode()
    # "Decline" is a link to a page that asks; it does not decline at once.
    assert f'href="/en/me/memberships/{member.pk}/decline/"' in me
    page = delegate.get(f"/en/me/memberships/{member.pk}/decline/").content.decode()
    assert 'name="reason"' in page and 'value="declined"' in page
    member.refresh_from_db()
    assert member.answer == "pending"
    response = delegate.post(
        f"/en/me/memberships/{member.pk}/answer/",
        {"answer": "declined", "reason": "A council meeting that week."},
        follow=True,
    )
    member.refresh_from_db()
    assert member.answer == "declined" and member.decline_reason == "A council meeting that week."
    assert "is saved: Declined." in response.content.decode()
    admin = staff_client.get(
        f"/admin/delegations/delegation/{member.delegation_id}/change/"
    ).content.decode()
    assert "A council meeting that week." in admin
    # Confirming later clears the reason; the message names that answer.
    response = delegate.post(
        f"/en/me/memberships/{member.pk}/answer/", {"answer": "confirmed"}, follow=True
    )
    member.refresh_from_db()
    assert member.answer == "confirmed" and member.decline_reason == ""
    assert "is saved: Confirmed." in response.content.decode()


def test_a_language_chosen_on_the_sign_in_page_is_kept(client, delegate_user):
    delegate_user.set_password("pw-for-test")
    delegate_user.save()
    login = client.get("/zh-hans/accounts/login/?next=/da/me/").content.decode()
    # The sign-in page's language links say the language was chosen.
    assert 'href="/da/accounts/login/?next=/da/me/&amp;language=da"' in login
    page = client.get("/zh-hans/accounts/login/?next=/da/me/&language=zh-hans")
    assert 'name="language" value="zh-hans"' in page.content.decode()
    response = client.post(
        "/zh-hans/accounts/login/?next=/da/me/&language=zh-hans",
        {
            "username": "delegate",
            "password": "pw-for-test",
            "next": "/da/me/",
            "language": "zh-hans",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/zh-hans/me/"


def test_the_preferred_language_is_the_default_after_sign_in(client, delegate_user):
    delegate_user.set_password("pw-for-test")
    delegate_user.save()
    person = delegate_user.person
    person.preferred_language = "zh-hans"
    person.save()
    response = client.post(
        "/en/accounts/login/", {"username": "delegate", "password": "pw-for-test"}
    )
    assert response.status_code == 302 and response["Location"] == "/zh-hans/me/"
    client.logout()
    # A choice on the sign-in page counts over the preference.
    response = client.post(
        "/en/accounts/login/?language=da",
        {"username": "delegate", "password": "pw-for-test", "language": "da"},
    )
    assert response["Location"] == "/da/me/"


@pytest.mark.parametrize("language", ["en", "da", "zh-hans"])
def test_no_zone_ids_on_delegate_and_public_pages(client, delegate, frozen_now, language):
    from forum.models import Forum

    frozen_now(in_beijing(5, 8, 30))
    forum = Forum.objects.get(slug="china-denmark-cities-regions-forum-2016")
    session = forum.sessions.order_by("starts_at").first()
    urls = [
        f"/{language}/me/?home=1",
        f"/{language}/me/print/?home=1",
        f"/{language}/forum/{forum.slug}/",
        f"/{language}/forum/{forum.slug}/sessions/{session.pk}/",
    ]
    words = {"en": "China Time", "da": "Kinesisk tid", "zh-hans": "中国时间"}[language]
    for url in urls:
        with translation.override(language):
            html = delegate.get(url).content.decode()
        assert "Asia/Shanghai" not in shown(html) and "Europe/Copenhagen" not in shown(html), url
        assert words in html, url


# --- polish found on the way ----------------------------------------------------------------

FORUM = "china-denmark-cities-regions-forum-2016"


def test_the_programme_links_the_public_delegation_pages(client):
    html = client.get(f"/en/forum/{FORUM}/").content.decode()
    assert f'href="/en/delegations/{BEIJING_TRIP}/"' in html
    assert "Participating delegations" in html


def test_session_speakers_link_the_speakers_page(client):
    from forum.models import Forum

    forum = Forum.objects.get(slug=FORUM)
    opening = forum.sessions.get(title_en="Opening of the forum")
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    anchor = f'href="/en/forum/{FORUM}/speakers/#person-{anders.pk}"'
    assert anchor in client.get(f"/en/forum/{FORUM}/").content.decode()
    session = client.get(f"/en/forum/{FORUM}/sessions/{opening.pk}/").content.decode()
    assert anchor in session
    # Two speakers: "Speakers"; one moderator: "Moderator".
    assert "<h2>Speakers</h2>" in session and "<h2>Moderator</h2>" in session
    assert "<h2>Speaker</h2>" not in session
    speakers = client.get(f"/en/forum/{FORUM}/speakers/").content.decode()
    assert f'id="person-{anders.pk}"' in speakers


def test_chinese_public_pages_use_full_width_punctuation(client):
    with translation.override("zh-hans"):
        home = client.get("/zh-hans/").content.decode()
        programme = client.get(f"/zh-hans/forum/{FORUM}/").content.decode()
    assert "主办方：" in home and "主办方: " not in home
    assert "（演讲人）" in programme and "(演讲人)" not in programme
    assert "2016年12月5日 星期一" in programme and "星期一 2016年12月5日" not in programme


def test_every_title_has_the_site_name(client, delegate):
    for url in (
        "/en/",
        f"/en/forum/{FORUM}/",
        f"/en/forum/{FORUM}/speakers/",
        "/en/me/",
        "/en/me/print/",
        f"/en/delegations/{BEIJING_TRIP}/",
        "/en/partnerships/",
    ):
        html = delegate.get(url).content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert title.endswith("– Delegation Desk") and title.count("Delegation Desk") == 1, url


def test_the_menus_programme_opens_the_current_forums_programme(client):
    html = client.get("/en/partnerships/").content.decode()
    assert 'href="/en/programme/"' in html
    response = client.get("/en/programme/")
    assert response.status_code == 302 and response["Location"] == f"/en/forum/{FORUM}/"


def test_the_demo_closing_session_is_a_closing():
    from forum.models import Session

    assert Session.objects.get(title_en="Closing of the forum").kind == Session.Kind.CLOSING


def test_the_delegation_page_names_a_visit_once(client):
    html = client.get(f"/en/delegations/{BEIJING_TRIP}/").content.decode()
    # Once for the visit (its title names the host), once for the outcome agreed with it.
    assert html.count("Visit to Peking Union Medical College Hospital") == 1
    assert html.count("Peking Union Medical College Hospital") == 2
