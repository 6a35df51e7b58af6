"""Django's database sessions (SESSION_ENGINE), with the user's id in a column of its own
(`UserSession`), read with one plain SQL query that also reads the page counters (pagecache):
one round trip for both on every signed-in request.

Building the session query with the ORM took twice as long as running it, and each round trip
to the database is most of what a cached personal page costs (docs/benchmarks.md). Writing,
expiry and clean-up are Django's own, and a session deleted from the database (sign-out,
anonymisation) ends at once in every server process.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

import pagecache


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
        sessions = connection.ops.quote_name(model._meta.db_table)
        counters = pagecache.counters_table(connection)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            # One row per counter (or one row if there are none), each with the session's data.
            cursor.execute(
                f"SELECT s.session_data, c.scope, c.value FROM (SELECT 1 AS here) AS one "
                f"LEFT JOIN {sessions} AS s ON s.session_key = %s AND s.expire_date > %s "
                f"LEFT JOIN {counters} AS c ON 1 = 1",
                [self.session_key, now],
            )
            rows = cursor.fetchall()
        pagecache.read_with_session({scope: value for _, scope, value in rows if scope})
        if rows[0][0] is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=rows[0][0])
