"""Name search at 100,000 registrations: the attendee list and the door with a name typed.

Against a database that bench/data.py loaded (20 forums of 5,000 registrations, 100,000 in
all, beside the demo):

    DATABASE_URL=postgres://…/delegation_desk_bench python bench/search.py
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/search.py      # the fallback

Each query is timed in this process through Django's test client, as embassy staff: the
whole page (SQL, template) of the attendee list (`?q=`) and of the door, and the search's SQL
alone over the whole table (every forum, 100,000 rows). Prints p50 and p90 in milliseconds,
and on PostgreSQL the plan of one search (whether the trigram index answers it).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Pages are rendered in this process, without collectstatic's manifest.
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
os.environ.setdefault("STATICFILES_BACKEND", PLAIN_STATIC)


def percentiles(samples):
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return statistics.median(ordered), p90


def timed(call, rounds):
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timings per query")
    parser.add_argument("--queries", type=int, default=12, help="bench people searched for")
    parser.add_argument("--forum", default="bench-forum-0", help="slug of the forum searched")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from forum import search
    from forum.models import Forum, Registration

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.REQUIRE_SECOND_FACTOR = False
    settings.DEBUG = False
    total = Registration.objects.count()
    forum = Forum.objects.filter(slug=args.forum).first()
    if forum is None or total < 50_000:
        sys.exit("Load the benchmark data first (bench/data.py).")
    rng = random.Random(7)
    people = list(
        Registration.objects.filter(forum=forum)
        .values_list("person__given_name", "person__family_name", "person__native_name")
        .order_by("pk")
    )
    queries = []
    for given, family, native in rng.sample(people, args.queries):
        queries += [f"{given} {family}", f"{family} {given}", native or family]
    demo = Forum.objects.get(slug="china-denmark-cities-regions-forum-2016")
    demo_queries = ["Chen Jing", "Jing Chen", "陈静", "Sorensen", "Bettina Sørensen", "Wang"]

    client = Client()
    client.force_login(User.objects.get(username="embassy"))
    pages = {
        "attendee list": lambda slug, q: f"/en/embassy/{slug}/attendees/?q={q}",
        "door": lambda slug, q: f"/en/embassy/{slug}/door/?q={q}",
    }
    print(
        f"{total} registrations; bench forum {forum.slug} with "
        f"{Registration.objects.filter(forum=forum).count()}; {connection.vendor}"
    )
    results = {}
    for name, url in pages.items():
        for label, slug, chosen in (
            ("bench forum", forum.slug, queries),
            ("demo forum", demo.slug, demo_queries),
            ("bench forum, nothing typed", forum.slug, [""] * 6),
        ):
            samples, counts = [], set()
            for q in chosen:
                address = url(slug, q)
                client.get(address)  # warm
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(address)
                assert response.status_code == 200, (address, response.status_code)
                counts.add(len(captured))
                samples += timed(lambda address=address: client.get(address), args.rounds)
            p50, p90 = percentiles(samples)
            results[f"{name}, {label}"] = (p50, p90, sorted(counts))
    hello = timed(lambda: client.get("/healthz"), 20)
    for q in queries[:6]:
        Registration.objects.filter(search.matching(q)).count()  # warm
    whole = []
    for q in queries:
        found = Registration.objects.filter(search.matching(q))[:100]
        whole += timed(lambda found=found: list(found.all()), 3)
    results["search SQL alone, whole table"] = (*percentiles(whole), [1])
    for name, (p50, p90, counts) in results.items():
        print(f"  {name:48} p50 {p50:7.1f} ms   p90 {p90:7.1f} ms   SQL queries {counts}")
    print(f"  {'/healthz (same process)':48} p50 {statistics.median(hello):7.1f} ms")
    if connection.vendor == "postgresql":
        sql, params = (
            Registration.objects.filter(forum=forum)
            .filter(search.matching(queries[0]))
            .values("pk")
            .query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"  plan of {queries[0]!r}:")
        for line in plan:
            print("    " + line)


if __name__ == "__main__":
    main()
