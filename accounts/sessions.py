"""Django's database sessions (SESSION_ENGINE), with the user's id in a column of its own
(`UserSession`), read with one plain SQL query that also reads the generations of the user,
their person and the roles (pagecache): one round trip for all of them on every signed-in
request, which is all a kept personal page costs.

Building the session query with the ORM took twice as long as running it, and each round trip
to the database is most of what a cached personal page costs (docs/benchmarks.md). Writing,
expiry and clean-up are Django's own, and a session deleted from the database (sign-out,
anonymisation) ends at once in every server process.
"""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

import pagecache

from . import ROLES_KEY
from .backends import user_keys


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session

    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sessions = quote(model._meta.db_table)
        generations = pagecache.table(connection)
        # The signed-in user's Person (accounts/backends.py reads it with the user).
        person = get_user_model()._meta.get_field("person")
        people = quote(person.related_model._meta.db_table)
        person_user = quote(person.field.column)
        key = quote("key")
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            # One row per generation found (or one row if none is), each with the session's
            # data, the user's id and their person's id.
            cursor.execute(
                f"SELECT s.session_data, s.user_id, p.id, g.{key}, g.value "
                f"FROM (SELECT 1 AS here) AS one "
                f"LEFT JOIN {sessions} AS s ON s.session_key = %s AND s.expire_date > %s "
                f"LEFT JOIN {people} AS p ON p.{person_user} = s.user_id "
                f"LEFT JOIN {generations} AS g ON g.{key} IN "
                f"(%s, 'user:' || CAST(s.user_id AS VARCHAR(20)), "
                f"'person:' || CAST(p.id AS VARCHAR(20)))",
                [self.session_key, now, ROLES_KEY],
            )
            rows = cursor.fetchall()
        data, user_id, person_id = rows[0][:3]
        if data is None:
            self._session_key = None
            return None
        if user_id is not None:
            wanted = {k: 0 for k in user_keys(user_id, person_id)}
            pagecache.note({**wanted, **{k: value for *_, k, value in rows if k}})
        return model(session_key=self.session_key, session_data=data)
