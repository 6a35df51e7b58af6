"""The door page (forum/views/door.py) without a browser: who may open it, the search that
finds full names in any order, script and accents, check-in once per nonce, by card or by
badge code, cancelled people refused, undo back to the status from before, the way back to
the same search and card, and SQL that does not grow with the forum."""

import uuid

import pytest
from django.utils import translation

from delegations.models import Person
from forum.models import CheckInEvent, Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
DOOR = f"/en/embassy/{SLUG}/door/"
POST = f"/en/embassy/{SLUG}/door/check-in/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def embassy(client, embassy_user):
    client.force_login(embassy_user)
    return client


@pytest.fixture
def forum():
    return Forum.objects.get(slug=SLUG)


def found(client, query):
    page = client.get(DOOR, {"q": query})
    assert page.status_code == 200
    return {card.person.email for card in page.context["cards"]}


@pytest.mark.parametrize(
    "query",
    ["Chen Jing", "Jing Chen", "陈静", "chen jing", "JING", "  Jing   Chen "],
)
def test_finds_a_chinese_name_in_any_order_and_script(embassy, query):
    assert "chen.jing@example.org" in found(embassy, query)


@pytest.mark.parametrize(
    "query", ["Sorensen", "Sørensen", "Bettina Sørensen", "bettina sorensen", "Balslev Bettina"]
)
def test_finds_a_danish_name_without_its_accents(embassy, query):
    assert "bettina.sorensen@example.org" in found(embassy, query)


def test_a_name_that_is_not_there_finds_nobody(embassy):
    assert found(embassy, "Jing Sørensen") == set()
    assert found(embassy, "!!!") == set()
    page = embassy.get(DOOR, {"q": "Nobody Atall"})
    assert "Nobody of this forum has that name." in page.content.decode()


def test_only_staff_who_check_in_at_this_forum_may_open_it(
    client, embassy_user, delegate_user, other_embassy, staff_user
):
    assert client.get(DOOR).status_code in (302, 404)
    client.force_login(delegate_user)
    assert client.get(DOOR).status_code == 404
    client.force_login(other_embassy[0])
    assert client.get(DOOR).status_code == 404
    assert client.post(POST, {"code": "X", "nonce": uuid.uuid4().hex}).status_code == 404
    client.force_login(staff_user)
    assert client.get(DOOR).status_code == 200
    client.force_login(embassy_user)
    page = client.get(DOOR)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]


def test_arrived_and_expected(embassy, forum):
    page = embassy.get(DOOR)
    registrations = Registration.objects.filter(forum=forum)
    assert page.context["arrived"] == registrations.filter(status="attended").count()
    assert page.context["expected"] == registrations.exclude(status="cancelled").count()
    guest = registrations.filter(status="registered").first()
    embassy.post(POST, {"registration": guest.pk, "nonce": uuid.uuid4().hex})
    assert embassy.get(DOOR).context["arrived"] == page.context["arrived"] + 1


def test_check_in_without_script_comes_back_to_the_same_search_and_card(embassy, forum):
    guest = Registration.objects.get(forum=forum, person__email="chen.jing@example.org")
    page = embassy.get(DOOR, {"q": "Jing Chen"})
    html = page.content.decode()
    card = next(card for card in page.context["cards"] if card.pk == guest.pk)
    assert f'id="r{guest.pk}"' in html and f'value="{card.nonce}"' in html
    response = embassy.post(POST, {"registration": guest.pk, "nonce": card.nonce, "q": "Jing Chen"})
    assert response.status_code == 302
    assert response["Location"] == f"{DOOR}?q=Jing+Chen#r{guest.pk}"
    guest.refresh_from_db()
    assert guest.status == "attended" and guest.checked_in_at is not None
    again = embassy.get(response["Location"])
    assert f"{guest.person} is checked in." in again.content.decode()


def test_the_same_nonce_checks_in_once(embassy, forum):
    guest = Registration.objects.filter(forum=forum, status="registered").first()
    nonce = uuid.uuid4().hex
    first = embassy.post(POST, {"registration": guest.pk, "nonce": nonce}, **JSON).json()
    assert first["ok"] and first["checked_in"]
    guest.refresh_from_db()
    at = guest.checked_in_at
    # Undone by someone else, then the first request arrives again (a resent queue).
    embassy.post(POST, {"registration": guest.pk, "nonce": uuid.uuid4().hex, "undo": "1"})
    again = embassy.post(POST, {"registration": guest.pk, "nonce": nonce}, **JSON).json()
    guest.refresh_from_db()
    assert guest.checked_in_at is None and guest.status == "registered"
    assert again["ok"] and again["checked_in"] is False
    assert CheckInEvent.objects.filter(nonce=nonce).count() == 1
    assert at is not None


def test_scanning_a_badge_checks_in_by_its_code(embassy, forum):
    guest = Registration.objects.filter(forum=forum, status="invited").first()
    answer = embassy.post(POST, {"code": guest.badge_code.lower(), "nonce": "n" * 12}, **JSON)
    body = answer.json()
    assert answer.status_code == 200 and body["registration"] == guest.pk
    assert body["checked_in"] and body["name"] == str(guest.person)
    guest.refresh_from_db()
    assert guest.status == "attended"
    second = embassy.post(POST, {"code": guest.badge_code, "nonce": "m" * 12}, **JSON).json()
    assert second["ok"] and "checked in already" in second["message"]
    embassy.post(POST, {"registration": guest.pk, "undo": "1", "nonce": "u" * 12}, **JSON)
    guest.refresh_from_db()
    assert guest.status == "invited" and guest.checked_in_at is None  # not "registered"


def test_a_badge_of_another_forum_or_no_badge_is_not_found(embassy, other_embassy):
    _user, tokyo = other_embassy
    stranger = Registration.objects.create(
        forum=tokyo, person=Person.objects.create(given_name="Aki", family_name="Mori")
    )
    answer = embassy.post(POST, {"code": stranger.badge_code, "nonce": "x" * 12}, **JSON)
    assert answer.status_code == 404 and not answer.json()["ok"]
    assert embassy.post(POST, {"code": "NOPE", "nonce": "y" * 12}, **JSON).status_code == 404
    stranger.refresh_from_db()
    assert stranger.checked_in_at is None


def test_cancelled_people_are_refused_with_a_message(embassy, forum):
    guest = Registration.objects.filter(forum=forum, status="cancelled").first()
    page = embassy.get(DOOR, {"q": guest.person.latin_name})
    html = page.content.decode()
    assert "Cancelled: cannot be checked in." in html
    card = html[html.index(f'id="r{guest.pk}"') :].split("</li>", 1)[0]
    assert "Check in</button>" not in card
    answer = embassy.post(POST, {"code": guest.badge_code, "nonce": "c" * 12}, **JSON)
    assert answer.status_code == 409
    assert answer.json()["message"] == "A cancelled registration cannot be checked in."
    guest.refresh_from_db()
    assert guest.checked_in_at is None and guest.status == "cancelled"
    assert not CheckInEvent.objects.filter(registration=guest).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"registration": "1"},
        {"registration": "1", "nonce": "short"},
        {"registration": "1", "nonce": "<script>" * 3},
        {"registration": "abc", "nonce": "a" * 12},
        {"nonce": "a" * 12},
    ],
)
def test_odd_posts_get_a_message_not_an_error(embassy, data):
    answer = embassy.post(POST, data, **JSON)
    assert answer.status_code in (400, 404) and answer.json()["message"]
    assert embassy.post(POST, data).status_code == 302


def test_a_nul_byte_is_a_bad_request(embassy):
    assert embassy.post(POST, {"code": "\x00", "nonce": "a" * 12}, **JSON).status_code == 400


def test_times_are_in_the_forums_zone_with_its_name(embassy, forum):
    guest = Registration.objects.get(forum=forum, person__email="chen.jing@example.org")
    body = embassy.post(POST, {"registration": guest.pk, "nonce": "t" * 12}, **JSON).json()
    guest.refresh_from_db()
    import zoneinfo

    beijing = guest.checked_in_at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert body["time"] == beijing.strftime("%H:%M")
    page = embassy.get(DOOR, {"q": "陈静"})
    html = page.content.decode()
    assert f"<time>{beijing:%H:%M}</time>" in html
    assert '<span class="zone">China Time</span>' in html
    with translation.override("zh-hans"):
        chinese = embassy.get(f"/zh-hans/embassy/{SLUG}/door/", {"q": "陈静"})
    assert '<span class="zone">中国时间</span>' in chinese.content.decode()
    with translation.override("da"):
        danish = embassy.get(f"/da/embassy/{SLUG}/door/", {"q": "陈静"})
    assert '<span class="zone">Kinesisk tid</span>' in danish.content.decode()


def test_the_door_reads_a_fixed_number_of_queries(embassy, forum):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum import search

    def queries(**query):
        with CaptureQueriesContext(connection) as captured:
            page = embassy.get(DOOR, query)
        return len(captured), page

    embassy.get(DOOR, {"q": "Chen"})
    searching, _page = queries(q="Chen")
    landing, _page = queries()
    people = Person.objects.bulk_create(
        Person(given_name=f"Jun{n}", family_name="Chen", native_name=f"陈{n}") for n in range(40)
    )
    made = Registration.objects.bulk_create(Registration(forum=forum, person=p) for p in people)
    search.refresh(Registration.objects.filter(pk__in=[r.pk for r in made]))
    for registration in made[:10]:
        embassy.post(POST, {"registration": registration.pk, "nonce": uuid.uuid4().hex})
    count, page = queries(q="Chen")
    assert count == searching <= 10
    assert len(page.context["cards"]) == 30 and page.context["more"]
    count, page = queries()
    assert count == landing and len(page.context["cards"]) == 5


def test_the_attendee_list_links_to_the_door(embassy):
    page = embassy.get(f"/en/embassy/{SLUG}/attendees/")
    assert f'href="{DOOR}"' in page.content.decode()
