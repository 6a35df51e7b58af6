"""Every URL pattern against every role. A pattern without an entry here fails the test.

Roles: anonymous, delegate A (Anders Kühnau), delegate B (Christian Boel), embassy staff of
the host embassy (Beijing), embassy staff of another embassy (Tokyo), regional staff, and an
inactive user. Someone else's object answers 404 for every ordered pair of people.
"""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from PIL import Image

from delegations.calendar_feed import new_token
from delegations.models import (
    DelegationMember,
    Gift,
    Invitation,
    Organisation,
    Partnership,
    PartnershipDocument,
    Person,
)
from delegations.sharing import new_link
from forum.models import ExportProfile, Forum, Registration
from jobs.models import Job

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "delegate_a", "delegate_b", "embassy", "embassy_other", "staff", "inactive"]
SLUG = "china-denmark-cities-regions-forum-2016"
BEIJING = "region-midtjylland-beijing-2016"


def all_patterns(patterns=None, prefix="", namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from all_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


@pytest.fixture
def world(db, other_embassy, settings, tmp_path):
    """The people, logins and objects every row of the matrix refers to."""
    delegates = Group.objects.get(name="Delegates")
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    christian = Person.objects.get(email="christian.boel@example.org")
    user_b = User.objects.create_user("delegate-b", password="x-unused-9")
    user_b.groups.add(delegates)
    christian.user = user_b
    christian.save()
    user_tokyo, tokyo_forum = other_embassy
    inactive = User.objects.create_user("gone", password="x-unused-9", is_active=False)
    inactive.groups.add(delegates)
    users = {
        "anonymous": None,
        "delegate_a": User.objects.get(username="delegate"),
        "delegate_b": user_b,
        "embassy": User.objects.get(username="embassy"),
        "embassy_other": user_tokyo,
        "staff": User.objects.get(username="staff"),
        "inactive": inactive,
    }
    registration = Registration.objects.filter(forum__slug=SLUG).first()
    tokyo_guest = Person.objects.create(given_name="Guest", family_name="Tokyo")
    tokyo_registration = Registration.objects.create(forum=tokyo_forum, person=tokyo_guest)
    profile = ExportProfile.objects.create(
        owner=users["embassy"], forum=Forum.objects.get(slug=SLUG), name="Mine", query=""
    )
    # Delegate A's finished job and its file.
    settings.JOB_FILES_ROOT = tmp_path
    job = Job.objects.create(
        owner=users["delegate_a"], kind="badges", state="done", file="a/1/x.pdf", filename="x.pdf"
    )
    (tmp_path / "a" / "1").mkdir(parents=True)
    (tmp_path / "a" / "1" / "x.pdf").write_bytes(b"%PDF-1.4")
    settings.MEDIA_ROOT = tmp_path
    invitation = Invitation.objects.first()
    invitation.letter.save("letter.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    document = PartnershipDocument.objects.create(
        partnership=Partnership.objects.first(),
        title="Agreement",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="agreement.pdf"),
    )
    gift = Gift.objects.filter(delegation__slug=BEIJING).first()
    photo = io.BytesIO()
    Image.new("RGB", (2, 2)).save(photo, "PNG")
    gift.photo.save("gift.png", ContentFile(photo.getvalue()))
    return {
        "users": users,
        "job": job,
        "gift": gift,
        "anders": anders,
        "christian": christian,
        "membership_a": DelegationMember.objects.get(person=anders, delegation__slug=BEIJING),
        "membership_b": DelegationMember.objects.get(person=christian, delegation__slug=BEIJING),
        "token_a": new_token(anders),
        "shared_token_a": new_link(anders, "Assistant")[1],
        "registration": registration,
        "tokyo_registration": tokyo_registration,
        "profile": profile,
        "invitation": invitation,
        "document": document,
        "partner": Organisation.objects.get(slug="shanghai-municipality"),
    }


def ok_for(*roles, others=404, anonymous=302):
    """200 for `roles`; `others` for the signed-in rest; `anonymous` (and inactive, whose
    session is not valid) for the signed-out."""
    expected = {}
    for role in ROLES:
        if role in roles:
            expected[role] = 200
        elif role in ("anonymous", "inactive"):
            expected[role] = anonymous
        else:
            expected[role] = others
    return expected


EVERYONE = dict.fromkeys(ROLES, 200)
POST_ONLY = dict.fromkeys(ROLES, 405)
SIGNED_IN = ok_for("delegate_a", "delegate_b", "embassy", "embassy_other", "staff", others=200)


def transfer():
    """The demo's first transfer of the Beijing trip (airport to hotel)."""
    from delegations.models import Transfer

    return Transfer.objects.filter(delegation__slug=BEIJING).order_by("starts_at").first().pk


def pack():
    """The demo's hand-off pack of the Beijing trip (for the embassy)."""
    from delegations.models import HandOffPack

    return HandOffPack.objects.get(delegation__slug=BEIJING, version=1).pk


def banquet():
    """The demo's table plan of the Beijing trip (the welcome banquet)."""
    from delegations.models import TablePlan

    return TablePlan.objects.get(delegation__slug=BEIJING).pk


def matrix(w):
    """{url name: (url, {role: expected status})} for GET requests."""
    anders, registration = w["anders"], w["registration"]
    return {
        "forum:home": ("/en/", EVERYONE),
        "forum:current_programme": ("/en/programme/", dict.fromkeys(ROLES, 302)),
        "forum:programme": (f"/en/forum/{SLUG}/", EVERYONE),
        "forum:session": (
            f"/en/forum/{SLUG}/sessions/{Forum.objects.get(slug=SLUG).sessions.first().pk}/",
            EVERYONE,
        ),
        "forum:speakers": (f"/en/forum/{SLUG}/speakers/", EVERYONE),
        "forum:attend": (f"/en/forum/{SLUG}/sessions/1/attend/", POST_ONLY),
        "forum:leave": (f"/en/forum/{SLUG}/sessions/1/leave/", POST_ONLY),
        "delegations:detail": (f"/en/delegations/{BEIJING}/", EVERYONE),
        "delegations:partnerships": ("/en/partnerships/", EVERYONE),
        "healthz": ("/healthz", EVERYONE),
        "set_language": ("/i18n/setlang/", dict.fromkeys(ROLES, 302)),
        "accounts:login": (
            "/en/accounts/login/",
            {**dict.fromkeys(ROLES, 302), "anonymous": 200, "inactive": 200},
        ),
        "accounts:logout": ("/en/accounts/logout/", POST_ONLY),
        "accounts:password_change": ("/en/accounts/password/change/", SIGNED_IN),
        "accounts:password_change_done": ("/en/accounts/password/change/done/", SIGNED_IN),
        "accounts:password_reset": ("/en/accounts/password/reset/", EVERYONE),
        "accounts:password_reset_done": ("/en/accounts/password/reset/sent/", EVERYONE),
        "accounts:password_reset_confirm": ("/en/accounts/password/reset/MQ/bad-token/", EVERYONE),
        "accounts:password_reset_complete": ("/en/accounts/password/reset/done/", EVERYONE),
        "accounts:invitation_confirm": ("/en/accounts/welcome/MQ/bad-token/", EVERYONE),
        "accounts:invitation_complete": ("/en/accounts/welcome/done/", EVERYONE),
        "two_factor:verify": ("/en/accounts/two-factor/", SIGNED_IN),
        "me:itinerary": ("/en/me/", ok_for("delegate_a", "delegate_b", "staff")),
        "me:print": ("/en/me/print/", ok_for("delegate_a", "delegate_b", "staff")),
        "me:pdf": ("/en/me/itinerary.pdf", ok_for("delegate_a", "delegate_b", "staff")),
        "me:calendar_token": ("/en/me/calendar-link/", POST_ONLY),
        "me:answer": (f"/en/me/memberships/{w['membership_a'].pk}/answer/", POST_ONLY),
        "me:decline": (f"/en/me/memberships/{w['membership_a'].pk}/decline/", ok_for("delegate_a")),
        "me:staff_person": (f"/en/me/staff/people/{anders.pk}/", ok_for("staff")),
        "me:staff_delegation": (f"/en/me/staff/delegations/{BEIJING}/", ok_for("staff")),
        "staff:trip": (f"/en/staff/trips/{BEIJING}/", ok_for("staff")),
        "staff:trip_print": (f"/en/staff/trips/{BEIJING}/print/", ok_for("staff")),
        "staff:trip_pdf": (f"/en/staff/trips/{BEIJING}/trip.pdf", ok_for("staff")),
        "staff:itineraries_pdf": (f"/en/staff/trips/{BEIJING}/itineraries.pdf", ok_for("staff")),
        "staff:trip_ics": (f"/en/staff/trips/{BEIJING}/trip.ics", ok_for("staff")),
        "staff:handoff": (f"/en/staff/trips/{BEIJING}/handoff/", ok_for("staff")),
        "staff:handoff_pack": (f"/en/staff/trips/{BEIJING}/handoff/{pack()}/", ok_for("staff")),
        "staff:handoff_xlsx": (
            f"/en/staff/trips/{BEIJING}/handoff/{pack()}/pack.xlsx",
            ok_for("staff"),
        ),
        "staff:handoff_pdf": (
            f"/en/staff/trips/{BEIJING}/handoff/{pack()}/pack.pdf",
            ok_for("staff"),
        ),
        "staff:trip_move": (f"/en/staff/trips/{BEIJING}/move/", POST_ONLY),
        "staff:protocol": (f"/en/staff/trips/{BEIJING}/protocol/", ok_for("staff")),
        "staff:protocol_print": (f"/en/staff/trips/{BEIJING}/protocol/print/", ok_for("staff")),
        "staff:name_cards": (
            f"/en/staff/trips/{BEIJING}/protocol/tent-cards.pdf",
            ok_for("staff"),
        ),
        "staff:table_plan": (f"/en/staff/trips/{BEIJING}/banquets/{banquet()}/", ok_for("staff")),
        "staff:table_plan_print": (
            f"/en/staff/trips/{BEIJING}/banquets/{banquet()}/print/",
            ok_for("staff"),
        ),
        "staff:table_plan_pdf": (
            f"/en/staff/trips/{BEIJING}/banquets/{banquet()}/plan.pdf",
            ok_for("staff"),
        ),
        "staff:table_plan_cards": (
            f"/en/staff/trips/{BEIJING}/banquets/{banquet()}/place-cards.pdf",
            ok_for("staff"),
        ),
        "staff:cars": (f"/en/staff/trips/{BEIJING}/cars/", ok_for("staff")),
        "staff:cars_print": (f"/en/staff/trips/{BEIJING}/cars/print/", ok_for("staff")),
        "staff:cars_pdf": (f"/en/staff/trips/{BEIJING}/cars/cars.pdf", ok_for("staff")),
        "staff:cars_fill": (f"/en/staff/trips/{BEIJING}/cars/{transfer()}/fill/", POST_ONLY),
        "staff:cars_seat": (f"/en/staff/trips/{BEIJING}/cars/{transfer()}/seat/", POST_ONLY),
        "staff:partner": (f"/en/staff/partners/{w['partner'].pk}/", ok_for("staff")),
        "staff:briefing": (
            f"/en/staff/trips/{BEIJING}/briefing/{w['partner'].pk}/",
            ok_for("staff"),
        ),
        "staff:briefing_pdf": (
            f"/en/staff/trips/{BEIJING}/briefing/{w['partner'].pk}/briefing.pdf",
            ok_for("staff"),
        ),
        "staff:trip_costs": (f"/en/staff/trips/{BEIJING}/costs.csv", ok_for("staff")),
        # The public trip report (the demo's Beijing report is published).
        "delegations:report_pdf": (f"/en/delegations/{BEIJING}/report.pdf", EVERYONE),
        "staff:report": (f"/en/staff/trips/{BEIJING}/report/", ok_for("staff")),
        "staff:report_consents": (f"/en/staff/trips/{BEIJING}/report/consents/", POST_ONLY),
        "staff:report_publish": (f"/en/staff/trips/{BEIJING}/report/publish/", POST_ONLY),
        "staff:gift_register": ("/en/staff/gifts/?year=2016", ok_for("staff")),
        "staff:gift_register_export": (
            "/en/staff/gifts/register.xlsx?year=2016",
            ok_for("staff"),
        ),
        "calendar:feed": (f"/calendar/{w['token_a']}.ics", EVERYONE),
        "shared:itinerary": (f"/en/shared/{w['shared_token_a']}/", EVERYONE),
        "me:share": ("/en/me/shared-links/", POST_ONLY),
        "me:stop_sharing": ("/en/me/shared-links/1/stop/", POST_ONLY),
        "manifest": ("/en/manifest.webmanifest", EVERYONE),
        "service_worker": ("/sw.js", EVERYONE),
        "documents:invitation_letter": (
            f"/documents/invitations/{w['invitation'].pk}/letter",
            ok_for("staff"),
        ),
        "documents:partnership_document": (
            f"/documents/partnership-documents/{w['document'].pk}/file",
            ok_for("staff"),
        ),
        "documents:gift_photo": (f"/documents/gifts/{w['gift'].pk}/photo", ok_for("staff")),
        "embassy:forums": ("/en/embassy/", ok_for("embassy", "embassy_other", "staff")),
        "embassy:attendees": (f"/en/embassy/{SLUG}/attendees/", ok_for("embassy", "staff")),
        "embassy:export": (f"/en/embassy/{SLUG}/attendees/export.csv", ok_for("embassy", "staff")),
        "embassy:badges": (f"/en/embassy/{SLUG}/badges.pdf?q=Kühnau", ok_for("embassy", "staff")),
        "embassy:badge_options": (f"/en/embassy/{SLUG}/badges/", ok_for("embassy", "staff")),
        "embassy:check_in": (
            f"/en/embassy/{SLUG}/attendees/{registration.pk}/check-in/",
            POST_ONLY,
        ),
        "embassy:door": (f"/en/embassy/{SLUG}/door/?q=Jing+Chen", ok_for("embassy", "staff")),
        "embassy:door_check_in": (f"/en/embassy/{SLUG}/door/check-in/", POST_ONLY),
        "jobs:status": (f"/en/jobs/{w['job'].pk}/", ok_for("delegate_a")),
        "jobs:download": (f"/en/jobs/{w['job'].pk}/download", ok_for("delegate_a")),
        "embassy:save_profile": (f"/en/embassy/{SLUG}/saved-lists/", POST_ONLY),
        "embassy:delete_profile": (
            f"/en/embassy/{SLUG}/saved-lists/{w['profile'].pk}/delete/",
            POST_ONLY,
        ),
    }


def client_for(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_every_url_pattern_has_an_entry(world):
    names = {str(name) for name, route in all_patterns() if not route.startswith("admin/")}
    assert names - set(matrix(world)) == set()
    assert "None" not in names, "every non-admin URL needs a name"


def test_every_role_against_every_url(client, world):
    failures = []
    for name, (url, expected) in matrix(world).items():
        for role in ROLES:
            response = client_for(client, world["users"][role]).get(url)
            if response.status_code != expected[role]:
                failures.append((name, role, expected[role], response.status_code))
    assert failures == []


def test_admin_is_for_regional_staff_only(client, world):
    admin_urls = [
        "/admin/",
        "/admin/delegations/person/",
        "/admin/forum/registration/import/",
        "/admin/delegations/delegation/overview/",
    ]
    for role in ROLES:
        for url in admin_urls:
            response = client_for(client, world["users"][role]).get(url)
            if role == "staff":
                assert response.status_code == 200, url
            else:
                assert response.status_code == 302, (role, url)
                assert "/admin/login/" in response["Location"]


def test_someone_elses_objects_are_404_for_every_ordered_pair(client, world):
    users = world["users"]
    # Delegate A and B answer only their own membership.
    for role, other in (("delegate_a", "membership_b"), ("delegate_b", "membership_a")):
        response = client_for(client, users[role]).post(
            f"/en/me/memberships/{world[other].pk}/answer/", {"answer": "declined"}
        )
        assert response.status_code == 404, role
        world[other].refresh_from_db()
        assert world[other].answer == "confirmed"
    # Each delegate's itinerary of the other, by staff URL or by trip: 404.
    for role, other in (("delegate_a", "christian"), ("delegate_b", "anders")):
        client_for(client, users[role])
        assert client.get(f"/en/me/staff/people/{world[other].pk}/").status_code == 404
    client_for(client, users["delegate_b"])
    assert client.get("/en/me/?delegation=region-midtjylland-shanghai-2027").status_code == 200
    assert client.get("/en/me/?delegation=aarhus-kommune-beijing-2016").status_code == 404
    # Embassies check in only their own forum's attendees.
    pairs = (
        ("embassy", "tokyo_registration", "tokyo-forum"),
        ("embassy_other", "registration", SLUG),
    )
    for role, other, slug in pairs:
        response = client_for(client, users[role]).post(
            f"/en/embassy/{slug}/attendees/{world[other].pk}/check-in/"
        )
        assert response.status_code == 404, role
        world[other].refresh_from_db()
        assert world[other].checked_in_at is None
    # A saved list is its owner's alone.
    response = client_for(client, users["staff"]).post(
        f"/en/embassy/{SLUG}/saved-lists/{world['profile'].pk}/delete/"
    )
    assert response.status_code == 404
    assert ExportProfile.objects.filter(pk=world["profile"].pk).exists()


def post_matrix(w):
    """{url name: (url or url(role), data, {role: expected})} for POST requests: "login" is a
    302 to the sign-in page, "done" a 302 anywhere else (the view did its work), 404 refused."""
    session_pk = Forum.objects.get(slug=SLUG).sessions.order_by("pk").last().pk

    def answering(*roles):
        return {
            role: "done" if role in roles else "login" if role in ("anonymous", "inactive") else 404
            for role in ROLES
        }

    def fresh_link_of_a(role):
        link, _token = new_link(w["anders"], f"For {role}")
        return f"/en/me/shared-links/{link.pk}/stop/"

    def fresh_profile(role):
        profile = ExportProfile.objects.create(
            owner=w["users"]["embassy"], forum=Forum.objects.get(slug=SLUG), name=f"For {role}"
        )
        return f"/en/embassy/{SLUG}/saved-lists/{profile.pk}/delete/"

    return {
        "accounts:logout": ("/en/accounts/logout/", {}, dict.fromkeys(ROLES, "done")),
        "me:calendar_token": (
            "/en/me/calendar-link/",
            {},
            answering("delegate_a", "delegate_b", "staff"),
        ),
        # Making a link shows it once (200); others' links answer 404.
        "me:share": (
            "/en/me/shared-links/",
            {"label": "Family"},
            {
                **answering(),
                "delegate_a": 200,
                "delegate_b": 200,
                "staff": 200,
            },
        ),
        "me:stop_sharing": (fresh_link_of_a, {}, answering("delegate_a")),
        "me:answer": (
            f"/en/me/memberships/{w['membership_a'].pk}/answer/",
            {"answer": "confirmed"},
            answering("delegate_a"),
        ),
        "forum:attend": (
            f"/en/forum/{SLUG}/sessions/{session_pk}/attend/",
            {},
            answering("delegate_a", "delegate_b", "embassy"),  # the registered ones
        ),
        "forum:leave": (
            f"/en/forum/{SLUG}/sessions/{session_pk}/leave/",
            {},
            answering("delegate_a", "delegate_b", "embassy"),
        ),
        "embassy:check_in": (
            f"/en/embassy/{SLUG}/attendees/{w['registration'].pk}/check-in/",
            {},
            answering("embassy", "staff"),
        ),
        "embassy:door_check_in": (
            f"/en/embassy/{SLUG}/door/check-in/",
            {"registration": w["registration"].pk, "nonce": "matrix-nonce-1"},
            answering("embassy", "staff"),
        ),
        "embassy:save_profile": (
            f"/en/embassy/{SLUG}/saved-lists/",
            {"name": "Door list", "query": "q=a"},
            answering("embassy", "staff"),
        ),
        "embassy:delete_profile": (fresh_profile, {}, answering("embassy")),
        # A move the rules refuse still answers "done" (back to the page with the reason).
        "staff:trip_move": (
            f"/en/staff/trips/{BEIJING}/move/",
            {"to": "planning"},
            answering("staff"),
        ),
        "staff:report_consents": (
            f"/en/staff/trips/{BEIJING}/report/consents/",
            {"named": [w["membership_a"].pk]},
            answering("staff"),
        ),
        "staff:report_publish": (
            f"/en/staff/trips/{BEIJING}/report/publish/",
            {"action": "publish"},
            answering("staff"),
        ),
        # A refused seat change answers the page again with the reason (200).
        "staff:cars_fill": (
            f"/en/staff/trips/{BEIJING}/cars/{transfer()}/fill/",
            {},
            answering("staff"),
        ),
        "staff:cars_seat": (
            f"/en/staff/trips/{BEIJING}/cars/{transfer()}/seat/",
            {"action": "out", "who": "person:0"},
            {**answering(), "staff": 200},
        ),
    }


def test_every_post_only_url_has_a_post_entry(world):
    post_only = {name for name, (url, expected) in matrix(world).items() if expected == POST_ONLY}
    assert post_only == set(post_matrix(world))


def test_every_role_posting_to_every_post_url(client, world):
    failures = []
    for name, (url, data, expected) in post_matrix(world).items():
        for role in ROLES:
            target = url(role) if callable(url) else url
            response = client_for(client, world["users"][role]).post(target, data)
            if response.status_code == 302:
                to_login = "/accounts/login/" in response["Location"]
                got = "login" if to_login else "done"
            else:
                got = response.status_code
            if got != expected[role]:
                failures.append((name, role, expected[role], got))
    assert failures == []


def test_shared_link_opens_only_with_the_exact_live_token(client, world):
    token = world["shared_token_a"]
    assert client.get(f"/en/shared/{token}/").status_code == 200
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), token.upper(), "x" * 43, "x"):
        assert client.get(f"/en/shared/{wrong}/").status_code == 404, wrong
    # A NUL anywhere in an address is refused before any view (config/middleware.py).
    assert client.get(f"/en/shared/{token}%00/").status_code == 400
    world["anders"].shared_links.all().delete()  # revoked
    assert client.get(f"/en/shared/{token}/").status_code == 404


def test_calendar_feed_needs_the_exact_token(client, world):
    token = world["token_a"]
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), token.upper(), "x" * 43):
        assert client.get(f"/calendar/{wrong}.ics").status_code == 404


@pytest.mark.parametrize(
    "target", ["https://evil.example.org/", "//evil.example.org", "https:evil.example.org"]
)
def test_open_redirects_are_refused_everywhere(client, world, target):
    login = client.post(
        "/en/accounts/login/",
        {"username": "delegate", "password": "demo-password", "next": target},
    )
    assert "evil" not in login["Location"]
    client.logout()
    language = client.post("/i18n/setlang/", {"language": "da", "next": target})
    assert "evil" not in language.get("Location", "")
    client.force_login(world["users"]["staff"])
    logout = client.post(f"/en/accounts/logout/?next={target}")
    assert "evil" not in logout.get("Location", "")
