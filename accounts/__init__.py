"""Who is signed in: sessions, the cached signed-in user, roles, second factor, session limits.

Infrastructure, not domain: `delegations` and `forum` use its public modules `accounts.roles`
(the three roles and their permissions) and `accounts.rules` / `accounts.decorators` (who may
see what), `accounts.end_sessions()` and `accounts.invitation_link()`; everything else here
is wired in through settings (SESSION_ENGINE, AUTHENTICATION_BACKENDS, MIDDLEWARE).
`own_page_keys(user)` names the generations (pagecache) of a signed-in user's own pages.
"""

# The generation (pagecache) raised by every change to a group or permission: rare, and it
# concerns every signed-in user, whose cached user carries it.
ROLES_KEY = "roles"


def end_sessions(user_id):
    """Sign `user_id` out everywhere at once (one indexed DELETE)."""
    from .models import UserSession

    UserSession.objects.filter(user_id=user_id).delete()


def own_page_keys(request_or_user):
    """The generations a signed-in user's own pages carry (the user, the roles, their person),
    all read with the session in one query (accounts/sessions.py)."""
    from django.core.exceptions import ObjectDoesNotExist

    from .backends import user_keys

    user = getattr(request_or_user, "user", request_or_user)
    try:
        person_id = user.person.pk
    except ObjectDoesNotExist:
        person_id = None
    return user_keys(user.pk, person_id)


def invitation_link(user, language):
    """A one-time link for `user` to choose a password (accounts/invitations.py), absolute,
    in `language`'s pages; valid INVITATION_LINK_DAYS."""
    from .invitations import link

    return link(user, language)
