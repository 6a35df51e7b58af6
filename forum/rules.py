"""Who may see which forum's attendees, export them, check them in, and take a seat.

Embassy staff see the forums their embassy hosts; regional staff see every forum; nobody else
sees attendee lists. A registered participant takes and gives back their own seats. Registered
in the `rules` registry under "forum.*" (see accounts/rules.py); views declare them with
accounts/decorators.py. The loaders below find each rule's object from the URL; a forum
someone may not see answers 404 like one that does not exist.
"""

import rules

from accounts.rules import holds, is_embassy_staff, is_regional_staff, linked_person

from .models import Forum, Registration


@rules.predicate
def hosts_users_embassy(user, forum):
    """The forum is hosted by the organisation (embassy) of the user's Person."""
    person = linked_person(user)
    if forum is None or person is None or person.organisation_id is None:
        return False
    # Asked more than once per request (page, then its check-in buttons): read once.
    if not hasattr(forum, "_host_ids"):
        forum._host_ids = set(forum.hosts.values_list("pk", flat=True))
    return person.organisation_id in forum._host_ids


@rules.predicate
def is_own_registration(user, registration):
    own = linked_person(user)
    return registration is not None and own is not None and registration.person_id == own.pk


# The embassy pages at all: staff of some embassy, or regional staff, who may read attendees.
may_see_attendee_lists = holds("forum.view_registration") & (is_regional_staff | is_embassy_staff)
# One forum's list (object = forum).
may_list_attendees = holds("forum.view_registration") & (
    is_regional_staff | (is_embassy_staff & hosts_users_embassy)
)

rules.add_perm("forum.view_attendee_lists", may_see_attendee_lists)
rules.add_perm("forum.list_attendees", may_list_attendees)
rules.add_perm("forum.export_attendees", may_list_attendees & holds("forum.export_registration"))
rules.add_perm("forum.check_in", may_list_attendees & holds("forum.check_in_registration"))
rules.add_perm("forum.take_seat", is_own_registration)
rules.add_perm(
    "forum.import_participants", holds("forum.add_registration", "forum.change_registration")
)


def visible_forums(user):
    """Forums whose attendee lists `user` may see: the queryset twin of "forum.list_attendees"
    (tests/test_rules.py holds the two to the same answer)."""
    if not may_see_attendee_lists(user):
        return Forum.objects.none()
    if is_regional_staff(user):
        return Forum.objects.all()
    person = linked_person(user)
    if person is None or person.organisation_id is None:
        return Forum.objects.none()
    return Forum.objects.filter(hosts=person.organisation_id).distinct()


def forum_from_slug(request, slug):
    return Forum.objects.filter(slug=slug).first()


def own_registration(request, slug):
    """The signed-in person's registration for the published forum `slug` (object of
    "forum.take_seat"), with its forum."""
    person = linked_person(request.user)
    if person is None:
        return None
    return (
        Registration.objects.select_related("forum")
        .filter(forum__slug=slug, forum__is_published=True, person=person)
        .first()
    )
