"""Protocol: the trip's precedence (proposal, manual moves with a note), the host side and the
banquet table plan seated by precedence, moved by forms, printed; speaking order; name cards."""

import subprocess

import pytest
from django.utils import translation

from delegations import precedence, seating
from delegations.models import (
    Delegation,
    DelegationMember,
    HostAttendee,
    Person,
    Seat,
    Table,
    TablePlan,
)

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
PROTOCOL = f"/en/staff/trips/{BEIJING}/protocol/"


def trip():
    return Delegation.objects.get(slug=BEIJING)


def plan():
    return TablePlan.objects.get(delegation__slug=BEIJING)


def plan_url(suffix=""):
    return f"/en/staff/trips/{BEIJING}/banquets/{plan().pk}/{suffix}"


def order():
    return [m.person.family_name for m in precedence.ranked(trip())]


def member(family_name):
    return DelegationMember.objects.get(delegation__slug=BEIJING, person__family_name=family_name)


def pdf_text(response, tmp_path):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "out.pdf"
    path.write_bytes(response.content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def pdf_pages(response, tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


# --- the proposal ----------------------------------------------------------------------------


def test_title_rank_reads_every_language():
    assert precedence.title_rank("Mayor") == 1
    assert precedence.title_rank("1st vice-chair of the regional council") == 2
    assert precedence.title_rank("Group director") == 3
    assert precedence.title_rank("", "", "北京市卫生健康委员会副主任") == 4
    assert precedence.title_rank("Project manager") == 5
    assert precedence.title_rank("Driver") == precedence.UNRANKED


def test_the_proposal_puts_the_leader_first_then_roles_then_titles():
    delegation = trip()
    # Mixed up by hand: the adviser first, the leader last.
    for place, name in enumerate(["Sørensen", "Boel", "Kühnau"], start=1):
        DelegationMember.objects.filter(pk=member(name).pk).update(precedence=place)
    mayor = Person.objects.create(given_name="Ida", family_name="Borg", position_en="Mayor")
    clerk = Person.objects.create(given_name="Ole", family_name="Aas", position_en="Clerk")
    for person in (clerk, mayor):
        DelegationMember.objects.create(delegation=delegation, person=person, role="member")
    proposed = [m.person.family_name for m in precedence.propose(precedence.ranked(delegation))]
    # Members by title: the mayor before the group director before the clerk.
    assert proposed == ["Kühnau", "Borg", "Boel", "Aas", "Sørensen"]
    assert order()[0] == "Sørensen"  # proposing writes nothing


def test_applying_the_proposal_writes_the_precedence_field_and_clears_notes(staff_client):
    DelegationMember.objects.filter(pk=member("Kühnau").pk).update(
        precedence=9, precedence_note="Arrives late"
    )
    response = staff_client.post(PROTOCOL, {"action": "propose"})
    assert response.status_code == 302
    assert order() == ["Kühnau", "Boel", "Sørensen"]
    assert [m.precedence for m in precedence.ranked(trip())] == [1, 2, 3]
    assert member("Kühnau").precedence_note == ""


def test_a_move_by_hand_needs_a_note_and_keeps_it(staff_client):
    sorensen = member("Sørensen")
    refused = staff_client.post(
        PROTOCOL, {"member": sorensen.pk, "action": "up", "to": "", "note": "  "}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'id="note-error-{sorensen.pk}"' in page
    assert "Say why the order changes" in page
    assert order() == ["Kühnau", "Boel", "Sørensen"]

    moved = staff_client.post(
        PROTOCOL, {"member": sorensen.pk, "action": "up", "to": "", "note": "Gives the speech"}
    )
    assert moved.status_code == 302
    assert order() == ["Kühnau", "Sørensen", "Boel"]
    assert member("Sørensen").precedence == 2 and member("Boel").precedence == 3
    assert member("Sørensen").precedence_note == "Gives the speech"
    assert "Gives the speech" in staff_client.get(PROTOCOL).content.decode()

    staff_client.post(
        PROTOCOL, {"member": sorensen.pk, "action": "set", "to": "1", "note": "Host's wish"}
    )
    assert order() == ["Sørensen", "Kühnau", "Boel"]
    # Past the end: last; down from last: stays last.
    staff_client.post(PROTOCOL, {"member": sorensen.pk, "action": "set", "to": "99", "note": "x"})
    assert order() == ["Kühnau", "Boel", "Sørensen"]
    staff_client.post(PROTOCOL, {"member": sorensen.pk, "action": "down", "note": "x"})
    assert order() == ["Kühnau", "Boel", "Sørensen"]
    # History keeps who moved whom and why.
    assert member("Sørensen").history.filter(precedence_note="Host's wish").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"member": "abc", "action": "up", "note": "x"},
        {"member": "999999", "action": "up", "note": "x"},
        {"member": "1", "action": "fly", "note": "x"},
        {"member": "1", "action": "set", "to": "-3", "note": "x"},
        {"member": "1", "action": "set", "to": "", "note": "x"},
        {"member": "99999999999999999999", "action": "up", "note": "x"},
        {},
    ],
)
def test_odd_moves_answer_400_and_change_nothing(staff_client, data):
    before = order()
    response = staff_client.post(PROTOCOL, data)
    assert response.status_code == 400
    assert order() == before


def test_a_member_of_another_trip_cannot_be_moved(staff_client):
    other = DelegationMember.objects.exclude(delegation__slug=BEIJING).first()
    response = staff_client.post(PROTOCOL, {"member": other.pk, "action": "up", "note": "x"})
    assert response.status_code == 400
    assert "not an active member" in response.content.decode()


# --- the table plan --------------------------------------------------------------------------


def seat_of(who):
    seat = Seat.objects.select_related("table").get(plan=plan(), **who)
    return seat.table.number, seat.number


def test_the_demo_banquet_is_seated_by_precedence():
    banquet = plan()
    assert [h.latin_name for h in seating.hosts_of(banquet)][:2] == ["Zhao Guoqiang", "Chen Jing"]
    host = HostAttendee.objects.get(plan=banquet, precedence=1)
    assert seat_of({"host": host}) == (1, 1)  # principal host: table 1 seat 1
    assert seat_of({"member": member("Kühnau")}) == (1, 2)  # chief guest at his right
    assert seat_of({"member": member("Boel")}) == (1, 10)  # second guest at his left
    # Hosts on odd seats, guests on even: they alternate.
    for seat in Seat.objects.filter(plan=banquet):
        assert (seat.number % 2 == 1) == (seat.host_id is not None)


def test_nearness_is_right_before_left():
    assert seating.nearness(10) == [1, 2, 10, 3, 9, 4, 8, 5, 7, 6]
    assert seating.host_and_guest_seats(8) == ([1, 3, 7, 5], [2, 8, 4, 6])


def test_generating_makes_tables_and_spills_over_to_the_other_side():
    banquet = plan()
    Table.objects.filter(plan=banquet).delete()
    banquet.seats_per_table = 4
    banquet.save()
    assert seating.generate(banquet) == 8
    tables = list(banquet.tables.order_by("number"))
    assert [t.number for t in tables] == [1, 2]
    second_host = HostAttendee.objects.get(plan=banquet, precedence=3)
    # Table 1: hosts 1 and 2, guests 1 and 2; table 2 led by host 3 at its seat 1.
    assert seat_of({"host": second_host}) == (2, 1)
    assert seat_of({"member": member("Sørensen")}) == (2, 2)
    # Five hosts and three guests: host 5 takes a guest seat at table 2.
    last = HostAttendee.objects.get(plan=banquet, precedence=5)
    assert seat_of({"host": last})[0] == 2


def test_too_few_seats_are_refused_and_keep_the_old_seats(staff_client):
    banquet = plan()
    Table.objects.filter(plan=banquet).update(seats=4)
    before = Seat.objects.filter(plan=banquet).count()
    response = staff_client.post(plan_url(), {"action": "generate"}, follow=True)
    assert "add a table or seats first" in response.content.decode()
    assert Seat.objects.filter(plan=banquet).count() == before


def test_seating_by_numbers_swaps_with_whoever_sat_there(staff_client):
    kuhnau, boel = member("Kühnau"), member("Boel")
    response = staff_client.post(
        plan_url(), {"who": f"g{boel.pk}", "table": "1", "seat": "2", "action": "place"}
    )
    assert response.status_code == 302
    assert seat_of({"member": boel}) == (1, 2)
    assert seat_of({"member": kuhnau}) == (1, 10)
    # Onto an empty seat; then off the plan.
    staff_client.post(plan_url(), {"who": f"g{boel.pk}", "table": "1", "seat": "6"})
    assert seat_of({"member": boel}) == (1, 6)
    assert not Seat.objects.filter(plan=plan(), table__number=1, number=2).exists()
    for odd in ("g99999999999999", "x1", ""):
        staff_client.post(plan_url(), {"who": odd, "action": "unseat"})
    assert seat_of({"member": boel}) == (1, 6)
    staff_client.post(plan_url(), {"who": f"g{boel.pk}", "action": "unseat"})
    assert not Seat.objects.filter(plan=plan(), member=boel).exists()
    assert "Christian Boel" in staff_client.get(plan_url("print/")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"who": "g1", "table": "7", "seat": "1"}, "no table 7"),
        ({"who": "HOST", "table": "1", "seat": "1"}, "Choose a guest or a host"),
        ({"who": "h999999", "table": "1", "seat": "1"}, "not at this banquet"),
        ({"table": "1", "seat": "1"}, "This field is required"),
        ({"who": "g1", "table": "x", "seat": "1"}, "Enter a whole number"),
    ],
)
def test_odd_seats_answer_400_beside_the_field(staff_client, data, message):
    if data.get("who") == "g1":
        data = {**data, "who": f"g{member('Kühnau').pk}"}
    before = sorted(Seat.objects.filter(plan=plan()).values_list("table_id", "number", "member"))
    response = staff_client.post(plan_url(), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    after = sorted(Seat.objects.filter(plan=plan()).values_list("table_id", "number", "member"))
    assert after == before


def test_a_seat_past_the_table_is_refused(staff_client):
    who = f"g{member('Kühnau').pk}"
    response = staff_client.post(plan_url(), {"who": who, "table": "1", "seat": "11"})
    assert response.status_code == 400
    assert "seats 1 to 10" in response.content.decode()


def test_a_plan_of_another_trip_answers_404(staff_client):
    other = Delegation.objects.exclude(slug=BEIJING).first()
    url = f"/en/staff/trips/{other.slug}/banquets/{plan().pk}/"
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, {"action": "generate"}).status_code == 404


def test_others_posting_change_nothing(client, delegate_user, embassy_user):
    before = order()
    seats = Seat.objects.filter(plan=plan()).count()
    for user in (delegate_user, embassy_user, None):
        client.logout()
        if user:
            client.force_login(user)
        moved = client.post(PROTOCOL, {"action": "propose"})
        seated = client.post(plan_url(), {"action": "generate"})
        expected = 404 if user else 302
        assert (moved.status_code, seated.status_code) == (expected, expected)
    assert order() == before
    assert Seat.objects.filter(plan=plan()).count() == seats


# --- pages, print, PDF, cards -----------------------------------------------------------------


def test_the_protocol_page_in_three_languages(staff_client):
    # The page's own words come from the catalogues (merged from /work/wt/i18n); the plan's
    # name and the titles are translated fields.
    for language, words in (
        ("en", ["Welcome banquet", 'lang="en"', "Group director"]),
        ("da", ["Velkomstbanket", 'lang="da"', "Koncerndirektør"]),
        ("zh-hans", ["欢迎宴会", 'lang="zh-hans"', "集团总监"]),
    ):
        page = staff_client.get(f"/{language}/staff/trips/{BEIJING}/protocol/").content.decode()
        for word in words:
            assert word in page, (language, word)


def test_the_speaking_order_follows_precedence(staff_client):
    delegation = trip()
    occasions = precedence.speaking_order(delegation, precedence.ranked(delegation))
    visit = next(o for o in occasions if o.kind == "visit" and len(o.people) == 3)
    assert [p.family_name for p, _role in visit.people] == ["Kühnau", "Boel", "Sørensen"]
    sessions = [o for o in occasions if o.kind == "session"]
    assert sessions and all(role for o in sessions for _p, role in o.people)
    # A manual move reorders the speakers.
    precedence.move(delegation, member("Sørensen").pk, to=1, note="Gives the keynote")
    occasions = precedence.speaking_order(delegation, precedence.ranked(delegation))
    visit = next(o for o in occasions if o.kind == "visit" and len(o.people) == 3)
    assert [p.family_name for p, _role in visit.people][0] == "Sørensen"
    page = staff_client.get(f"/en/staff/trips/{BEIJING}/protocol/print/").content.decode()
    assert "Visit to Peking Union Medical College Hospital" in page
    assert page.index("Bettina Balslev Sørensen") < page.index("Anders Kühnau")


def test_the_table_plan_pdf_has_both_scripts_each_in_its_order(staff_client, tmp_path):
    text = pdf_text(staff_client.get(plan_url("plan.pdf")), tmp_path)
    assert "Zhao Guoqiang" in text and "赵国强" in text  # family name first in both
    assert "Anders Kühnau" in text and "Welcome banquet" in text
    chinese = staff_client.get(f"/zh-hans/staff/trips/{BEIJING}/banquets/{plan().pk}/")
    page = chinese.content.decode()
    assert '<span lang="zh-Hans">赵国强</span> <span lang="en">Zhao Guoqiang</span>' in page


def test_tent_cards_two_per_a4_in_precedence_order(staff_client, tmp_path):
    response = staff_client.get(f"/en/staff/trips/{BEIJING}/protocol/tent-cards.pdf")
    text = pdf_text(response, tmp_path)
    assert text.index("Anders Kühnau") < text.index("Christian Boel") < text.index("Sørensen")
    assert "大区议会第一副主席" in text  # the Chinese title beside the English one
    pages, size = pdf_pages(response, tmp_path)
    assert pages == 2 and "595" in size and "841" in size  # 3 cards, 2 per A4 portrait
    a5 = staff_client.get(f"/en/staff/trips/{BEIJING}/protocol/tent-cards.pdf?stock=a5")
    pages, size = pdf_pages(a5, tmp_path)
    assert pages == 3 and size.startswith("595") and "419" in size  # A5 landscape, one each


def test_place_cards_of_the_host_side_name_table_and_seat(staff_client, tmp_path):
    response = staff_client.get(plan_url("place-cards.pdf"))
    text = pdf_text(response, tmp_path)
    assert text.index("赵国强") < text.index("陈静") < text.index("孙丽华")
    assert "Table 1 · Seat 1" in text and "Kühnau" not in text
    everyone = pdf_text(staff_client.get(plan_url("place-cards.pdf?side=all")), tmp_path)
    assert "Kühnau" in everyone and "赵国强" in everyone
    assert pdf_pages(response, tmp_path)[0] == 1  # 5 cards, 8 to a sheet


def test_an_unknown_card_kind_answers_404(staff_client):
    badge = f"/en/staff/trips/{BEIJING}/protocol/badge-cards.pdf"
    assert staff_client.get(badge).status_code == 404
    assert staff_client.get(plan_url("x-cards.pdf")).status_code == 404


def test_card_faces_put_a_chinese_name_first_for_chinese_people():
    banquet = plan()
    view = seating.plan_view(banquet)
    from delegations.name_cards import card

    zhao = card(view.hosts[0])
    assert (zhao.first, zhao.second, zhao.first_lang) == ("赵国强", "Zhao Guoqiang", "zh-Hans")
    kuhnau = card(view.guests[0])
    assert (kuhnau.first, kuhnau.second) == ("Anders Kühnau", "")
    with translation.override("zh-hans"):
        assert seating.plan_view(banquet).hosts[0].title == "北京市副市长"


# --- fixed queries --------------------------------------------------------------------------


def grow_trip():
    delegation, banquet = trip(), plan()
    for n in range(8):
        person = Person.objects.create(given_name=f"Extra{n}", family_name="Member")
        DelegationMember.objects.create(delegation=delegation, person=person, precedence=50 + n)
        HostAttendee.objects.create(plan=banquet, family_name=f"Host{n}", precedence=20 + n)
    Table.objects.create(plan=banquet, number=2, seats=16)
    seating.generate(banquet)


@pytest.mark.parametrize(
    "url",
    [PROTOCOL, f"/en/staff/trips/{BEIJING}/protocol/print/", "plan", "plan-print", "cards"],
)
def test_pages_cost_the_same_queries_for_a_bigger_trip(
    staff_client, django_assert_max_num_queries, url
):
    urls = {
        "plan": plan_url(),
        "plan-print": plan_url("print/"),
        "cards": plan_url("place-cards.pdf?side=all"),
    }
    url = urls.get(url, url)
    staff_client.get(url)  # warm: sessions, user, static lookups
    with django_assert_max_num_queries(40) as first:
        assert staff_client.get(url).status_code == 200
    grow_trip()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert staff_client.get(url).status_code == 200


def test_admin_pages_of_the_plan(staff_client):
    banquet = plan()
    page = staff_client.get(f"/admin/delegations/tableplan/{banquet.pk}/change/")
    assert page.status_code == 200
    assert "赵国强" in page.content.decode()
    listing = staff_client.get("/admin/delegations/tableplan/").content.decode()
    assert plan_url() in listing
