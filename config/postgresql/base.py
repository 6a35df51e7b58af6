"""Django's PostgreSQL backend with a cheaper connection health check.

With CONN_HEALTH_CHECKS, Django checks a reused connection at the first query of every request
with `SELECT 1`: a round trip to the server as long as a cached page's only query (18 % of a
worker's time on the delegate's itinerary, docs/benchmarks.md). An idle connection has nothing
to read, so here the check asks the operating system instead: if the socket has something to
read, the server has closed it (a restart, a terminated backend) or reported an error, and the
connection is not usable; Django then opens a new one before the query runs.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None or self.connection.closed:
            return False
        try:
            poller = select.poll()  # not select(): it fails for descriptors above 1023
            poller.register(self.connection.fileno(), select.POLLIN)
            return not poller.poll(0)  # readable, hung up or in error: not usable
        except (OSError, ValueError):
            return False
