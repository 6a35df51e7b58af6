"""Who is signed in: sessions, the cached signed-in user, roles, second factor, session limits.

Infrastructure, not domain: `delegations` and `forum` use its public modules `accounts.roles`
(the three roles and their permissions) and `accounts.rules` / `accounts.decorators` (who may
see what), and `accounts.end_sessions()`; everything else here is wired in through settings
(SESSION_ENGINE, AUTHENTICATION_BACKENDS, MIDDLEWARE).
"""


def end_sessions(user_id):
    """Sign `user_id` out everywhere at once (one indexed DELETE)."""
    from .models import UserSession

    UserSession.objects.filter(user_id=user_id).delete()
