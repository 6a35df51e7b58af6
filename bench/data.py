"""Load a large data set for benchmarks: forums, sessions, people and registrations.

Run through `bench/run.py` (which points DATABASE_URL at a benchmark database), or alone:
    DATABASE_URL=postgres://… python bench/data.py --forums 20 --sessions 2000 \
        --registrations 100000 --people 5000

The demo (seed_demo) is loaded first so the demo logins and the Beijing trip exist; the bulk
rows are added beside it with bulk_create and are recognised by their `bench-` slugs and
`bench-…@example.org` e-mails, so a second run adds nothing.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args(argv)
    load(args.forums, args.sessions, args.registrations, args.people)


def say(message):
    print(message, flush=True)


def load(forums, sessions, registrations, people):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from delegations.models import Organisation, Person
    from forum import search
    from forum.models import Forum, Registration, Session, SessionRole, Track

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    if Forum.objects.filter(slug__startswith="bench-").count() >= forums:
        say("Benchmark data already loaded.")
        return
    rng = random.Random(42)
    beijing = zoneinfo.ZoneInfo("Asia/Shanghai")
    embassy = Organisation.objects.get(slug="danish-embassy-beijing")
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    slug=f"bench-org-{n}",
                    name=f"Bench organisation {n}",
                    name_en=f"Bench organisation {n}",
                    name_native=f"测试机构{n}",
                    country=rng.choice(["CN", "DK"]),
                    kind="other",
                )
                for n in range(200)
            ]
        )
        say(f"  {len(orgs)} organisations")
        persons = []
        for start in range(0, people, 1000):
            batch = [
                Person(
                    given_name=f"Given{n}",
                    family_name=f"Family{n}",
                    native_name=f"王{n}",
                    name_order="family_first",
                    email=f"bench-{n}@example.org",
                    phone=f"+86 138 {n:08d}",
                    organisation=rng.choice(orgs),
                    kind="participant",
                )
                for n in range(start, min(people, start + 1000))
            ]
            persons += Person.objects.bulk_create(batch)
            say(f"  people {len(persons)}/{people}")
        forum_rows = []
        for n in range(forums):
            day = dt.date(2027, 1, 1) + dt.timedelta(days=14 * n)
            forum_rows.append(
                Forum(
                    slug=f"bench-forum-{n}",
                    name=f"Bench forum {n}",
                    name_en=f"Bench forum {n}",
                    starts_on=day,
                    ends_on=day + dt.timedelta(days=1),
                    city="Beijing",
                    city_en="Beijing",
                    country="CN",
                    time_zone="Asia/Shanghai",
                    is_published=True,
                )
            )
        forum_objs = Forum.objects.bulk_create(forum_rows)
        for forum in forum_objs:
            forum.hosts.add(embassy)
        tracks = Track.objects.bulk_create(
            [
                Track(forum=f, slug=f"t{k}", name=f"Track {k}", name_en=f"Track {k}", order=k)
                for f in forum_objs
                for k in range(3)
            ]
        )
        per_forum = max(1, sessions // forums)
        session_rows = []
        for index, forum in enumerate(forum_objs):
            forum_tracks = tracks[index * 3 : index * 3 + 3]
            for k in range(per_forum):
                day = forum.starts_on + dt.timedelta(days=k % 2)
                hour = 8 + (k // 2) % 10
                start = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=beijing)
                session_rows.append(
                    Session(
                        forum=forum,
                        track=forum_tracks[k % 3],
                        title=f"Session {k}",
                        title_en=f"Session {k}",
                        starts_at=start,
                        ends_at=start + dt.timedelta(minutes=50),
                        room=f"Room {k % 7}",
                        room_en=f"Room {k % 7}",
                        capacity=200,
                    )
                )
        session_objs = Session.objects.bulk_create(session_rows, batch_size=1000)
        say(f"  {len(forum_objs)} forums, {len(session_objs)} sessions")
        SessionRole.objects.bulk_create(
            [
                SessionRole(session=s, person=rng.choice(persons), role="speaker")
                for s in session_objs
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        per_forum_regs = min(people, registrations // forums)
        through = Registration.sessions.through
        made = 0
        for index, forum in enumerate(forum_objs):
            chosen = rng.sample(persons, per_forum_regs)
            regs = [
                Registration(
                    forum=forum,
                    person=p,
                    organisation=p.organisation,
                    status="registered",
                    badge_name=p.native_name,
                )
                for p in chosen
            ]
            for reg in regs:  # bulk_create skips save(): what they are found by
                reg.search_text = search.text_of(reg)
            regs = Registration.objects.bulk_create(regs, batch_size=2000)
            forum_sessions = session_objs[index * per_forum : (index + 1) * per_forum]
            through.objects.bulk_create(
                [
                    through(registration_id=r.pk, session_id=rng.choice(forum_sessions).pk)
                    for r in regs
                ],
                batch_size=5000,
                ignore_conflicts=True,
            )
            made += len(regs)
            say(f"  registrations {made}/{registrations}")
    import pagecache
    from forum.page_keys import FORUMS

    # bulk_create skips the signals that raise the kept pages' generations.
    pagecache.changed(
        [
            FORUMS,
            *pagecache.every_key(Forum),
            *pagecache.every_key(Session),
            *pagecache.every_key(Person),
        ]
    )
    # Bulk loads leave PostgreSQL without statistics; stale plans tripled the programme's SQL.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(f"Benchmark data loaded in {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
