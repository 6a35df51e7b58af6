"""Badge scaling: the PDF of N name badges, seconds and peak memory (run by bench/run.py).

For each size a forum with that many registered people is made once (bench-badges-<N>): names
in Chinese and Latin script, Chinese organisations, one in five with a position in both
languages, as in the demo. Each PDF is made in a fresh child process, as a web worker that has
made one PDF before would (WeasyPrint imported, fonts loaded): wall and CPU seconds, and the
peak RSS. Each is run three times and the median reported. The last line printed is JSON.

    python bench/badges.py 100 300 1000            # default layout, A4 sheets of 2 × 4
    python bench/badges.py 1000 --layout a7        # another layout
    PDF_PROCESSES=1 python bench/badges.py 1000    # parts made one after the other
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
import django, json, sys, time
django.setup()
from django.utils import translation
from forum import badges
from forum.models import Forum, Registration
from django.conf import settings
translation.activate("en")
size, layout = int(sys.argv[1]), badges.LAYOUTS[sys.argv[2]]
forum = Forum.objects.get(slug=f"bench-badges-{size}")
def high_water_mb():
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
queryset = Registration.objects.filter(forum=forum).order_by("person__family_name", "pk")
# Warm, as a worker that has made a long PDF before: imports, fonts, and (PDF_PROCESSES > 1)
# the forkserver of the parts' processes, started once per worker process.
from exporting import pdf_join
warm = time.perf_counter()
badges.pdf_bytes(forum, queryset[:layout.per_sheet * (badges.SHEETS_PER_DOCUMENT + 1)], layout)
warm = time.perf_counter() - warm
before = high_water_mb()
pool_cpu = pdf_join.CHILDREN["cpu_seconds"]
import resource
def children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
wall, cpu, child_cpu = time.perf_counter(), time.process_time(), children()[0]
pdf = badges.pdf_bytes(forum, queryset, layout)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
child_cpu, child_peak = children()[0] - child_cpu, children()[1]
# Parts may be made by the pool's processes (PDF_PROCESSES): their CPU counts, and their peak
# (they are the forkserver's children, so they report it themselves: pdf_join.CHILDREN).
child_cpu += pdf_join.CHILDREN["cpu_seconds"] - pool_cpu
child_peak = max(child_peak, pdf_join.CHILDREN["peak_rss_mb"])
print(json.dumps({"badges": size, "layout": layout.key, "seconds": round(wall, 2),
    "cpu_seconds": round(cpu + child_cpu, 2), "ms_per_badge": round(1000 * wall / size, 1),
    "peak_rss_mb": high_water_mb(), "child_peak_rss_mb": round(child_peak, 1),
    "rss_before_mb": before, "bytes": len(pdf), "pages": layout.sheets(size),
    "processes": settings.PDF_PROCESSES, "warm_seconds": round(warm, 2),
    "loadavg": open("/proc/loadavg").read().split()[0]}))
"""


def ensure_forum(size):
    import django

    django.setup()
    from django.db import transaction

    from forum.models import Forum

    slug = f"bench-badges-{size}"
    if Forum.objects.filter(slug=slug).exists():
        return
    with transaction.atomic():  # half a forum would pass for a finished one next time
        _make_forum(size, slug)


def _make_forum(size, slug):
    import datetime as dt
    import random

    from delegations.models import Organisation, Person
    from forum.demo import CHINESE_ORGANISATIONS, FAMILY_NAMES, GIVEN_NAMES
    from forum.models import Forum, Registration

    forum = Forum.objects.create(
        slug=slug,
        name="China Denmark Cities and Regions Forum 2027",
        name_zh_hans="中国丹麦城市与地区论坛 2027",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 1, 2),
        city="Beijing",
        country="CN",
        time_zone="Asia/Shanghai",
    )
    orgs = [
        Organisation.objects.get_or_create(
            slug=f"bench-badges-{key}",
            defaults={"name": name, "name_native": native, "country": "CN"},
        )[0]
        for key, name, native, *_ in CHINESE_ORGANISATIONS
    ]
    rng = random.Random(size)
    people = []
    for n in range(size):
        family_zh, family = rng.choice(FAMILY_NAMES)
        given_zh, given = rng.choice(GIVEN_NAMES)
        people.append(
            Person(
                given_name=given,
                family_name=family,
                native_name=family_zh + given_zh,
                name_order="family_first",
                email=f"badges-{size}-{n}@example.org",
                organisation=rng.choice(orgs),
                position_en="Deputy director general" if n % 5 == 0 else "",
                position_zh_hans="副局长" if n % 5 == 0 else "",
            )
        )
    people = Person.objects.bulk_create(people, batch_size=2000)
    Registration.objects.bulk_create(
        [Registration(forum=forum, person=p, organisation=p.organisation) for p in people],
        batch_size=2000,
    )
    print(f"  made forum {slug} with {size} registrations", flush=True)


REPEAT = 3  # this machine's timings vary between runs: report the median


def run_once(size, layout):
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(size), layout],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def median(runs):
    runs = sorted(runs, key=lambda run: run["seconds"])
    result = dict(runs[len(runs) // 2])
    result["seconds_min"], result["seconds_max"] = runs[0]["seconds"], runs[-1]["seconds"]
    result["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    result["child_peak_rss_mb"] = max(run["child_peak_rss_mb"] for run in runs)
    return result


def main(sizes, layouts):
    for size in sizes:
        ensure_forum(size)
    # Interleaved (100, 300, 1000, 100, …): a busy spell on this shared machine then slows
    # one run of each size rather than every run of one.
    runs = {}
    for _ in range(REPEAT):
        for size in sizes:
            for layout in layouts:
                runs.setdefault((size, layout), []).append(run_once(size, layout))
    results = []
    for size in sizes:
        for layout in layouts:
            result = median(runs[size, layout])
            results.append(result)
            print(
                f"  {layout:7} {size:>5} badges: {result['seconds']:5.2f} s "
                f"({result['seconds_min']:.2f}–{result['seconds_max']:.2f}; "
                f"CPU {result['cpu_seconds']:.2f} s), {result['ms_per_badge']} ms a badge, "
                f"peak RSS {result['peak_rss_mb']} MB (before {result['rss_before_mb']} MB; "
                f"parts' processes {result['child_peak_rss_mb']} MB; load {result['loadavg']})",
                flush=True,
            )
    print(json.dumps(results))


if __name__ == "__main__":
    args = sys.argv[1:]
    layouts = [args[args.index("--layout") + 1]] if "--layout" in args else ["a4-2x4"]
    main([int(a) for a in args if a.isdigit()] or [100, 300, 1000], layouts)
