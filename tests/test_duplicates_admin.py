"""In the admin: a person or organisation that may already exist is shown before it is
saved, namesakes tell apart in the pickers, and two records of one person are merged."""

import json

import pytest
from django.urls import reverse

from delegations.duplicates import organisation_candidates, person_candidates
from delegations.models import DelegationMember, Organisation, Person
from tests.test_concurrent_edit import page_form

pytestmark = pytest.mark.django_db

ADD_PERSON = "/admin/delegations/person/add/"


def person_data(client, **values):
    data = page_form(client, ADD_PERSON, "person_form")
    data.update({key: [value] for key, value in values.items()})
    return data


def test_a_second_karen_holm_is_shown_before_it_is_saved(staff_client):
    karen = Person.objects.get(email="karen.holm@example.org")
    count = Person.objects.count()
    data = person_data(staff_client, given_name="Karen", family_name="Holm", email="k@x.dk")
    warned = staff_client.post(ADD_PERSON, data)
    assert warned.status_code == 200
    html = warned.content.decode()
    assert "This may already exist" in html
    assert reverse("admin:delegations_person_change", args=[karen.pk]) in html
    assert "karen.holm@example.org" in html  # the candidate tells itself apart
    assert Person.objects.count() == count
    data["not_a_duplicate"] = ["on"]
    saved = staff_client.post(ADD_PERSON, data)
    assert saved.status_code == 302
    assert Person.objects.filter(given_name="Karen", family_name="Holm").count() == 2


def test_a_new_person_with_no_namesake_saves_at_once(staff_client):
    data = person_data(staff_client, given_name="Signe", family_name="Quist", email="sq@x.dk")
    assert staff_client.post(ADD_PERSON, data).status_code == 302


def test_the_same_email_or_native_name_is_caught(staff_client):
    chen = Person.objects.get(native_name="陈静")
    data = person_data(staff_client, given_name="J.", family_name="C.", native_name="陈静")
    html = staff_client.post(ADD_PERSON, data).content.decode()
    assert reverse("admin:delegations_person_change", args=[chen.pk]) in html


@pytest.mark.parametrize("spelling", ["Soerensen", "Sorensen", "SØRENSEN"])
def test_transliterations_find_the_person(spelling):
    bettina = Person.objects.get(email="bettina.sorensen@example.org")
    assert bettina in person_candidates(given_name="Bettina Balslev", family_name=spelling)


def test_a_pinyin_u_with_umlaut_written_otherwise_is_found():
    lu = Person.objects.get(native_name="吕明欧")
    for spelling in ("Lü", "Lyu", "Lv", "Lu"):
        assert lu in person_candidates(given_name=lu.given_name, family_name=spelling)


def test_an_organisation_that_exists_is_shown_first(staff_client):
    region = Organisation.objects.get(slug="region-midtjylland")
    assert region in organisation_candidates(names=["REGION MIDTJYLLAND"])
    assert region in organisation_candidates(name_native="中日德兰大区")
    url = "/admin/delegations/organisation/add/"
    data = page_form(staff_client, url, "organisation_form")
    data.update(
        name_en=["Region Midtjylland"], slug=["region-midtjylland-2"], kind=["region"],
        country=["DK"],
    )  # fmt: skip
    html = staff_client.post(url, data).content.decode()
    assert reverse("admin:delegations_organisation_change", args=[region.pk]) in html
    assert not Organisation.objects.filter(slug="region-midtjylland-2").exists()
    data["not_a_duplicate"] = ["on"]
    assert staff_client.post(url, data).status_code == 302


def test_namesakes_tell_apart_in_the_autocomplete(staff_client):
    karen = Person.objects.get(email="karen.holm@example.org")
    Person.objects.create(
        given_name="Karen", family_name="Holm", email="karen.holm@aarhus.dk", kind="official"
    )
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "Holm",
            "app_label": "delegations",
            "model_name": "visit",
            "field_name": "interpreter",
        },
    )
    texts = [r["text"] for r in json.loads(response.content)["results"]]
    assert len(texts) == 2 and len(set(texts)) == 2
    assert any("karen.holm@aarhus.dk" in t for t in texts)
    assert any(str(karen.organisation) in t and karen.email in t for t in texts)


def test_the_hotel_picker_offers_hotels_only(staff_client):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"term": "", "app_label": "delegations", "model_name": "stay", "field_name": "hotel"},
    )
    found = {r["id"] for r in json.loads(response.content)["results"]}
    hotels = {
        str(pk) for pk in Organisation.objects.filter(kind="hotel").values_list("pk", flat=True)
    }
    assert found and found == hotels


def test_merging_two_people_moves_their_links_after_confirmation(staff_client):
    karen = Person.objects.get(email="karen.holm@example.org")
    Person.objects.filter(pk=karen.pk).update(dietary_needs="")
    twin = Person.objects.create(given_name="Karen", family_name="Holm", dietary_needs="Vegan")
    member = DelegationMember.objects.filter(person__email="christian.boel@example.org").first()
    DelegationMember.objects.create(delegation=member.delegation, person=twin)
    changelist = reverse("admin:delegations_person_changelist")
    picked = {"action": "merge_people", "_selected_action": [karen.pk, twin.pk]}
    confirm = staff_client.post(changelist, picked)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Delegation members: 1" in html
    assert f'name="keep" value="{karen.pk}"' in html
    assert Person.objects.filter(pk=twin.pk).exists()  # nothing happens before confirming

    done = staff_client.post(changelist, {**picked, "confirm": "yes", "keep": karen.pk})
    assert done.status_code == 302
    assert not Person.objects.filter(pk=twin.pk).exists()
    karen.refresh_from_db()
    assert karen.dietary_needs == "Vegan"  # an empty field filled from the merged record
    assert DelegationMember.objects.filter(delegation=member.delegation, person=karen).exists()
    assert Person.history.filter(id=twin.pk).exists()  # both histories are kept
    assert "Merged with" in karen.history.first().history_change_reason
