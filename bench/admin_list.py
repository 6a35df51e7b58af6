"""The admin's registration list at 100,000 registrations, as a signed-in regional staff member
sees it (run by bench/run.py after the pages' data are loaded, or alone against that database).

Each case is requested through Django's test client (every middleware, the real session and
admin templates, no network): one warm-up, then `--requests` timed requests per round over
`--rounds` rounds. With `--compare`, every round times the list as it was before
(the model's ordering: forum, then the person's name; a second count of the whole table;
Django's template-rendered row checkbox) right beside the list as it is now, request for
request, so that the machine's load falls on both alike. Medians in milliseconds of wall time
and of this process's CPU time; the last line printed is JSON.

    DATABASE_URL=postgres://…/delegation_desk_bench python bench/admin_list.py --compare
"""

import argparse
import json
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LIST = "/admin/forum/registration/"


def cases():
    from forum.models import Forum

    forum = Forum.objects.filter(slug__startswith="bench-forum-").order_by("slug").first()
    return {
        "change list": LIST,
        "one forum": f"{LIST}?forum__id__exact={forum.pk}",
        "status and country": f"{LIST}?status__exact=registered&organisation__country=DK",
        "page 50": f"{LIST}?p=50",
    }


def as_before(model_admin):
    """The registration list's settings before the change, on the registered admin itself."""
    from django.contrib import admin

    model_admin.ordering = None
    model_admin.show_full_result_count = True
    model_admin.action_checkbox = types.MethodType(admin.ModelAdmin.action_checkbox, model_admin)


def as_now(model_admin):
    for name in ("ordering", "show_full_result_count", "action_checkbox"):
        model_admin.__dict__.pop(name, None)


def timed(client, url):
    """(wall, CPU of this process) in ms: on a busy machine the CPU time shows what the
    request itself cost Django, the wall time what a person waits (with the database's work)."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def query_count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="time the old settings beside")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.test import Client

    from forum.models import Registration

    model_admin = admin.site._registry[Registration]
    client = Client()
    client.force_login(User.objects.get(username="staff"))
    variants = ["before", "now"] if args.compare else ["now"]
    times = {(case, variant): [] for case in cases() for variant in variants}
    queries = {}
    for case, url in cases().items():
        for variant in variants:
            as_before(model_admin) if variant == "before" else as_now(model_admin)
            timed(client, url)  # warm up: templates, translations, content types
            queries[case, variant] = query_count(client, url)
    for _round in range(args.rounds):
        for case, url in cases().items():
            for _request in range(args.requests):
                for variant in variants:
                    as_before(model_admin) if variant == "before" else as_now(model_admin)
                    times[case, variant].append(timed(client, url))
    as_now(model_admin)
    rows = {}
    for case, url in cases().items():
        row = {"path": url}
        for variant in variants:
            walls, cpus = zip(*times[case, variant], strict=True)
            row[f"{variant}_ms"] = round(statistics.median(walls), 1)
            row[f"{variant}_cpu_ms"] = round(statistics.median(cpus), 1)
            row[f"{variant}_queries"] = queries[case, variant]
        rows[case] = row
        print(
            f"  {case:<20} "
            + "  ".join(
                f"{variant} {row[f'{variant}_ms']:7.1f} ms (CPU {row[f'{variant}_cpu_ms']:6.1f}, "
                f"{row[f'{variant}_queries']} queries)"
                for variant in variants
            ),
            flush=True,
        )
    registrations = Registration.objects.count()
    print(
        json.dumps(
            {
                "registrations": registrations,
                "load_average": os.getloadavg(),
                "rounds": args.rounds,
                "requests_per_round": args.requests,
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main()
