"""Profile one page with pyinstrument, in-process, against the benchmark database.

    .venv/bin/python bench/profile.py /en/me/ --user delegate
    .venv/bin/python bench/profile.py /en/forum/bench-forum-0/ --requests 300

The page is requested once to warm caches, then N times through Django's test client (the
whole middleware stack, no network), with the production settings of bench/run.py. Prints the
time per request, the SQL queries of one request and pyinstrument's call tree. Load the data
first (`make bench`, or `python bench/data.py`). Needs pyinstrument: `pip install -e ".[bench]"`.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run import DEFAULT_DB, bench_env  # noqa: E402  (bench/ is not a package)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="e.g. /en/me/")
    parser.add_argument("--user", help="sign in as this username first")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    env = bench_env(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB), tempfile.mkdtemp())
    # No collectstatic here: plain static storage instead of the manifest.
    env["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client()
    if args.user:
        client.force_login(get_user_model().objects.get(username=args.user))
    first = client.get(args.path)
    if first.status_code != 200:
        raise SystemExit(f"{args.path} answered {first.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get(args.path)
    queries = list(captured.captured_queries)  # the next request_started clears the log
    started = time.perf_counter()
    for _ in range(args.requests):
        client.get(args.path)
    per_request = (time.perf_counter() - started) / args.requests * 1000
    print(f"{args.path}: {per_request:.2f} ms per request, {len(first.content):,} bytes")
    for query in queries:
        print(f"  {query['time']} s  {query['sql'][:110]}")
    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(args.requests):
            client.get(args.path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
