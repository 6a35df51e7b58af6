"""A view whose database "fails" a set number of times, for tests/test_database_retry.py."""

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import path

failures = {"left": 0, "calls": 0}


def flaky(request):
    failures["calls"] += 1
    if failures["left"] > 0:
        failures["left"] -= 1
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse("ok")


urlpatterns = [path("flaky", flaky)]
