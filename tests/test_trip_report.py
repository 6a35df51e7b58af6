"""The public trip report (issue 20, item 6): built from the data, naming only the members who
agreed, published and withdrawn by staff with who and when, on the public delegation page in
three languages and as PDF; nothing private on it. And meetings at forum sessions (item 2),
whose outcomes become follow-ups in one step."""

import datetime as dt
import subprocess

import pytest
from django.contrib.auth.models import User

from delegations import trip_report
from delegations.models import (
    Cost,
    Delegation,
    DelegationMember,
    FollowUp,
    Meeting,
    Organisation,
    Outcome,
    Person,
    ReportConsent,
    TripReport,
)
from forum.models import Session, SessionMeeting

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
PAGE = "/{lang}/delegations/" + BEIJING + "/"
PDF = "/{lang}/delegations/" + BEIJING + "/report.pdf"
PREVIEW = f"/en/staff/trips/{BEIJING}/report/"


def page(client, lang="en"):
    response = client.get(PAGE.format(lang=lang))
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(response, tmp_path):
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_demo_report_names_only_those_who_agreed(client):
    html = page(client)
    assert "Trip report" in html
    assert "Anders Kühnau" in html and "Christian Boel" in html
    # Bettina Sørensen did not agree: counted, never named (nor her title).
    assert "Sørensen" not in html and "Bettina" not in html
    assert "and 1 more member" in html
    assert "Letter of intent on psychiatry with Beijing Anding Hospital" in html  # signed then
    assert "A nurse exchange in 2017 is to be explored." in html  # the outcome chosen
    assert "Visit to Peking Union Medical College Hospital" in html


def test_nothing_private_reaches_the_report(client, tmp_path):
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    anders.dietary_needs = "No shellfish, secretly"
    anders.save()
    beijing = Delegation.objects.get(slug=BEIJING)
    Cost.objects.create(
        delegation=beijing,
        traveller=anders,
        category="other",
        description="Taxi of a private errand",
        amount="4321.99",
    )
    # An outcome staff did not choose for the report stays off it.
    meeting = Meeting.objects.filter(visit__delegation=beijing).first()
    Outcome.objects.create(meeting=meeting, text="We privately doubt their budget.")
    secrets = [
        "No shellfish",
        "Taxi of a private errand",
        "4321",
        "6212",  # the demo's flight costs
        "DK0000001",  # the demo's passport number
        "KUHNAU ANDERS",
        "@example.org",
        "DEMO-4711",  # the hotel booking
        "privately doubt",
        "Bettina",
        "Sørensen",
        "索伦森",
    ]
    for lang in ("en", "da", "zh-hans"):
        html = page(client, lang)
        text = pdf_text(client.get(PDF.format(lang=lang)), tmp_path)
        for secret in secrets:
            assert secret not in html, (lang, secret)
            assert secret not in text, (lang, secret)
    assert "Anders Kühnau" in text or "Kühnau" in text


def test_three_languages(client, tmp_path):
    da = page(client, "da")
    zh = page(client, "zh-hans")
    assert "Rejserapport" in da and "Region Midtjylland åbnede" in da
    assert "og 1 medlem mere" in da
    assert "出访报告" in zh and "中日德兰大区出席在北京举行" in zh
    assert "另有1名成员" in zh
    zh_pdf = pdf_text(client.get(PDF.format(lang="zh-hans")), tmp_path)
    assert "中日德兰大区出席在北京举行" in zh_pdf


def test_withdrawn_it_is_gone_at_once_and_back_when_published(client, staff_client):
    assert "Trip report" in page(client)
    response = staff_client.post(f"{PREVIEW}publish/", {"action": "unpublish"})
    assert response.status_code == 302
    report = TripReport.objects.get(delegation__slug=BEIJING)
    assert report.published_at is None
    assert report.unpublished_by.username == "staff" and report.unpublished_at is not None
    html = page(client)
    assert "Trip report" not in html
    assert client.get(PDF.format(lang="en")).status_code == 404
    # Without a report the page lists its members as before.
    assert "Members" in html
    staff_client.post(f"{PREVIEW}publish/", {"action": "publish"})
    report.refresh_from_db()
    assert report.published_by.username == "staff" and report.published_at is not None
    assert "Trip report" in page(client)
    assert client.get(PDF.format(lang="en")).status_code == 200
    assert report.history.filter(history_user__username="staff").count() == 2


def test_a_private_delegation_cannot_publish(staff_client, client):
    planned = Delegation.objects.get(slug="region-midtjylland-shanghai-2027")
    assert not planned.is_public
    staff_client.post(f"/en/staff/trips/{planned.slug}/report/publish/", {"action": "publish"})
    assert not TripReport.objects.filter(delegation=planned).exists()
    assert client.get(f"/en/delegations/{planned.slug}/report.pdf").status_code == 404
    preview = staff_client.get(f"/en/staff/trips/{planned.slug}/report/").content.decode()
    assert "make it public first" in preview


def test_staff_record_consents_with_who_and_when(staff_client, client):
    beijing = Delegation.objects.get(slug=BEIJING)
    members = DelegationMember.objects.filter(delegation=beijing)
    bettina = members.get(person__email="bettina.sorensen@example.org")
    anders = members.get(person__email="anders.kuhnau@example.org")
    preview = staff_client.get(PREVIEW).content.decode()
    assert "Bettina" in preview  # staff see everyone, with the answer on record
    # Bettina now agrees; Anders withdraws; Christian unticked too.
    response = staff_client.post(f"{PREVIEW}consents/", {"named": [str(bettina.pk), "x"]})
    assert response.status_code == 302
    consent = ReportConsent.objects.get(member=bettina)
    assert consent.named and consent.recorded_by.username == "staff"
    assert not ReportConsent.objects.get(member=anders).named
    html = page(client)
    assert "Bettina" in html and "Anders Kühnau" not in html and "Christian Boel" not in html
    assert "and 2 more members" in html
    # Unchanged answers are not written again.
    before = ReportConsent.objects.get(member=bettina).recorded_at
    staff_client.post(f"{PREVIEW}consents/", {"named": [str(bettina.pk)]})
    assert ReportConsent.objects.get(member=bettina).recorded_at == before


def test_no_consent_on_record_means_not_named(client):
    ReportConsent.objects.filter(member__delegation__slug=BEIJING).delete()
    html = page(client)
    assert "Anders Kühnau" not in html and "Christian Boel" not in html
    assert "3 members" in html


def test_a_member_of_another_trip_cannot_be_ticked_in(staff_client):
    other = DelegationMember.objects.exclude(delegation__slug=BEIJING).first()
    staff_client.post(f"{PREVIEW}consents/", {"named": [str(other.pk)]})
    assert not ReportConsent.objects.filter(member=other, named=True).exists()


def test_the_trip_page_has_the_reports_block(staff_client):
    html = staff_client.get(f"/en/staff/trips/{BEIJING}/").content.decode()
    assert "Public trip report" in html
    assert "2 of 3 members agreed to be named." in html
    assert PREVIEW in html


def test_preview_shows_who_published(staff_client):
    html = staff_client.get(PREVIEW).content.decode()
    assert "Published on the public page on" in html and "by staff" in html
    assert "Withdraw from the public page" in html
    assert "Preview: what the public will see" in html


def add_members(count):
    beijing = Delegation.objects.get(slug=BEIJING)
    org = Organisation.objects.get(slug="region-midtjylland")
    staff = User.objects.get(username="staff")
    for n in range(count):
        person = Person.objects.create(
            given_name=f"Extra{n}", family_name="Member", organisation=org, position="Adviser"
        )
        member = DelegationMember.objects.create(
            delegation=beijing, person=person, answer="confirmed", precedence=50 + n
        )
        ReportConsent.objects.create(
            member=member, named=n % 2 == 0, recorded_at="2017-01-09T10:00Z", recorded_by=staff
        )


@pytest.mark.parametrize(
    "url", [PAGE.format(lang="en"), PREVIEW, f"/en/staff/trips/{BEIJING}/"], ids=str
)
def test_queries_do_not_grow_with_the_members(
    url, client, staff_client, django_assert_max_num_queries
):
    who = client if url.startswith("/en/delegations/") else staff_client
    who.get(url)  # warm: the session, the CSRF cookie
    with django_assert_max_num_queries(60) as before:
        assert who.get(url).status_code == 200
    count = len(before.captured_queries)
    add_members(12)
    with django_assert_max_num_queries(count):
        html = who.get(url).content.decode()
    if url == PAGE.format(lang="en"):
        assert "Extra0 Member" in html and "Extra1 Member" not in html
        assert "and 7 more members" in html


def test_build_in_a_fixed_number_of_queries(django_assert_num_queries):
    beijing = Delegation.objects.get(slug=BEIJING)
    with django_assert_num_queries(5):
        content = trip_report.build(beijing)
        assert [m.person.given_name for m in content.named] == ["Anders", "Christian"]
        assert content.unnamed == 1
        assert [a.parties.all()[0].slug for a in content.agreements]


# --- meetings at forum sessions (issue 20, item 2) ------------------------------------------


def test_the_demo_has_a_meeting_at_the_opening_session():
    link = SessionMeeting.objects.select_related("meeting", "session").get(
        session__title_en="Opening of the forum"
    )
    assert link.meeting.organisation.slug == "shanghai-municipality"
    outcome = link.meeting.outcomes.get()
    assert outcome.follow_up.partnership.slug == "midtjylland-shanghai"


def test_a_session_meeting_in_the_admin_with_an_outcome_that_becomes_a_follow_up(staff_client):
    session = Session.objects.get(title_en="Opening of the forum")
    partner = Organisation.objects.get(slug="pumch")
    owner = Person.objects.get(email="signe.madsen@example.org")
    form = staff_client.get(f"/admin/delegations/meeting/add/?forum_session={session.pk}")
    assert form.status_code == 200
    assert "held at a forum session" in form.content.decode().lower()
    data = {
        "title_en": "Coffee with PUMCH at the opening",
        "title_da": "",
        "title_zh_hans": "",
        "organisation": partner.pk,
        "visit": "",
        "held_on": "2016-12-05",
        "notes_en": "They want our discharge guidelines.",
        "notes_da": "",
        "notes_zh_hans": "",
        "forum_session-TOTAL_FORMS": "1",
        "forum_session-INITIAL_FORMS": "0",
        "forum_session-MIN_NUM_FORMS": "0",
        "forum_session-MAX_NUM_FORMS": "1",
        "forum_session-0-session": session.pk,
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "1000",
        "outcomes-0-text_en": "Send the discharge guidelines",
        "outcomes-0-text_da": "",
        "outcomes-0-text_zh_hans": "",
        "outcomes-0-partnership": "",
        "outcomes-0-follow_up_owner": owner.pk,
        "outcomes-0-follow_up_due_on": "2017-01-15",
        "_save": "Save",
    }
    response = staff_client.post("/admin/delegations/meeting/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(title_en="Coffee with PUMCH at the opening")
    assert meeting.forum_session.session == session
    follow_up = FollowUp.objects.get(outcome__meeting=meeting)
    assert follow_up.owner == owner and follow_up.due_on == dt.date(2017, 1, 15)
    assert follow_up.organisation == partner and follow_up.delegation is None
    # The session's admin page lists it.
    html = staff_client.get(f"/admin/forum/session/{session.pk}/change/").content.decode()
    assert "Coffee with PUMCH at the opening" in html
