"""Sessions with the signed-in user's id beside them."""

from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import pgettext_lazy


class UserSession(AbstractBaseSession):
    """Django's database session with the signed-in user's id beside it (SESSION_ENGINE
    `accounts.sessions`), so one person's sessions are found without decoding every
    session: anonymisation ends them all at once."""

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("signed in", "session")
        verbose_name_plural = pgettext_lazy("signed in", "sessions")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
