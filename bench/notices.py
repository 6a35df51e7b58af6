"""Itinerary notices at scale: 1,000 travellers on one flight that staff move.

1. Delivery: one save of the leg (committed) leaves 1,000 pending notices and one task; real
   task workers (`manage.py db_worker`, `--workers` processes) build the 1,000 messages,
   queue them in the outbox and send them to a local SMTP server (aiosmtpd). Times from the
   commit: until the notices are pending, until the 1,000 messages are in the outbox, until
   the SMTP server has received them all.
2. The request that triggers them: the admin's save of that leg (Django's test client, signed
   in as regional staff, every middleware), with notices and without (the listener taken
   off), interleaved request for request (with, without, with, without, …) over `--rounds`
   rounds of `--requests` each, medians in milliseconds. Before each "with" request the
   pending notices are removed, so each one starts a new batch (the dearer case).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dd_notify_bench python bench/notices.py

The database is dropped and made again (PostgreSQL), or a fresh SQLite file is used. The last
line printed is JSON.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/dd_notify_bench"


def say(message=""):
    print(message, flush=True)


class Counter:
    """An aiosmtpd handler that counts the messages it accepts, and when the last came."""

    def __init__(self):
        self.count = 0
        self.last = None

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.last = time.perf_counter()
        return "250 OK"


def fresh_database(url):
    if url.startswith("sqlite"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def make_data(people_count):
    """A trip with one flight and `people_count` travellers (da, en, zh-hans in turn), all
    with a first snapshot; nothing pending."""
    from django.contrib.auth.models import Group, User

    from accounts.roles import REGIONAL_STAFF, ensure_roles
    from delegations import notices
    from delegations.models import Delegation, Organisation, PendingNotice, Person, TravelLeg

    ensure_roles()
    region = Organisation.objects.create(
        slug="bench-region", name="Bench region", country="DK", kind="region"
    )
    trip = Delegation.objects.create(
        slug="bench-notices",
        name="Bench trip",
        sending_organisation=region,
        destination_city="Beijing",
        destination_country="CN",
        destination_time_zone="Asia/Shanghai",
        starts_on=dt.date(2027, 5, 10),
        ends_on=dt.date(2027, 5, 14),
        status="confirmed",
    )
    languages = ["da", "en", "zh-hans"]
    Person.objects.bulk_create(
        Person(
            given_name=f"Traveller{i}",
            family_name="Bench",
            native_name=f"旅客{i}",
            email=f"traveller{i}@bench.example.org",
            preferred_language=languages[i % 3],
            organisation=region,
        )
        for i in range(people_count)
    )
    people = list(Person.objects.filter(family_name="Bench").select_related("organisation"))
    leg = TravelLeg.objects.create(
        delegation=trip,
        reference="SK 995",
        kind="flight",
        direction="outbound",
        origin="Copenhagen Airport (CPH)",
        destination="Beijing Capital International Airport (PEK)",
        departs_at=dt.datetime(2027, 5, 9, 15, 40, tzinfo=dt.UTC),
        departure_time_zone="Europe/Copenhagen",
        arrives_at=dt.datetime(2027, 5, 10, 1, 10, tzinfo=dt.UTC),
        arrival_time_zone="Asia/Shanghai",
    )
    leg.travellers.set(people)
    notices.remember(people)
    PendingNotice.objects.all().delete()
    staff = User.objects.create_user("bench-staff", email="staff@bench.example.org")
    staff.is_staff = True
    staff.save()
    staff.groups.add(Group.objects.get(name=REGIONAL_STAFF))
    return leg, staff


def second_leg(leg, travellers):
    """A flight home with the first `travellers` of the trip (nothing pending after it)."""
    from delegations import notices
    from delegations.models import PendingNotice, TravelLeg

    people = list(leg.travellers.order_by("pk")[:travellers])
    home = TravelLeg.objects.create(
        delegation=leg.delegation,
        reference="SK 996",
        kind="flight",
        direction="home",
        origin="Beijing Capital International Airport (PEK)",
        destination="Copenhagen Airport (CPH)",
        departs_at=dt.datetime(2027, 5, 14, 3, 45, tzinfo=dt.UTC),
        departure_time_zone="Asia/Shanghai",
        arrives_at=dt.datetime(2027, 5, 14, 13, 30, tzinfo=dt.UTC),
        arrival_time_zone="Europe/Copenhagen",
    )
    home.travellers.set(people)
    notices.remember(people)
    PendingNotice.objects.all().delete()
    return home


def start_workers(count, env):
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('db_worker', '--no-startup-delay', '--no-reload', '--interval', '0.1')\n"
    )
    return [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env) for _ in range(count)]


def deliver(leg, counter, people_count, workers, env, timeout):
    from django.db import connection

    from delegations.models import PendingNotice
    from outbox.models import OutboxMessage

    processes = start_workers(workers, env)
    time.sleep(3)  # the workers are up and polling
    try:
        started = time.perf_counter()
        leg.departs_at += dt.timedelta(hours=1)
        leg.save()  # committed (autocommit): the listener marks the travellers at once
        pending_s = time.perf_counter() - started
        pending = PendingNotice.objects.count()
        queued_s = None
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if queued_s is None and (
                OutboxMessage.objects.filter(kind="itinerary_changed").count() >= people_count
            ):
                queued_s = time.perf_counter() - started
            if counter.count >= people_count:
                break
            connection.close()  # a fresh snapshot of the database each poll
            time.sleep(0.05)
        delivered_s = (counter.last - started) if counter.count >= people_count else None
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    return {
        "notices": people_count,
        "workers": workers,
        "pending_rows": pending,
        "pending_after_s": round(pending_s, 3),
        "in_outbox_after_s": round(queued_s, 2) if queued_s is not None else None,
        "delivered_after_s": round(delivered_s, 2) if delivered_s is not None else None,
        "received": counter.count,
        "sent_in_outbox": OutboxMessage.objects.filter(
            kind="itinerary_changed", state="sent"
        ).count(),
    }


class FormFields(HTMLParser):
    """The fields of the admin's change form as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.inside, self.data, self.select, self.textarea = False, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "travelleg_form":
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.data.setdefault(self.select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.data.setdefault(self.textarea, []).append("")

    def handle_data(self, text):
        if self.inside and self.textarea:
            self.data[self.textarea][-1] += text

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def time_requests(leg, staff, rounds, requests):
    from django.test import Client
    from django.urls import reverse

    import pagecache.core
    from delegations import notices
    from delegations.models import PendingNotice

    client = Client()
    client.force_login(staff)
    url = reverse("admin:delegations_travelleg_change", args=[leg.pk])
    times = {"with": [], "without": []}
    minutes = iter(range(10**6))

    def save(variant):
        if variant == "with":
            PendingNotice.objects.all().delete()  # a new batch for everyone
            pagecache.core.on_changed(notices.people_changed)
        else:
            pagecache.core._listeners.remove(notices.people_changed)
        parser = FormFields()
        parser.feed(client.get(url).content.decode())
        data = parser.data
        data["departs_at_1"] = [f"17:{next(minutes) % 60:02d}"]
        started = time.perf_counter()
        response = client.post(url, data)
        elapsed = (time.perf_counter() - started) * 1000
        if variant == "without":
            pagecache.core.on_changed(notices.people_changed)
        if response.status_code != 302:
            raise SystemExit(f"the save answered {response.status_code}")
        return elapsed

    save("with")  # warm up both
    save("without")
    marked = []
    for _round in range(rounds):
        for _request in range(requests):
            for variant in ("with", "without"):
                times[variant].append(save(variant))
                if variant == "with":
                    marked.append(PendingNotice.objects.count())
    return {
        "travellers": leg.travellers.count(),
        "rounds": rounds,
        "requests_per_round": requests,
        "with_notices_ms": round(statistics.median(times["with"]), 1),
        "without_notices_ms": round(statistics.median(times["without"]), 1),
        "with_all_ms": [round(t, 1) for t in times["with"]],
        "without_all_ms": [round(t, 1) for t in times["without"]],
        "pending_after_each_with": sorted(set(marked)),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument(
        "--request-travellers",
        type=int,
        default=500,
        help="travellers on the leg whose admin save is timed (the admin refuses a form of "
        "more than DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000 fields, i.e. ~990 travellers)",
    )
    parser.add_argument("--only", choices=["delivery", "request"])
    args = parser.parse_args(argv)

    from aiosmtpd.controller import Controller

    from tests.smtp import free_port

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if database_url.startswith("sqlite"):
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-notices-')}/db.sqlite3"
    fresh_database(database_url)
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key-that-is-long-and-random-enough-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        REQUIRE_SECOND_FACTOR="false",
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        ITINERARY_NOTICE_MINUTES="0",
        LOG_LEVEL="WARNING",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    say(f"data: {args.people} travellers on one flight …")
    leg, staff = make_data(args.people)
    delivery = request = None
    if args.only in (None, "delivery"):
        say("delivery …")
        delivery = deliver(leg, counter, args.people, args.workers, env, args.timeout)
        say(
            f"  {delivery['pending_rows']} pending after {delivery['pending_after_s']} s, "
            f"{args.people} in the outbox after {delivery['in_outbox_after_s']} s, "
            f"{delivery['received']} received by SMTP after {delivery['delivered_after_s']} s "
            f"({args.workers} workers)"
        )
    controller.stop()
    if args.only in (None, "request"):
        say("the admin's save of a leg, with and without notices (interleaved) …")
        request = time_requests(
            second_leg(leg, args.request_travellers), staff, args.rounds, args.requests
        )
        say(
            f"  {request['travellers']} travellers: with notices "
            f"{request['with_notices_ms']} ms, without {request['without_notices_ms']} ms "
            f"(medians of {len(request['with_all_ms'])})"
        )
    print(
        json.dumps(
            {
                "database": database_url.split("://")[0],
                "load_average": os.getloadavg(),
                "delivery": delivery,
                "request": request,
            }
        )
    )


if __name__ == "__main__":
    main()
