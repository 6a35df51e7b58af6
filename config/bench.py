"""The hello-world baseline for bench/run.py: the same server and middleware, no database."""

from django.http import HttpResponse


def hello(request):
    """Public, only routed when settings.BENCH_HELLO is true (benchmarks)."""
    return HttpResponse("Hello, world", content_type="text/plain")
