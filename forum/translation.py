"""Translated forum fields; history is registered after translation (see delegations)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Forum, Registration, Session, SessionRole, Track


@register(Forum)
class ForumTranslation(TranslationOptions):
    fields = ("name", "description", "city", "venue", "venue_address")


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "room", "interpretation")


for model in (Forum, Track, Session, SessionRole):
    simple_history.register(model, app=__package__)
# The badge code admits its holder at the door: it stays out of history; the search text is
# derived from the person's names (forum/search.py).
simple_history.register(
    Registration, app=__package__, excluded_fields=["badge_code", "search_text"]
)
