"""The forum's part of a trip's speaking order (registered in apps.py with
`delegations.precedence.register_speaking_source`): the sessions where the trip's members
speak, moderate, chair or sit on a panel during the trip, with their role. Two queries."""

from delegations.itinerary import trip_window
from delegations.precedence import Occasion

from .models import Session, SessionRole


def session_occasions(delegation, person_ids):
    start, end = trip_window(delegation)
    roles = list(
        SessionRole.objects.filter(
            person_id__in=person_ids, session__starts_at__lt=end, session__ends_at__gt=start
        )
        .select_related("person")
        .order_by("session_id", "order", "pk")
    )
    if not roles:
        return []
    sessions = {
        s.pk: s
        for s in Session.objects.filter(pk__in={r.session_id for r in roles}).select_related(
            "forum"
        )
    }
    found = {}
    for role in roles:
        session = sessions[role.session_id]
        occasion = found.get(session.pk)
        if occasion is None:
            occasion = found[session.pk] = Occasion(
                "session", session.title, session.starts_at, session.forum.time_zone, []
            )
        occasion.people.append((role.person, role.get_role_display()))
    return list(found.values())
