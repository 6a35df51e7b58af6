"""A delegate's own pages: itinerary, print, PDF, answers; nobody sees another's data."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse

from delegations.models import Delegation, DelegationMember, Person, Visit

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"


@pytest.fixture
def delegate(client, delegate_user):
    client.force_login(delegate_user)
    return client


def test_shows_the_next_trip_and_the_beijing_trip_on_request(delegate):
    response = delegate.get("/en/me/")
    assert response.status_code == 200
    assert response.context["trip"].slug == "region-midtjylland-shanghai-2027"
    beijing = delegate.get(f"/en/me/?delegation={BEIJING}")
    html = beijing.content.decode()
    assert "Opening of the forum" in html
    assert '<span lang="zh-Hans" class="native-address">北京市东城区帅府园1号</span>' in html
    assert "王丽" in html  # the interpreter
    assert "no-store" in beijing["Cache-Control"]


def test_chinese_page_has_chinese_content(delegate):
    html = delegate.get(f"/zh-hans/me/?delegation={BEIJING}").content.decode()
    assert "论坛开幕式" in html and "参观北京协和医院" in html


def test_home_time_on_request(delegate):
    plain = delegate.get(f"/en/me/?delegation={BEIJING}").content.decode()
    with_home = delegate.get(f"/en/me/?delegation={BEIJING}&home=1").content.decode()
    assert "Home time" not in plain
    # The opening at 09:00 in Beijing is 02:00 in Copenhagen.
    assert "Home time: 02:00–02:45" in with_home


def test_a_delegation_of_someone_else_is_404(delegate):
    assert delegate.get("/en/me/?delegation=aarhus-kommune-beijing-2016").status_code == 404
    assert delegate.get("/en/me/?delegation=no-such-trip").status_code == 404


def test_staff_pages_are_404_for_delegates(delegate, other_delegate):
    christian = other_delegate.person
    assert delegate.get(f"/en/me/staff/people/{christian.pk}/").status_code == 404
    assert delegate.get(f"/en/me/staff/delegations/{BEIJING}/").status_code == 404


def test_delegate_b_sees_only_their_own(client, other_delegate):
    client.force_login(other_delegate)
    html = client.get(f"/en/me/?delegation={BEIJING}").content.decode()
    assert "Itinerary" in html or "My itinerary" in html
    assert client.get(f"/en/me/?delegation={BEIJING}").context["person"].latin_name == (
        "Christian Boel"
    )
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    member = DelegationMember.objects.get(person=anders, delegation__slug=BEIJING)
    assert (
        client.post(f"/en/me/memberships/{member.pk}/answer/", {"answer": "declined"}).status_code
        == 404
    )
    member.refresh_from_db()
    assert member.answer == "confirmed"


def test_embassy_and_anonymous_users_get_no_itinerary(client, embassy_user):
    response = client.get("/en/me/")
    assert response.status_code == 302 and "/en/accounts/login/" in response["Location"]
    client.force_login(embassy_user)
    assert client.get("/en/me/").status_code == 404


def test_staff_see_anyones_itinerary_and_the_delegation_warnings(staff_client):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    response = staff_client.get(f"/en/me/staff/people/{anders.pk}/?delegation={BEIJING}")
    assert response.status_code == 200
    assert "Opening of the forum" in response.content.decode()
    warnings = staff_client.get("/en/me/staff/delegations/region-midtjylland-shanghai-2027/")
    assert "No travel home is planned" in warnings.content.decode()


def test_admin_links_to_the_itineraries(staff_client):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    page = staff_client.get(reverse("admin:delegations_person_change", args=[anders.pk]))
    assert f"/me/staff/people/{anders.pk}/" in page.content.decode()
    trip = Delegation.objects.get(slug=BEIJING)
    page = staff_client.get(reverse("admin:delegations_delegation_change", args=[trip.pk]))
    assert f"/me/staff/delegations/{BEIJING}/" in page.content.decode()


def test_member_confirms_and_declines_their_own_place(delegate):
    member = DelegationMember.objects.get(
        person__email="anders.kuhnau@example.org",
        delegation__slug="region-midtjylland-shanghai-2027",
    )
    assert member.answer == "pending"
    response = delegate.post(f"/en/me/memberships/{member.pk}/answer/", {"answer": "confirmed"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.answer == "confirmed"
    delegate.post(f"/en/me/memberships/{member.pk}/answer/", {"answer": "declined"})
    member.refresh_from_db()
    assert member.answer == "declined"
    refused = delegate.post(
        f"/en/me/memberships/{member.pk}/answer/", {"answer": "maybe"}, follow=True
    )
    assert "Choose confirm or decline" in refused.content.decode()


def test_finished_trip_cannot_be_answered(delegate):
    member = DelegationMember.objects.get(
        person__email="anders.kuhnau@example.org", delegation__slug=BEIJING
    )
    response = delegate.post(
        f"/en/me/memberships/{member.pk}/answer/", {"answer": "declined"}, follow=True
    )
    assert "can no longer be answered" in response.content.decode()
    member.refresh_from_db()
    assert member.answer == "confirmed"


def test_answering_needs_post(delegate):
    member = DelegationMember.objects.filter(person__email="anders.kuhnau@example.org").first()
    assert delegate.get(f"/en/me/memberships/{member.pk}/answer/").status_code == 405


def test_print_page(delegate):
    response = delegate.get(f"/en/me/print/?delegation={BEIJING}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "css/print.css" in html and "Opening of the forum" in html


def test_pdf_renders_chinese_glyphs(delegate, tmp_path):
    response = delegate.get(f"/zh-hans/me/itinerary.pdf?delegation={BEIJING}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    path = tmp_path / "itinerary.pdf"
    path.write_bytes(response.content)
    assert response.content.startswith(b"%PDF")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    # Embedded CJK font (emb = yes): the page shows real glyphs, not empty boxes.
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "北京市东城区帅府园1号" in text and "论坛开幕式" in text


def test_me_page_query_count_is_flat(delegate, django_assert_max_num_queries):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    trip = Delegation.objects.get(slug=BEIJING)
    with django_assert_max_num_queries(25) as small:
        delegate.get(f"/en/me/?delegation={BEIJING}")
    for n in range(30):
        start = dt.datetime(2016, 12, 6, 12, tzinfo=dt.UTC) + dt.timedelta(hours=n)
        visit = Visit.objects.create(
            delegation=trip,
            host=trip.sending_organisation,
            title=f"Extra {n}",
            time_zone="Asia/Shanghai",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=20),
        )
        visit.participants.add(anders)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = delegate.get(f"/en/me/?delegation={BEIJING}")
    assert "Extra 29" in response.content.decode()
