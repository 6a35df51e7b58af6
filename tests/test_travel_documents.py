"""Passports kept safely (encrypted at rest, rotatable keys, masked in lists, staff only, in
personal-data export and erasure) and the trip checks on passports and visas."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

import vault
from delegations.models import Delegation, DelegationMember, Person, TravelDocument, Visa
from delegations.overview import overview
from delegations.personal_data import anonymise_person, export_person_data
from delegations.travel_checks import document_warnings, months_after
from vault.crypto import development_key

pytestmark = pytest.mark.django_db
SHANGHAI = "region-midtjylland-shanghai-2027"


def raw_number(document):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number FROM {TravelDocument._meta.db_table} WHERE id = %s", [document.pk]
        )
        return cursor.fetchone()[0]


def person(email_start):
    return Person.objects.get(email__startswith=email_start)


def passport(who, expires, number="DK7654321"):
    return TravelDocument.objects.create(
        person=who, number=number, issuing_country="DK", expires_on=expires
    )


def test_the_number_is_not_in_the_database_in_plain_text():
    document = passport(person("signe.madsen"), dt.date(2030, 1, 1), number="DK9988776")
    stored = raw_number(document)
    assert "9988776" not in stored and len(stored) > 50
    assert TravelDocument.objects.get(pk=document.pk).number == "DK9988776"
    # A new token at every save: equal numbers are not recognisable in the column either.
    other = passport(person("karen.holm"), dt.date(2030, 1, 1), number="DK9988776")
    assert raw_number(other) != stored


def test_keys_rotate_without_losing_a_number(settings):
    # The demo's documents were written under the development key (no VAULT_KEYS).
    old, new = development_key(), vault.new_key()
    settings.VAULT_KEYS = [old]
    document = passport(person("signe.madsen"), dt.date(2030, 1, 1), number="DK1112223")
    before = raw_number(document)
    settings.VAULT_KEYS = [new, old]
    call_command("rotate_vault_keys", stdout=open("/dev/null", "w"))
    assert raw_number(document) != before
    settings.VAULT_KEYS = [new]  # the old key is gone: everything still reads
    assert TravelDocument.objects.get(pk=document.pk).number == "DK1112223"
    settings.VAULT_KEYS = [old]  # and the old key alone no longer can
    with pytest.raises(ValueError):
        TravelDocument.objects.get(pk=document.pk)


def test_lists_mask_the_number_and_the_person_page_shows_it_to_staff(staff_client):
    document = passport(person("signe.madsen"), dt.date(2030, 1, 1), number="DK5550001")
    listing = staff_client.get("/admin/delegations/traveldocument/").content.decode()
    assert "••••••001" in listing and "DK5550001" not in listing
    page = staff_client.get(f"/admin/delegations/person/{document.person_id}/change/")
    assert "DK5550001" in page.content.decode()


@pytest.mark.parametrize("username", ["embassy", "delegate"])
def test_nobody_but_staff_sees_travel_documents(client, username):
    from django.contrib.auth.models import User

    document = passport(person("signe.madsen"), dt.date(2030, 1, 1), number="DK5550002")
    client.force_login(User.objects.get(username=username))
    for url in (
        "/admin/delegations/traveldocument/",
        f"/admin/delegations/traveldocument/{document.pk}/change/",
        f"/admin/delegations/person/{document.person_id}/change/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "DK5550002" not in response.content.decode()


def test_history_records_the_change_but_not_the_number():
    document = passport(person("signe.madsen"), dt.date(2030, 1, 1), number="DK5550003")
    historical = TravelDocument.history.filter(id=document.pk).first()
    assert historical is not None
    assert not hasattr(historical, "number")


def test_personal_data_export_has_the_document_and_erasure_removes_it():
    signe = person("signe.madsen")
    document = passport(signe, dt.date(2030, 1, 1), number="DK5550004")
    exported = export_person_data(signe)["related"]["delegations.TravelDocument"]
    assert exported[0]["fields"]["number"] == "DK5550004"
    anonymise_person(signe)
    assert not TravelDocument.objects.filter(pk=document.pk).exists()
    assert not TravelDocument.history.filter(id=document.pk).exists()


def test_six_months_after_keeps_the_month_end():
    assert months_after(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert months_after(dt.date(2027, 4, 16), 6) == dt.date(2027, 10, 16)


def warnings_for(trip, today):
    return [(w.person.email.split("@")[0], w.message) for w in document_warnings([trip], today)]


def test_the_checks_name_each_risk():
    trip = Delegation.objects.get(slug=SHANGHAI)  # 12–16 April 2027
    today = dt.date(2027, 4, 1)
    anders, christian, signe = person("anders"), person("christian"), person("signe.madsen")
    found = dict(warnings_for(trip, today))
    # The demo: Anders and Christian have passports valid long enough, Signe has none.
    assert set(found) == {"signe.madsen"}
    assert "no travel document" in found["signe.madsen"]

    passport(signe, dt.date(2027, 9, 1))  # valid on the trip, not six months after it
    Visa.objects.create(delegation=trip, person=anders, status=Visa.Status.APPLIED)
    Visa.objects.create(delegation=trip, person=christian, status=Visa.Status.REFUSED)
    found = dict(warnings_for(trip, today))
    assert "less than six months after the return" in found["signe.madsen"]
    assert "Oct. 16, 2027" in found["signe.madsen"]
    assert "not granted yet" in found["anders.kuhnau"]
    assert "refused" in found["christian.boel"]
    # Three weeks before departure a pending visa is no risk yet.
    assert "anders.kuhnau" not in dict(warnings_for(trip, dt.date(2027, 3, 20)))


def test_no_warnings_for_closed_trips_or_members_who_declined():
    trip = Delegation.objects.get(slug=SHANGHAI)
    DelegationMember.objects.filter(delegation=trip, person=person("signe.madsen")).update(
        answer=DelegationMember.Answer.DECLINED
    )
    assert warnings_for(trip, dt.date(2027, 4, 1)) == []
    passport(person("christian"), dt.date(2027, 5, 1))
    Delegation.objects.filter(pk=trip.pk).update(status=Delegation.Status.CLOSED)
    assert warnings_for(Delegation.objects.get(pk=trip.pk), dt.date(2027, 4, 1)) == []


def test_trip_page_and_overview_show_the_risks(staff_client):
    trip = Delegation.objects.get(slug=SHANGHAI)
    page = staff_client.get(f"/en/staff/trips/{trip.slug}/").content.decode()
    assert "Passports and visas are in order" in page
    assert "Signe Madsen has no travel document on file." in page
    figures = overview(dt.date(2027, 4, 1))
    assert [(w.delegation.slug, w.person.latin_name) for w in figures.documents] == [
        (SHANGHAI, "Signe Madsen")
    ]


def test_the_checks_cost_the_same_queries_for_more_trips(django_assert_max_num_queries):
    trips = list(Delegation.objects.all())
    with django_assert_max_num_queries(3):
        document_warnings(trips, dt.date(2027, 4, 1))
