"""The PostgreSQL health check (config/postgresql): a connection the server closed is found
unusable without a query, and Django opens a new one before the next query."""

import time

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the engine exists for PostgreSQL only"
    ),
]


@pytest.fixture
def second_connection():
    """A connection of its own, outside the test's transaction, with health checks on."""
    other = connections.create_connection("default")
    other.health_check_enabled = True
    other.ensure_connection()
    yield other
    other.close()


def test_postgresql_uses_the_project_engine():
    assert connection.settings_dict["ENGINE"] == "config.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_connection_the_server_ended_is_replaced(second_connection, django_assert_num_queries):
    assert second_connection.is_usable()
    old_pid = second_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
        assert cursor.fetchone() == (True,)
    deadline = time.monotonic() + 5
    while second_connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not second_connection.is_usable()
    # What Django does at the first query of a request: check, reconnect, run the query.
    second_connection.health_check_done = False
    with second_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        new_pid = cursor.fetchone()[0]
    assert new_pid != old_pid


def test_the_check_sends_no_query(second_connection):
    with second_connection.cursor() as cursor:
        cursor.execute("SELECT 'the last query before the check'")
    assert second_connection.is_usable()
    # Django's own check would have sent SELECT 1: the server would show it as the last query.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s",
            [second_connection.connection.info.backend_pid],
        )
        assert cursor.fetchone() == ("SELECT 'the last query before the check'",)
