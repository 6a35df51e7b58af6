"""Check-in at the door (forum/checkin.py): one service for the embassy page and any caller;
undo gives back the status from before; cancelled registrations are refused; twice is
harmless."""

import io
import json
import logging

import pytest
from django.utils import translation
from django.utils.translation import gettext

from config.logging import JsonLines
from delegations.models import Person
from forum.checkin import CheckInRefused, check_in, undo_check_in
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"


@pytest.fixture
def forum():
    return Forum.objects.get(slug=SLUG)


def registration(forum, status):
    person = Person.objects.create(given_name="Door", family_name=f"Guest {status}")
    return Registration.objects.create(forum=forum, person=person, status=status)


@pytest.fixture
def events():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("delegation_desk")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


@pytest.mark.parametrize("status", ["invited", "registered"])
def test_undo_restores_the_status_from_before(forum, status):
    guest = registration(forum, status)
    assert check_in(guest) is True
    guest.refresh_from_db()
    assert guest.status == "attended" and guest.checked_in_at is not None
    assert guest.status_before_check_in == status
    assert undo_check_in(guest) is True
    guest.refresh_from_db()
    assert guest.status == status and guest.checked_in_at is None
    assert guest.status_before_check_in == ""


def test_checking_in_twice_changes_nothing(forum):
    guest = registration(forum, "registered")
    check_in(guest)
    guest.refresh_from_db()
    first = (guest.checked_in_at, guest.updated_at)
    assert check_in(guest) is False
    guest.refresh_from_db()
    assert (guest.checked_in_at, guest.updated_at) == first
    assert guest.status_before_check_in == "registered"  # not overwritten with "attended"
    undo_check_in(guest)
    guest.refresh_from_db()
    assert guest.status == "registered"


def test_undo_without_check_in_changes_nothing(forum):
    guest = registration(forum, "attended")  # marked attended by staff, never at the door
    before = guest.updated_at
    assert undo_check_in(guest) is False
    guest.refresh_from_db()
    assert guest.status == "attended" and guest.updated_at == before


def test_a_check_in_kept_before_the_previous_status_was_undone_to_registered(forum):
    guest = registration(forum, "invited")
    check_in(guest)
    Registration.objects.filter(pk=guest.pk).update(status_before_check_in="")
    undo_check_in(guest)
    guest.refresh_from_db()
    assert guest.status == "registered" and guest.checked_in_at is None


def test_cancelled_registration_is_refused_with_a_message(forum):
    guest = registration(forum, "cancelled")
    with pytest.raises(CheckInRefused) as refusal:
        check_in(guest)
    assert refusal.value.message == "A cancelled registration cannot be checked in."
    guest.refresh_from_db()
    assert guest.status == "cancelled" and guest.checked_in_at is None


def test_the_service_reads_the_row_again(forum):
    """A stale object (the page was opened before a colleague checked the guest in) does not
    check in twice nor keep "attended" as the status to go back to."""
    guest = registration(forum, "invited")
    stale = Registration.objects.get(pk=guest.pk)
    check_in(guest)
    assert check_in(stale) is False
    assert stale.status_before_check_in == "invited"


def test_each_change_is_logged_and_kept_in_history(forum, staff_user, events):
    guest = registration(forum, "registered")
    check_in(guest, by=staff_user)
    check_in(guest, by=staff_user)  # no change, no event
    undo_check_in(guest, by=staff_user)
    logged = [e for e in events() if e.get("event", "").startswith("check_in")]
    assert [e["event"] for e in logged] == ["check_in", "check_in_undone"]
    assert logged[0]["registration_id"] == guest.pk and logged[0]["user_id"] == staff_user.pk
    assert logged[0]["forum_id"] == forum.pk
    assert "Guest" not in json.dumps(logged)  # ids only, no names
    history = guest.history.order_by("history_date")
    assert [h.status for h in history] == ["registered", "attended", "registered"]
    assert history.last().history_user == staff_user


@pytest.fixture
def embassy(client, embassy_user):
    client.force_login(embassy_user)
    return client


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_door_page_says_what_happened(embassy, forum):
    guest = registration(forum, "invited")
    url = f"/en/embassy/{SLUG}/attendees/{guest.pk}/check-in/"
    page = embassy.post(url, follow=True)
    assert "Door Guest invited is checked in." in messages_of(page)
    page = embassy.post(url, follow=True)
    assert "Door Guest invited was checked in already." in messages_of(page)
    page = embassy.post(url, {"undo": "1"}, follow=True)
    assert "Check-in undone for Door Guest invited." in messages_of(page)
    guest.refresh_from_db()
    assert guest.status == "invited"
    page = embassy.post(url, {"undo": "1"}, follow=True)
    assert "Door Guest invited was not checked in." in messages_of(page)


def test_the_door_page_reports_a_refusal_in_the_readers_language(embassy, forum):
    guest = registration(forum, "cancelled")
    url = f"/da/embassy/{SLUG}/attendees/{guest.pk}/check-in/"
    page = embassy.post(url, follow=True)
    assert page.status_code == 200
    with translation.override("da"):
        danish = gettext("A cancelled registration cannot be checked in.")
    assert danish != "A cancelled registration cannot be checked in."
    assert messages_of(page) == [danish]
    guest.refresh_from_db()
    assert guest.checked_in_at is None


def test_staff_check_in_from_the_admin_list_through_the_same_service(staff_client, forum):
    invited = registration(forum, "invited")
    cancelled = registration(forum, "cancelled")
    url = "/admin/forum/registration/"
    chosen = [invited.pk, cancelled.pk]
    page = staff_client.post(
        url, {"action": "check_in_selected", "_selected_action": chosen}, follow=True
    )
    assert "Checked in: 1. Checked in already: 0. Cancelled, not checked in: 1." in messages_of(
        page
    )
    invited.refresh_from_db()
    cancelled.refresh_from_db()
    assert invited.status == "attended" and cancelled.checked_in_at is None
    page = staff_client.post(
        url, {"action": "undo_check_in_selected", "_selected_action": chosen}, follow=True
    )
    assert "Check-in undone: 1. Not checked in: 1." in messages_of(page)
    invited.refresh_from_db()
    assert invited.status == "invited" and invited.checked_in_at is None
    assert invited.history.order_by("-history_date").first().history_user.username == "staff"
