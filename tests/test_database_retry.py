"""Safe requests ride out short database outages; unsafe ones are never repeated."""

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
