"""Duplicates caught before they are saved, and two records of one person merged into one."""

import pytest

from delegations.duplicates import MergeRefused, merge_people, person_candidates
from delegations.models import DelegationMember, Person
from delegations.names import fold, matches, search_text
from forum.models import Registration, SessionRole

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Chen Jing", True),
        ("Jing Chen", True),
        ("陈静", True),
        ("chen", True),
        ("Jing Wang", False),
    ],
)
def test_names_match_in_any_order_and_script(query, found):
    text = search_text("Jing", "Chen", "陈静")
    assert matches(query, text) is found


def test_accents_and_special_letters_fold():
    assert fold("Sørensen") == fold("Sorensen") == "sorensen"
    assert fold("Kühnau") == "kuhnau" and fold("Ming'ou Lü") == "mingou lu"
    assert matches("Bettina Sorensen", search_text("Bettina Balslev", "Sørensen"))


def test_a_second_karen_holm_is_found_before_saving():
    karen = Person.objects.get(email="karen.holm@example.org")
    assert person_candidates(given_name="Karen", family_name="Holm") == [karen]
    assert person_candidates(given_name="Holm", family_name="Karen") == [karen]
    assert person_candidates(given_name="Carl", family_name="Holm") == []


def test_the_same_person_in_another_script_or_spelling_is_found():
    chen = Person.objects.get(native_name="陈静")
    assert chen in person_candidates(native_name="陈静")
    assert chen in person_candidates(given_name="Chen", family_name="Jing")
    bettina = Person.objects.get(email="bettina.sorensen@example.org")
    assert bettina in person_candidates(given_name="Bettina Balslev", family_name="Sorensen")
    assert bettina in person_candidates(email="BETTINA.SORENSEN@example.org")


def test_merging_moves_every_link_and_keeps_history():
    chen = Person.objects.get(native_name="陈静")
    twin = Person.objects.create(
        given_name="Jing", family_name="Chen", email="jing.chen@example.net", phone="+86 1"
    )
    registration = Registration.objects.filter(person=chen).first()
    other_forum_registration = Registration.objects.create(
        forum=registration.forum, person=twin
    )  # the same forum twice: merged into chen's own row
    roles_before = SessionRole.objects.filter(person=chen).count()
    kept = merge_people(chen, twin)
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert not Registration.objects.filter(pk=other_forum_registration.pk).exists()
    assert Registration.objects.filter(person=chen, forum=registration.forum).count() == 1
    assert SessionRole.objects.filter(person=chen).count() == roles_before
    assert kept.phone == "+86 1"  # an empty field filled from the other record
    assert "Merged with Jing Chen" in (kept.history.first().history_change_reason or "")


def test_merging_moves_memberships_and_many_to_many_links():
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    twin = Person.objects.create(given_name="Anders", family_name="Kuhnau")
    membership = DelegationMember.objects.filter(
        person=anders, delegation__slug="region-midtjylland-beijing-2016"
    ).get()
    leg = membership.delegation.travel_legs.first()
    leg.travellers.add(twin)
    twin_membership = DelegationMember.objects.create(delegation=membership.delegation, person=twin)
    merge_people(anders, twin)
    assert anders in leg.travellers.all()
    assert leg.travellers.filter(pk=twin.pk).count() == 0
    assert not DelegationMember.objects.filter(pk=twin_membership.pk).exists()
    assert DelegationMember.objects.filter(pk=membership.pk, person=anders).exists()


def test_merging_refuses_nonsense(delegate_user, other_delegate):
    anders = delegate_user.person
    with pytest.raises(MergeRefused):
        merge_people(anders, anders)
    with pytest.raises(MergeRefused, match="Both people have a login"):
        merge_people(anders, Person.objects.get(user=other_delegate))
