"""The attendee list finds full names the way the door does (forum/search.py): any order,
either script, without accents, in a fixed number of queries; the search text every
registration keeps follows the person's edits, imports, merges and erasure; PostgreSQL
answers through a trigram index."""

import pytest
from django.db import connection

from delegations.duplicates import merge_people
from delegations.models import Person
from delegations.personal_data import anonymise_person
from forum import search
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
LIST = f"/en/embassy/{SLUG}/attendees/"


@pytest.fixture
def embassy(client, embassy_user):
    client.force_login(embassy_user)
    return client


@pytest.fixture
def forum():
    return Forum.objects.get(slug=SLUG)


def listed(client, query):
    page = client.get(LIST, {"q": query})
    assert page.status_code == 200
    return set(page.context["page"].object_list.values_list("person__email", flat=True))


@pytest.mark.parametrize(
    "query, email",
    [
        ("Chen Jing", "chen.jing@example.org"),
        ("Jing Chen", "chen.jing@example.org"),
        ("陈静", "chen.jing@example.org"),
        ("Sorensen", "bettina.sorensen@example.org"),
        ("Bettina Sørensen", "bettina.sorensen@example.org"),
        ("Anders Kuhnau", "anders.kuhnau@example.org"),
        ("anders.kuhnau@example.org", "anders.kuhnau@example.org"),
        ("Ming'ou Lü", "ming.ou.lu@example.org"),
    ],
)
def test_the_list_finds_full_names_in_any_order_script_and_accents(embassy, query, email):
    if not Registration.objects.filter(forum__slug=SLUG, person__email=email).exists():
        pytest.fail(f"{email} is not registered in the demo")
    assert email in listed(embassy, query)


def test_every_word_must_match(embassy):
    assert listed(embassy, "Jing Sørensen") == set()
    assert listed(embassy, "?!") == set()


def test_every_registration_of_the_demo_has_its_search_text(forum):
    assert search.refresh(Registration.objects.all()) == 0  # nothing out of date
    assert not Registration.objects.filter(search_text="").exists()


def test_the_text_follows_the_person_and_the_badge(embassy, forum):
    person = Person.objects.create(given_name="Ærø", family_name="Østergård", native_name="")
    registration = Registration.objects.create(forum=forum, person=person)
    assert "aero" in registration.search_text and "ostergard" in registration.search_text
    person.family_name = "Wu"
    person.native_name = "吴爱萝"
    person.save()
    registration.refresh_from_db()
    assert "ostergard" not in registration.search_text and "吴爱萝" in registration.search_text
    registration.badge_name = "Dr. Aero Wu-Hansen"
    registration.save(update_fields=["badge_name"])
    assert registration.pk in {
        r.pk for r in Registration.objects.filter(search.matching("Hansen Wu"))
    }
    assert "hansen" in Registration.objects.get(pk=registration.pk).search_text


def test_merging_moves_the_text_with_the_registration(forum):
    keep = Person.objects.create(given_name="Lina", family_name="Holm", email="lina@example.org")
    duplicate = Person.objects.create(given_name="Lina", family_name="Holm", native_name="琳娜")
    registration = Registration.objects.create(forum=forum, person=duplicate)
    merge_people(keep, duplicate)
    registration.refresh_from_db()
    assert registration.person_id == keep.pk
    assert "lina@example.org" in registration.search_text and "琳娜" in registration.search_text


def test_erasure_leaves_no_name_to_find(forum):
    person = Person.objects.create(given_name="Erik", family_name="Glemt", email="erik@x.org")
    registration = Registration.objects.create(forum=forum, person=person, badge_name="Erik G.")
    anonymise_person(person)
    registration.refresh_from_db()
    assert "erik" not in registration.search_text and "glemt" not in registration.search_text


def test_bulk_writes_are_brought_up_to_date(forum):
    people = Person.objects.bulk_create(
        [Person(given_name="Bulk", family_name=f"Person{n}") for n in range(3)]
    )
    made = Registration.objects.bulk_create(Registration(forum=forum, person=p) for p in people)
    rows = Registration.objects.filter(pk__in=[r.pk for r in made])
    assert set(rows.values_list("search_text", flat=True)) == {""}
    assert search.refresh(rows) == 3
    assert rows.filter(search.matching("person1 bulk")).count() == 1


def test_the_list_reads_a_fixed_number_of_queries_when_searching(
    embassy, forum, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    embassy.get(LIST, {"q": "Chen"})
    with CaptureQueriesContext(connection) as first:
        embassy.get(LIST, {"q": "Chen"})
    people = Person.objects.bulk_create(
        Person(given_name=f"Wei{n}", family_name="Chen", native_name=f"陈{n}") for n in range(60)
    )
    made = Registration.objects.bulk_create(Registration(forum=forum, person=p) for p in people)
    search.refresh(Registration.objects.filter(pk__in=[r.pk for r in made]))
    with django_assert_max_num_queries(len(first)):
        page = embassy.get(LIST, {"q": "陈"})
    assert page.context["page"].paginator.count >= 60


def test_postgresql_has_the_trigram_index():
    if connection.vendor != "postgresql":
        # SQLite: no such index; the same LIKE reads the forum's rows (bench/search.py).
        with connection.cursor() as cursor:
            names = [row[1] for row in cursor.execute("PRAGMA index_list(forum_registration)")]
        assert "registration_search_trgm" not in names
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'registration_search_trgm'"
        )
        (definition,) = cursor.fetchone()
        assert "gin" in definition and "gin_trgm_ops" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM forum_registration WHERE search_text LIKE %s",
            ["%sorensen%"],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "registration_search_trgm" in plan


def test_an_import_that_adds_or_renames_people_leaves_them_findable(forum):
    from forum import imports

    registration = (
        Registration.objects.filter(forum=forum, status="registered")
        .exclude(person__email="")
        .select_related("person")
        .first()
    )
    person = registration.person
    text = (
        "E-mail,Given name,Family name,Name in native script\n"
        f"{person.email},{person.given_name},Kjærgaard,\n"
        "nyt.navn@example.org,Søren,Ødegård,\n"
    )
    headers, rows = imports.read_table("people.csv", text.encode())
    mapping = imports.guess_mapping(headers)
    report = imports.import_participants(forum, headers, rows, mapping, dry_run=False)
    assert report.registrations_created == 1
    assert search.refresh(Registration.objects.all()) == 0  # all written by the import
    found = Registration.objects.filter(forum=forum).filter(search.matching("kjaergaard"))
    assert registration.pk in set(found.values_list("pk", flat=True))
    assert Registration.objects.filter(forum=forum).filter(search.matching("Soren Odegard"))
