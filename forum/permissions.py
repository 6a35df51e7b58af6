"""Who may see which forum's attendees. One place, used by views and tests.

Embassy staff see the forums their embassy hosts; regional staff see every forum; nobody else
sees attendee lists. A forum someone may not see answers 404, so its existence does not leak.
"""

from django.shortcuts import get_object_or_404

from accounts.roles import is_embassy_staff, is_regional_staff
from delegations.permissions import linked_person, refuse

from .models import Forum, Registration


def may_list_attendees(user):
    return (
        user.is_authenticated
        and user.has_perm("forum.view_registration")
        and (is_regional_staff(user) or is_embassy_staff(user))
    )


def visible_forums(user):
    """Forums whose attendee lists `user` may see."""
    if not may_list_attendees(user):
        return Forum.objects.none()
    if is_regional_staff(user):
        return Forum.objects.all()
    person = linked_person(user)
    if person is None or person.organisation_id is None:
        return Forum.objects.none()
    return Forum.objects.filter(hosts=person.organisation_id).distinct()


def forum_or_404(user, slug):
    forum = visible_forums(user).filter(slug=slug).first()
    if forum is None:
        refuse(user, "attendee_list")
    return forum


def registration_or_404(user, forum, pk):
    return get_object_or_404(Registration.objects.filter(forum=forum), pk=pk)


def require(user, permission):
    """Embassy and regional staff lacking one action's permission get 404 as well."""
    if not user.has_perm(permission):
        refuse(user, permission)
