"""Liveness check for load balancers and docker-compose: answers 200 only if the database does."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.decorators import for_anyone


@for_anyone
@require_safe
@never_cache
def healthz(request):
    """Public: `{"status": "ok"}` when a query round-trips, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; the body says no more
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
