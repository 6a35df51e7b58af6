"""Public pages: published forums, programme, sessions, speakers, delegations, partnerships."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from delegations.models import Delegation, Partnership, Person
from forum.models import Forum, Session, SessionRole

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
LANGUAGES = ["da", "en", "zh-hans"]


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def first_session():
    return Session.objects.filter(forum__slug=SLUG).order_by("starts_at", "pk").first()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_answers_in_every_language(client, language):
    pages = [
        url("forum:home", language),
        url("forum:programme", language, slug=SLUG),
        url("forum:session", language, slug=SLUG, pk=first_session().pk),
        url("forum:speakers", language, slug=SLUG),
        url("delegations:detail", language, slug="region-midtjylland-beijing-2016"),
        url("delegations:partnerships", language),
    ]
    for page in pages:
        assert page.startswith(f"/{language}/")
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'lang="{language}"' in response.content.decode()


def test_programme_is_grouped_by_day_in_the_forums_time(client):
    response = client.get(url("forum:programme", "en", slug=SLUG))
    html = response.content.decode()
    days = [
        day.strftime("%A") for day in (dt.date(2016, 12, 5), dt.date(2016, 12, 6))
    ]  # the page's headings start with the weekday, in this order, once each
    headings = [part.split("</h2>")[0] for part in html.split('<section class="day">\n  <h2>')[1:]]
    assert [heading.split(" ")[0] for heading in headings] == days
    # The opening starts 09:00 Beijing time (01:00 UTC, 02:00 in Copenhagen).
    assert "09:00–09:45" in html
    assert "China Time" in html and "Asia/Shanghai" not in html


def test_content_follows_the_language(client):
    zh = client.get(url("forum:programme", "zh-hans", slug=SLUG)).content.decode()
    da = client.get(url("forum:programme", "da", slug=SLUG)).content.decode()
    assert "论坛开幕式" in zh and "Åbning af forummet" in da
    assert "健康促进与健康创新" in zh


def test_names_in_the_right_script_and_order(client):
    zh = client.get(url("forum:programme", "zh-hans", slug=SLUG)).content.decode()
    en = client.get(url("forum:programme", "en", slug=SLUG)).content.decode()
    # Chinese readers see 吕明欧 first; others see the Latin name, family name first for him.
    assert '<span lang="zh-Hans">吕明欧</span>' in zh
    assert "Lü Ming&#x27;ou" in en and "吕明欧" in en
    assert "Anders Kühnau" in en


def test_session_page_shows_roles_room_language_and_interpretation(client):
    session = Session.objects.get(forum__slug=SLUG, title_en__startswith="Panel: health")
    response = client.get(url("forum:session", "en", slug=SLUG, pk=session.pk))
    html = response.content.decode()
    for expected in ("Moderator", "Panellist", "Karen Holm", "Hall A", "Chinese ↔ English"):
        assert expected in html
    assert "11:00–12:30" in html


def test_unpublished_forum_and_its_sessions_are_404(client):
    forum = Forum.objects.get(slug=SLUG)
    session = first_session()
    forum.is_published = False
    forum.save()
    for page in (
        url("forum:programme", "en", slug=SLUG),
        url("forum:session", "en", slug=SLUG, pk=session.pk),
        url("forum:speakers", "en", slug=SLUG),
    ):
        assert client.get(page).status_code == 404
    assert forum.name not in client.get(url("forum:home", "en")).content.decode()


def test_session_of_another_forum_is_404(client):
    other = Forum.objects.create(
        slug="other-forum",
        name="Other",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 1, 1),
        city="Aarhus",
        country="DK",
        time_zone="Europe/Copenhagen",
        is_published=True,
    )
    start = dt.datetime(2027, 1, 1, 9, tzinfo=dt.UTC)
    foreign = Session.objects.create(
        forum=other, title="Elsewhere", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    assert client.get(url("forum:session", "en", slug=SLUG, pk=foreign.pk)).status_code == 404
    assert client.get(url("forum:session", "en", slug=SLUG, pk=999999)).status_code == 404
    assert client.get(url("forum:programme", "en", slug="no-such-forum")).status_code == 404


def test_private_delegation_and_partnership_are_hidden(client):
    planned = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    assert not planned.is_public
    assert client.get(url("delegations:detail", "en", slug=planned.slug)).status_code == 404
    Partnership.objects.filter(slug="mtic-public-private").update(is_public=False)
    html = client.get(url("delegations:partnerships", "en")).content.decode()
    assert "MTIC public–private" not in html
    assert "Region Midtjylland – Shanghai cooperation agreement" in html


def test_public_delegation_page_shows_no_contact_details(client):
    html = client.get(
        url("delegations:detail", "en", slug="region-midtjylland-beijing-2016")
    ).content.decode()
    assert "Anders Kühnau" in html and "Christian Boel" in html
    for secret in ("@example.org", "+45 20", "Vegetarian", "DEMO-4711"):
        assert secret not in html


def add_sessions(count):
    forum = Forum.objects.get(slug=SLUG)
    speakers = list(Person.objects.filter(email__startswith="participant-")[:count])
    for n in range(count):
        start = dt.datetime(2016, 12, 6, 6, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
        session = Session.objects.create(
            forum=forum,
            title=f"Extra {n}",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=30),
            track=forum.tracks.first(),
        )
        SessionRole.objects.create(session=session, person=speakers[n], role="speaker")


@pytest.mark.parametrize(
    "page", ["forum:programme", "forum:speakers", "forum:home", "delegations:partnerships"]
)
def test_query_count_does_not_grow_with_the_programme(client, django_assert_max_num_queries, page):
    target = (
        url(page, "en", slug=SLUG)
        if page.startswith("forum:p") or page.endswith("speakers")
        else url(page, "en")
    )
    with django_assert_max_num_queries(8) as small:
        client.get(target)
    add_sessions(60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(target)
    assert response.status_code == 200


def test_language_switcher_links_to_the_same_page(client):
    page = url("forum:session", "en", slug=SLUG, pk=first_session().pk)
    html = client.get(page + "?x=1").content.decode()
    for code in ("da", "zh-hans"):
        href = page.replace("/en/", f"/{code}/", 1) + "?x=1"
        assert f'href="{href}" lang="{code}" hreflang="{code}"' in html
    assert 'hreflang="en" aria-current="true"' in html


@pytest.mark.parametrize(
    "path",
    [f"/en/forum/{SLUG}/", f"/en/forum/{SLUG}/speakers/", "/en/me/?delegation=x&home=1", "/en/"],
)
def test_language_links_match_djangos_translate_url(rf, path):
    """The switcher swaps the language prefix instead of resolving each path; that must stay
    what Django's translate_url() gives (it would not if paths were ever translated)."""
    from django.urls import translate_url

    from delegations.templatetags.languages import language_links

    with translation.override("en"):
        links = language_links({"request": rf.get(path)})
        assert [href for _code, _name, href, _current in links] == [
            translate_url(path, code) for code in ("da", "en", "zh-hans")
        ]


def test_registered_people_take_and_give_back_a_seat(
    client, delegate_user, before_the_beijing_forum
):
    from forum.models import Registration

    session = Session.objects.get(forum__slug=SLUG, title_en="Reports from the tracks")
    client.force_login(delegate_user)
    page = url("forum:session", "en", slug=SLUG, pk=session.pk)
    assert "You have a seat" in client.get(page).content.decode()
    client.post(page + "leave/")
    taken = Registration.sessions.through.objects.filter(session=session).count()
    Session.objects.filter(pk=session.pk).update(capacity=taken + 1)
    assert "1 seat left" in client.get(page).content.decode()
    client.post(page + "attend/")
    registration = Registration.objects.get(forum__slug=SLUG, person__user=delegate_user)
    assert registration.sessions.filter(pk=session.pk).exists()
    # Full: somebody else's seat cannot be taken.
    other = (
        Registration.objects.filter(forum__slug=SLUG, person__user__isnull=True)
        .exclude(sessions=session)
        .first()
    )
    from forum.capacity import SessionFull, join_session

    with pytest.raises(SessionFull):
        join_session(other, session)


def test_seat_needs_a_registration(client, embassy_user):
    from forum.models import Registration

    Registration.objects.filter(person__user=embassy_user).delete()
    client.force_login(embassy_user)
    session = first_session()
    response = client.post(url("forum:session", "en", slug=SLUG, pk=session.pk) + "attend/")
    assert response.status_code == 404
