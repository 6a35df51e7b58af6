"""Baselines for bench/run.py: the same server and middleware, and next to no work of our own.
Only routed when settings.BENCH_HELLO is true (benchmarks)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def hello(request):
    """Public: no database."""
    return HttpResponse("Hello, world", content_type="text/plain")


@login_required
def hello_signed_in(request):
    """Signed-in users only: what every personal page pays before its own work (the session
    and the user read from the database, the password-change check)."""
    return HttpResponse(f"Hello, {request.user.get_username()}", content_type="text/plain")
