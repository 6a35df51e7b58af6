"""What the public may see of forums: published forums and their sessions and speakers."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Forum, Session, SessionRole


def published_forums():
    return Forum.objects.filter(is_published=True).order_by("-starts_on")


def published_forum(slug):
    """The published forum with this slug, or 404 (an unpublished one does not exist here)."""
    return get_object_or_404(published_forums(), slug=slug)


def programme_sessions(forum):
    """All sessions of `forum` with track and people on stage, in a fixed number of queries."""
    return (
        Session.objects.filter(forum=forum)
        .select_related("track")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related("person").order_by("order", "pk"),
            )
        )
        .order_by("starts_at", "track__order", "pk")
    )


def speaker_roles(forum):
    return (
        SessionRole.objects.filter(session__forum=forum)
        .select_related("person", "person__organisation", "session")
        .order_by("person__family_name", "person__given_name", "session__starts_at")
    )
