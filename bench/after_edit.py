"""The first request after an edit beside a kept one, in process: CPU time per request.

    .venv/bin/python bench/after_edit.py                 # programme, itinerary, feed
    .venv/bin/python bench/after_edit.py --only programme --requests 200 --rounds 3

Django's test client against the benchmark database (load it first: `python bench/data.py`
or `bench/run.py --only pages`), with the production settings of bench/run.py. Per page and
round: N kept requests, then N times "edit via the ORM (committed at once), time the next
request" (the programme's edit is one session's room, the itinerary's and feed's one travel
leg of the delegate, as in bench/run.py). Reports the medians of `time.process_time()` (this
process's CPU only: steadier than wall time on a shared machine, and blind to the database
server's side) and of wall time per request, each round and the median of the rounds. The
last line is JSON.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run import DEFAULT_DB, bench_env  # noqa: E402  (bench/ is not a package)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["programme", "itinerary", "calendar feed"])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    env = bench_env(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB), tempfile.mkdtemp())
    env["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from delegations.models import Person, TravelLeg
    from forum.models import Forum, Session

    delegate = Person.objects.get(user__username="delegate")
    leg = TravelLeg.objects.filter(travellers=delegate).order_by("pk").first()
    forum = Forum.objects.filter(slug__startswith="bench-forum-").order_by("slug").first()
    session = Session.objects.filter(forum=forum).order_by("pk").first()
    visitor = Client()
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username="delegate"))
    pages = {
        "programme": (visitor, f"/en/forum/{forum.slug}/", Session, session.pk, "room"),
        "itinerary": (signed_in, "/en/me/", TravelLeg, leg.pk, "notes"),
        "calendar feed": (
            visitor,
            f"/calendar/{delegate.calendar_token}.ics",
            TravelLeg,
            leg.pk,
            "notes",
        ),
    }
    if not delegate.calendar_token:
        raise SystemExit("the delegate has no calendar token: run bench/run.py --only pages once")

    def timed(client, path):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert response.status_code == 200, (path, response.status_code)
        return cpu * 1000, wall * 1000

    n = 0
    out = {}
    for name, (client, path, model, pk, field) in pages.items():
        if args.only and name != args.only:
            continue
        for _ in range(5):
            client.get(path)  # warm: templates, translations, the CSRF cookie, the cache
        rounds = []
        for _ in range(args.rounds):
            kept = [timed(client, path) for _ in range(args.requests)]
            edited = []
            for _ in range(args.requests):
                n += 1
                row = model.objects.get(pk=pk)
                setattr(row, field, f"Bench edit {n % 2}")
                row.save()  # autocommit: the generations are raised at once
                edited.append(timed(client, path))
            rounds.append(
                {
                    "kept_cpu": statistics.median(c for c, _w in kept),
                    "edit_cpu": statistics.median(c for c, _w in edited),
                    "kept_wall": statistics.median(w for _c, w in kept),
                    "edit_wall": statistics.median(w for _c, w in edited),
                }
            )
        row = {k: round(statistics.median(r[k] for r in rounds), 3) for k in rounds[0]}
        row["cpu_ratio"] = round(row["edit_cpu"] / row["kept_cpu"], 2)
        row["wall_ratio"] = round(row["edit_wall"] / row["kept_wall"], 2)
        row["rounds"] = [{k: round(v, 3) for k, v in r.items()} for r in rounds]
        out[name] = row
        print(
            f"{name:<14} CPU kept {row['kept_cpu']:.2f} ms, after an edit {row['edit_cpu']:.2f}"
            f" ms ({row['cpu_ratio']}x); wall {row['kept_wall']:.2f} / {row['edit_wall']:.2f} ms"
            f" ({row['wall_ratio']}x)",
            flush=True,
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
