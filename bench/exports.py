"""Export scaling: CSV, XLSX and PDF of N attendees, seconds and peak memory (run by
bench/run.py). PDF is measured at 300, 1,000 and 10,000 rows (those not above the largest size
asked for), 10,000 rows once (a minute or more).

For each size, a forum with that many registrations is made once (bench-exports-<N>), then the
exporters write to a temporary file in a fresh child process so that peak RSS is the
export's own; each is run three times and the median reported. The last line printed is JSON.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

CHILD = r"""
import django, json, sys, tempfile, time
django.setup()
import exporting
from forum import exports
from forum.filters import AttendeeFilter
from forum.models import Forum
size, fmt = int(sys.argv[1]), sys.argv[2]
forum = Forum.objects.get(slug=f"bench-exports-{size}")
queryset = AttendeeFilter(forum).registrations_all()  # as the export view reads it
columns = ["name", "native_name", "organisation", "country", "status", "email", "phone", "sessions"]
def high_water_mb():
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
before = high_water_mb()
started = time.perf_counter()
with tempfile.TemporaryFile() as out:
    export = exporting.exporter("attendees")(forum, queryset, columns=columns, language="en")
    count = exporting.write(export, fmt, out)
    assert count == size, count
    size_bytes = out.tell()
seconds = time.perf_counter() - started
print(json.dumps({"rows": size, "format": fmt, "seconds": round(seconds, 3),
    "rows_per_second": round(size / seconds), "peak_rss_mb": high_water_mb(),
    "rss_before_mb": before,
    "bytes": size_bytes}))
"""


def ensure_forum(size):
    import django

    django.setup()
    from django.db import connection, transaction

    from forum.models import Forum

    slug = f"bench-exports-{size}"  # (bench-export-N: an older set without sessions)
    if Forum.objects.filter(slug=slug).exists():
        return
    with transaction.atomic():  # half a forum would pass for a finished one next time
        _make_forum(size, slug)
    # Without fresh statistics PostgreSQL plans the export for 1 row and nests loops.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _make_forum(size, slug):
    import datetime as dt

    from delegations.models import Organisation, Person
    from forum.models import Forum, Registration, Session

    forum = Forum.objects.create(
        slug=slug,
        name=f"Export {size}",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 1, 2),
        city="Beijing",
        country="CN",
        time_zone="Asia/Shanghai",
    )
    org = Organisation.objects.get_or_create(
        slug="bench-export-org", defaults={"name": "导出测试机构", "country": "CN"}
    )[0]
    people = []
    for start in range(0, size, 5000):
        people += Person.objects.bulk_create(
            [
                Person(
                    given_name=f"Given{n}",
                    family_name=f"Family{n}",
                    native_name=f"王{n}",
                    email=f"exports-{size}-{n}@example.org",
                    phone="+86 138 0000 0000",
                    organisation=org,
                    name_order="family_first",
                )
                for n in range(start, min(size, start + 5000))
            ]
        )
    registrations = Registration.objects.bulk_create(
        [Registration(forum=forum, person=p, organisation=org) for p in people], batch_size=5000
    )
    # Every attendee in two of twenty sessions, so the Sessions column has work to do.
    starts = dt.datetime(2027, 1, 1, 1, 0, tzinfo=dt.UTC)
    sessions = Session.objects.bulk_create(
        [
            Session(
                forum=forum,
                title=f"Session {n}",
                title_zh_hans=f"分论坛 {n}",
                starts_at=starts + dt.timedelta(hours=n),
                ends_at=starts + dt.timedelta(hours=n, minutes=45),
            )
            for n in range(20)
        ]
    )
    through = Registration.sessions.through
    through.objects.bulk_create(
        [
            through(registration_id=r.pk, session_id=sessions[(i + k * 7) % 20].pk)
            for i, r in enumerate(registrations)
            for k in range(2)
        ],
        batch_size=5000,
    )
    print(f"  made forum {slug} with {size} registrations", flush=True)


REPEAT = 3  # this machine's timings vary by a third between runs: report the median


PDF_SIZES = [300, 1000, 10_000]


def measure(size, fmt, repeat=REPEAT):
    """The median of `repeat` runs, each in a fresh child process; also the fastest and slowest."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(size), fmt],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    runs.sort(key=lambda run: run["seconds"])
    result = dict(runs[len(runs) // 2])
    result["seconds_min"], result["seconds_max"] = runs[0]["seconds"], runs[-1]["seconds"]
    result["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    return result


def main(sizes):
    results = []
    runs = [(size, fmt, REPEAT) for size in sizes for fmt in ("csv", "xlsx")]
    runs += [
        (size, "pdf", 1 if size >= 10_000 else REPEAT) for size in PDF_SIZES if size <= max(sizes)
    ]
    for size, fmt, repeat in runs:
        ensure_forum(size)
        result = measure(size, fmt, repeat)
        results.append(result)
        print(
            f"  {fmt:4} {size:>7} rows: {result['seconds']:5.2f} s "
            f"({result['seconds_min']:.2f}–{result['seconds_max']:.2f}), "
            f"{result['rows_per_second']:>6} rows/s, peak RSS {result['peak_rss_mb']} MB "
            f"(at start {result['rss_before_mb']} MB)",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:] if a.isdigit()] or [1000, 10_000, 100_000])
