"""Read-only links for a delegate's assistant or family (delegations/sharing.py): made and
stopped on /me/, shown once, kept as a digest; the page leaves out booking references, phone
numbers and needs; kept pages never outlive a revoked link or an edit, and never mix links."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from delegations.models import Person, SharedLink, Stay, Visit
from delegations.sharing import digest, new_link
from pagecache import core as page_cache

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
SHARED = re.compile(r"https?://[^/\s\"<]+(/en/shared/[A-Za-z0-9_-]+/)")


@pytest.fixture
def delegate(client, delegate_user):
    client.force_login(delegate_user)
    return client


def anders():
    return Person.objects.get(email="anders.kuhnau@example.org")


def test_delegate_makes_a_link_shown_once_and_kept_as_a_digest(delegate):
    made = delegate.post("/en/me/shared-links/", {"label": "My assistant", "trip": BEIJING})
    assert made.status_code == 200
    assert made["Referrer-Policy"] == "no-referrer" and "no-store" in made["Cache-Control"]
    path = SHARED.search(made.content.decode()).group(1)
    token = path.split("/")[3]
    assert len(token) >= 43  # 256 random bits
    link = SharedLink.objects.get(person=anders())
    assert link.token_digest == digest(token) and token not in link.token_digest
    assert f"?delegation={BEIJING}" in made.content.decode()  # back to the same trip
    # Listed on /me/ (without the token), with a way to stop it.
    me = delegate.get(f"/en/me/?delegation={BEIJING}").content.decode()
    assert "My assistant" in me and token not in me
    stop = delegate.post(f"/en/me/shared-links/{link.pk}/stop/", {"trip": BEIJING}, follow=True)
    assert stop.redirect_chain[-1][0] == f"/en/me/?delegation={BEIJING}"
    assert "The link for “My assistant” no longer works." in stop.content.decode()
    assert Client().get(path).status_code == 404


def test_a_link_needs_a_label_said_beside_the_form(delegate):
    response = delegate.post("/en/me/shared-links/", {"label": "  "}, follow=True)
    assert "Say whom the link is for" in response.content.decode()
    assert not SharedLink.objects.exists()


def test_no_more_than_ten_links(delegate):
    for number in range(10):
        new_link(anders(), f"Link {number}")
    response = delegate.post("/zh-hans/me/shared-links/", {"label": "One more"}, follow=True)
    assert "您已有 10 个链接" in response.content.decode()
    assert SharedLink.objects.count() == 10


def test_viewer_sees_the_itinerary_without_references_phones_or_needs(client):
    _link, token = new_link(anders(), "Family")
    stay = Stay.objects.get(delegation__slug=BEIJING)
    visit = Visit.objects.filter(interpreter__isnull=False, participants=anders()).first()
    bettina = Person.objects.get(email="bettina.sorensen@example.org")
    bettina.access_needs = "Wheelchair access to the stage"
    bettina.save()
    response = client.get(f"/en/shared/{token}/?delegation={BEIJING}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anders Kühnau" in html and visit.title_en in html
    assert "北京市" in html  # the driver's address stays
    assert stay.booking_reference not in html
    assert visit.interpreter.phone not in html and visit.host_contact.phone not in html
    assert visit.interpreter.latin_name in html  # the name without the number
    for person in Person.objects.exclude(phone=""):
        assert person.phone not in html, person
    assert bettina.dietary_needs not in html and bettina.access_needs not in html
    assert "/me/shared-links/" not in html and "calendar" not in html.lower()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_shared_page_in_chinese_has_no_english_of_ours(client):
    _link, token = new_link(anders(), "家人")
    html = client.get(f"/zh-hans/shared/{token}/?delegation={BEIJING}").content.decode()
    assert "与您分享，只读" in html and "Shared with you" not in html


def test_another_trip_of_someone_else_is_404(client):
    _link, token = new_link(anders(), "Family")
    assert (
        client.get(f"/en/shared/{token}/?delegation=aarhus-kommune-beijing-2016").status_code == 404
    )


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sharing-test",
        }
    }
    cache.clear()
    yield
    cache.clear()


def test_kept_pages_are_per_link_and_follow_edits_and_revocation(
    real_cache, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    person = anders()
    link_a, token_a = new_link(person, "Assistant")
    _link_b, token_b = new_link(Person.objects.get(email="christian.boel@example.org"), "B")
    url_a = f"/en/shared/{token_a}/?delegation={BEIJING}"
    first = Client().get(url_a).content.decode()
    with django_assert_max_num_queries(1):  # the link with the person's generation
        assert Client().get(url_a).content.decode() == first
    other = Client().get(f"/en/shared/{token_b}/?delegation={BEIJING}").content.decode()
    assert "Christian Boel" in other.split("<h1>")[1].split("</h1>")[0]
    assert "Anders Kühnau" in first.split("<h1>")[1].split("</h1>")[0]
    # An edit to the itinerary shows at once (the person's generation is raised on commit).
    visit = Visit.objects.filter(participants=person).first()
    # Raises left waiting by the setup (the test transaction never commits) go first, as if
    # the setup had committed; otherwise the edit's raise would join them.
    for _savepoints, callback, _robust in list(connection.run_on_commit):
        if isinstance(callback, page_cache._Raise) and not callback.done:
            callback()
    with django_capture_on_commit_callbacks(execute=True):
        visit.title_en = "Renamed visit"
        visit.save()
    assert "Renamed visit" in Client().get(url_a).content.decode()
    link_a.delete()
    assert Client().get(url_a).status_code == 404


def test_anonymising_the_person_stops_their_links(client):
    from delegations.personal_data import anonymise_person

    person = anders()
    _link, token = new_link(person, "Family")
    assert client.get(f"/en/shared/{token}/").status_code == 200
    anonymise_person(person)
    assert client.get(f"/en/shared/{token}/").status_code == 404
    assert not SharedLink.objects.filter(person=person).exists()


def test_shared_page_query_count_is_flat(client, django_assert_max_num_queries):
    import datetime as dt

    person = anders()
    _link, token = new_link(person, "Family")
    url = f"/en/shared/{token}/?delegation={BEIJING}"
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    first = Visit.objects.filter(participants=person).first()
    for number in range(5):
        visit = Visit.objects.create(
            delegation=first.delegation,
            host=first.host,
            title=f"Extra visit {number}",
            starts_at=first.starts_at + dt.timedelta(days=1, hours=number),
            ends_at=first.starts_at + dt.timedelta(days=1, hours=number, minutes=30),
            time_zone=first.time_zone,
            interpreter=first.interpreter,
            host_contact=first.host_contact,
        )
        visit.participants.add(person, Person.objects.get(email="christian.boel@example.org"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert "Extra visit 4" in html
