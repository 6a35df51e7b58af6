"""A partner's page: one timeline of everything done with an organisation, filtered by year
and kind, with a fixed number of queries; and the briefing for the next trip (web and PDF)."""

import datetime as dt
import subprocess

import pytest
from django.utils import translation

from delegations.models import (
    Delegation,
    FollowUp,
    Gift,
    Invitation,
    Meeting,
    Organisation,
    Outcome,
    Partnership,
    Person,
)

pytestmark = pytest.mark.django_db
SHANGHAI_TRIP = "region-midtjylland-shanghai-2027"


@pytest.fixture
def shanghai():
    return Organisation.objects.get(slug="shanghai-municipality")


def page(client, org, query=""):
    response = client.get(f"/en/staff/partners/{org.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def timeline(html):
    return html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]


def test_the_partner_page_holds_the_whole_relationship(staff_client, shanghai):
    html = page(staff_client, shanghai)
    # The agreement with its dates and both signatories, in both scripts.
    agreements = html.split('<ul class="agreements">', 1)[1].split("</ul>", 1)[0]
    assert "Region Midtjylland – Shanghai cooperation agreement" in agreements
    assert "Active" in agreements and "Anders Kühnau" in agreements
    assert "Hong Xu" in agreements or "Xu Hong" in agreements
    assert "徐虹" in agreements
    # Follow-ups open and done.
    open_ones = html.split('<ul class="follow-ups-open">', 1)[1].split("</ul>", 1)[0]
    done = html.split('<ul class="follow-ups-done">', 1)[1].split("</ul>", 1)[0]
    assert "Prepare the renewal of the Shanghai cooperation agreement" in open_ones
    assert "Send material on elderly care to Shanghai" in done
    # The people met, with their titles.
    people = html.split('<ul class="people-met">', 1)[1].split("</ul>", 1)[0]
    assert "徐虹" in people and "Director-general, Foreign Affairs Office" in people
    # The timeline: invitation, delegation, meeting with notes and outcomes, gifts.
    entries = timeline(html)
    assert "Invitation sent: Shanghai–Midtjylland cooperation: renewal talks" in entries
    assert "Delegation received: Region Midtjylland delegation to Shanghai 2027" in entries
    assert "Signing of the renewed cooperation agreement" in entries
    assert "Shanghai asked for an exchange on elderly care" in entries
    assert "Agreement renewed until 30 April 2027." in entries
    assert "Silk painting of the Bund" in entries and "Holmegaard glass bowl" in entries
    assert "Signed: Region Midtjylland – Shanghai cooperation agreement" in entries


def test_the_timeline_filters_by_year_and_kind(staff_client, shanghai):
    only_2022 = timeline(page(staff_client, shanghai, "?year=2022"))
    assert "Signing of the renewed cooperation agreement" in only_2022
    assert "renewal talks" not in only_2022  # received in 2026
    gifts = timeline(page(staff_client, shanghai, "?kind=gift"))
    assert "Silk painting of the Bund" in gifts
    assert "Signing of the renewed cooperation agreement" not in gifts
    both = timeline(page(staff_client, shanghai, "?year=2016&kind=gift"))
    assert "Nothing recorded." in both


@pytest.mark.parametrize("query", ["?year=abc", "?year=99999", "?kind=nonsense"])
def test_odd_filters_are_explained_not_a_500(staff_client, shanghai, query):
    html = page(staff_client, shanghai, query)
    assert 'role="alert"' in html
    assert "Signing of the renewed cooperation agreement" in timeline(html)  # unfiltered


def test_an_unknown_partner_is_404(staff_client):
    assert staff_client.get("/en/staff/partners/999999/").status_code == 404


def test_the_page_is_in_the_readers_language(staff_client, shanghai):
    html = staff_client.get(f"/zh-hans/staff/partners/{shanghai.pk}/").content.decode()
    assert "签字" in html or "续签合作协议签字仪式" in html
    assert "中日德兰大区与上海市合作协议" in html
    assert "Timeline" not in html and "People met" not in html


def test_queries_do_not_grow_with_the_history(
    staff_client, shanghai, django_assert_max_num_queries
):
    page(staff_client, shanghai)
    with django_assert_max_num_queries(40) as before:
        page(staff_client, shanghai)
    count = len(before.captured_queries)
    region = Organisation.objects.get(slug="region-midtjylland")
    owner = Person.objects.get(email="signe.madsen@example.org")
    partnership = Partnership.objects.get(slug="midtjylland-shanghai")
    for number in range(8):
        person = Person.objects.create(
            given_name=f"P{number}", family_name="Met", organisation=shanghai
        )
        meeting = Meeting.objects.create(
            organisation=shanghai, title=f"Meeting {number}", held_on=dt.date(2020, 1, number + 1)
        )
        meeting.people_met.add(person)
        follow_up = FollowUp.objects.create(
            action=f"Do {number}", owner=owner, due_on=dt.date(2021, 1, 1), organisation=shanghai
        )
        Outcome.objects.create(
            meeting=meeting, text=f"Outcome {number}", partnership=partnership, follow_up=follow_up
        )
        Gift.objects.create(
            organisation=shanghai, description=f"Gift {number}", exchanged_on=dt.date(2020, 1, 1)
        )
        Invitation.objects.create(
            host=shanghai,
            invitee_organisation=region,
            occasion=f"Occasion {number}",
            received_on=dt.date(2019, 1, 1),
        )
        extra = Partnership.objects.create(
            slug=f"extra-{number}", name=f"Extra {number}", kind="other"
        )
        extra.parties.add(shanghai)
        extra.signatories.add(person)
    with django_assert_max_num_queries(count) as after:
        html = page(staff_client, shanghai)
    assert "Outcome 7" in html and "Gift 7" in html and "Occasion 7" in html and "Extra 7" in html
    assert len(after.captured_queries) == count


def test_the_trip_page_links_a_briefing_for_each_partner(staff_client, shanghai):
    html = staff_client.get(f"/en/staff/trips/{SHANGHAI_TRIP}/").content.decode()
    assert f"/en/staff/trips/{SHANGHAI_TRIP}/briefing/{shanghai.pk}/" in html
    beijing = staff_client.get("/en/staff/trips/region-midtjylland-beijing-2016/")
    pumch = Organisation.objects.get(slug="pumch")
    assert f"/briefing/{pumch.pk}/" in beijing.content.decode()


def test_the_briefing_says_what_we_owe(staff_client, shanghai):
    owner = Person.objects.get(email="christian.boel@example.org")
    meeting = Meeting.objects.get(organisation=shanghai, held_on=dt.date(2022, 5, 1))
    Outcome.objects.create(meeting=meeting, text="We host a Shanghai delegation", promised=True)
    FollowUp.objects.create(
        action="Invite Shanghai's health bureau", owner=owner, due_on=dt.date(2027, 3, 1),
        organisation=shanghai,
    )  # fmt: skip
    url = f"/en/staff/trips/{SHANGHAI_TRIP}/briefing/{shanghai.pk}/"
    html = staff_client.get(url).content.decode()
    promises = html.split('<ul class="promises">', 1)[1].split("</ul>", 1)[0]
    assert "We send material on elderly care to Shanghai." in promises and "done" in promises
    assert "We host a Shanghai delegation" in promises and "nobody follows it up" in promises
    assert "Invite Shanghai&#x27;s health bureau" in html
    assert "Holmegaard glass bowl" in html  # gifts already given: not to repeat
    assert "Expires" in html and "30" in html


def test_the_briefing_pdf_in_chinese(staff_client, shanghai, tmp_path):
    url = f"/zh-hans/staff/trips/{SHANGHAI_TRIP}/briefing/{shanghai.pk}/briefing.pdf"
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "徐虹" in text and "外滩丝绸画" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts
    with translation.override("en"):
        assert Delegation.objects.get(slug=SHANGHAI_TRIP)
