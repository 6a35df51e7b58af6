"""The forum's contribution to itineraries (registered in apps.py): sessions where a person
speaks, moderates or sits on a panel, and sessions their registration includes."""

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from delegations.itinerary import Item, window

from .models import Registration, Session, SessionRole


def session_items(people, start=None, end=None):
    """{person_id: [Item]} in three queries whatever the number of people and sessions."""
    ids = {p.pk for p in people}
    roles = list(
        SessionRole.objects.filter(person__in=ids).values_list("person_id", "session_id", "role")
    )
    attending = list(
        Registration.sessions.through.objects.filter(
            registration__person__in=ids,
        )
        .exclude(registration__status=Registration.Status.CANCELLED)
        .values_list("registration__person_id", "session_id")
    )
    wanted = {session_id for _p, session_id, _r in roles} | {s for _p, s in attending}
    sessions = {
        s.pk: s
        for s in window(Session.objects.filter(pk__in=wanted), "starts_at", "ends_at", start, end)
        .select_related("forum", "track")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related("person").order_by("order", "pk"),
            )
        )
    }
    role_names = dict(SessionRole.Role.choices)
    by_person = {}
    for person_id, session_id, role in roles:
        by_person.setdefault(person_id, {})[session_id] = str(role_names.get(role, role))
    for person_id, session_id in attending:
        by_person.setdefault(person_id, {}).setdefault(session_id, _("Attending"))
    # Chinese text takes a full-width comma (the itinerary is kept per language).
    comma = "，" if (translation.get_language() or "").startswith("zh") else ", "
    found = {}
    for person_id, session_roles in by_person.items():
        for session_id, role in session_roles.items():
            session = sessions.get(session_id)
            if session is None:
                continue
            forum = session.forum
            on_stage = []
            for session_role in session.roles.all():
                if session_role.person_id != person_id and session_role.person not in on_stage:
                    on_stage.append(session_role.person)
            place = f"{forum.venue}{comma}{session.room}" if session.room else forum.venue
            found.setdefault(person_id, []).append(
                Item(
                    kind="session",
                    uid=f"session-{session.pk}",
                    title=session.title,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    start_zone=forum.time_zone,
                    end_zone=forum.time_zone,
                    place=place or forum.city,
                    # Translated fields: the Chinese venue name is what a driver in China reads.
                    place_native=getattr(forum, "venue_zh_hans", "") or ""
                    if forum.country in ("CN", "TW", "SG")
                    else "",
                    city=forum.city,
                    address=forum.venue_address,
                    address_native=forum.venue_address_native,
                    place_key=f"forum-{forum.pk}",
                    role=role,
                    detail=forum.name,
                    people=on_stage,
                )
            )
    return found
