"""Safe requests ride out short database outages; unsafe ones are never repeated."""

import logging

import pytest

from tests.urlconfs import flaky

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urlconfs.flaky")]


@pytest.fixture(autouse=True)
def quick_pauses(settings):
    settings.DATABASE_RETRY_PAUSES = [0, 0, 0]
    flaky.failures.update(left=0, calls=0)


def test_get_is_retried_until_the_database_answers(client):
    client.raise_request_exception = False  # the client would re-raise the first failure
    flaky.failures["left"] = 2
    response = client.get("/flaky")
    assert response.status_code == 200
    assert flaky.failures["calls"] == 3


def test_retries_are_bounded(client):
    client.raise_request_exception = False
    flaky.failures["left"] = 10
    response = client.get("/flaky")
    assert response.status_code == 500
    assert flaky.failures["calls"] == 4  # the first try and three retries


def test_post_is_not_repeated(client):
    client.raise_request_exception = False
    flaky.failures["left"] = 1
    response = client.post("/flaky")
    assert response.status_code == 500
    assert flaky.failures["calls"] == 1


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def log_records():
    handler = Records()
    loggers = [logging.getLogger("django.request"), logging.getLogger("delegation_desk")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.records
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_request_that_succeeds_after_retries_leaves_no_error_line(client, log_records):
    client.raise_request_exception = False
    flaky.failures["left"] = 2
    assert client.get("/flaky").status_code == 200
    assert [r.levelname for r in log_records if r.levelno >= logging.ERROR] == []
    retries = [r for r in log_records if getattr(r, "event", None) == "db_retry"]
    assert [r.levelname for r in retries] == ["WARNING", "WARNING"]
    assert "server closed the connection" in retries[0].error


def test_the_last_failure_is_still_an_error(client, log_records):
    client.raise_request_exception = False
    flaky.failures["left"] = 10
    assert client.get("/flaky").status_code == 500
    errors = [r for r in log_records if r.levelno >= logging.ERROR]
    assert [r.name for r in errors] == ["django.request"]  # once, for the last try
    assert len([r for r in log_records if getattr(r, "event", None) == "db_retry"]) == 3
