"""Benchmarks (`make bench`): throughput of the main pages against a hello-world view of the
same gunicorn server, SQL queries per page, export and import scaling.

Needs PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/delegation_desk_bench for the pages and the same name with
_io for exports and imports; the databases are created if missing) and wrk (Debian package
`wrk`). Every load goes to 127.0.0.1 only, is bounded in time, and stops by itself.

    python bench/run.py                 # everything, default sizes (100,000 registrations)
    python bench/run.py --quick         # small sizes, short runs: checks the script works
    python bench/run.py --only pages    # or: admin, exports, imports, badges

Results are printed and written to bench/results/latest.json; docs/benchmarks.md records them.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/delegation_desk_bench"


def say(message=""):
    print(message, flush=True)


def bench_env(database_url, static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key-that-is-long-and-random-enough-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_ROOT=str(static_root),
        BENCH_HELLO="true",
        # Sessions are made directly, without the sign-in that marks staff sessions.
        REQUIRE_SECOND_FACTOR="false",
        LOG_LEVEL="WARNING",
    )
    return env


def ensure_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            say(f"Created database {name}")


def run_python(code, env):
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


FIXTURE_CODE = r"""
import django, json, secrets
django.setup()
from django.contrib.auth.models import User
from accounts.sessions import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from delegations.models import Person
from forum.models import Forum, Session

def session_for(username):
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

anders = Person.objects.get(user__username="delegate")
from delegations.models import TravelLeg
leg = TravelLeg.objects.filter(travellers=anders).order_by("pk").first()
if not anders.calendar_token:
    anders.calendar_token = secrets.token_urlsafe(32)
    anders.save(update_fields=["calendar_token"])
forum = Forum.objects.filter(slug__startswith="bench-forum-").order_by("slug").first()
session = Session.objects.filter(forum=forum).order_by("pk").first()
from django.middleware.csrf import _get_new_csrf_string
print(json.dumps({
    "csrf": _get_new_csrf_string(),  # a browser's CSRF cookie, sent with signed-in requests
    "delegate": session_for("delegate"),
    "embassy": session_for("embassy"),
    "token": anders.calendar_token,
    "forum": forum.slug,
    "session": session.pk,
    "leg": leg.pk,
}))
"""

QUERY_COUNT_CODE = r"""
import django, json, sys
django.setup()
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
pages = json.loads(sys.argv[1])
out = {}
for name, (url, username) in pages.items():
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    client.get(url)  # warm caches (content types, translations); sets the CSRF cookie
    client.get(url)  # kept now: pages kept per browser need its CSRF cookie first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    out[name] = {"status": response.status_code, "queries": len(ctx.captured_queries)}
print(json.dumps(out))
"""


AFTER_EDIT_CODE = r"""
import django, http.client, json, statistics, sys, time
django.setup()
from delegations.models import TravelLeg
from forum.models import Session
port, pages = int(sys.argv[1]), json.loads(sys.argv[2])
rounds, requests = int(sys.argv[3]), int(sys.argv[4])

def get(path, cookie):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    took = time.perf_counter() - started
    connection.close()
    assert response.status == 200, (path, response.status)
    return took * 1000

def edit(what, pk, n):
    # Committed at once (autocommit): the page cache raises the generations on commit.
    if what == "session":
        row = Session.objects.get(pk=pk)
        row.room = f"Hall {n % 2}"
    else:
        row = TravelLeg.objects.get(pk=pk)
        row.notes = f"Bench edit {n % 2}"
    row.save()

out = {}
for name, page in pages.items():
    path, cookie, what, pk = page["path"], page["cookie"], page["edit"], page["pk"]
    for _ in range(4):
        get(path, cookie)  # warm every worker
    kept_rounds, edited_rounds, n = [], [], 0
    for _ in range(rounds):  # interleaved: kept, after-edit, kept, after-edit, ...
        kept_rounds.append(statistics.median(get(path, cookie) for _ in range(requests)))
        times = []
        for _ in range(requests):
            n += 1
            edit(what, pk, n)
            times.append(get(path, cookie))
            get(path, cookie)  # the other worker catches up: the next edit finds both warm
        edited_rounds.append(statistics.median(times))
    kept_ms, edited_ms = statistics.median(kept_rounds), statistics.median(edited_rounds)
    out[name] = {
        "kept_ms": round(kept_ms, 2),
        "after_edit_ms": round(edited_ms, 2),
        "ratio": round(edited_ms / kept_ms, 2),
        "kept_rounds": [round(v, 2) for v in kept_rounds],
        "after_edit_rounds": [round(v, 2) for v in edited_rounds],
    }
print(json.dumps(out))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, timeout=30):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def wrk(url, seconds, connections, cookie=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    )
    return parse_wrk(result.stdout)


def load_data(env, args):
    """The pages' data set (bench/data.py), static files and catalogues."""
    say("Loading data …")
    sizes = (
        ["--forums", "2", "--sessions", "100", "--registrations", "2000", "--people", "1000"]
        if args.quick
        else []
    )
    subprocess.run([PYTHON, "bench/data.py", *sizes], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run([PYTHON, "bin/compile-messages"], cwd=ROOT, env=env, check=True)


def bench_pages(env, args, results):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    load_data(env, args)
    fixture = json.loads(run_python(FIXTURE_CODE, env))
    pages = {
        "hello world": ("/bench/hello", None),
        "hello, signed in": ("/bench/hello-signed-in", "delegate"),
        "programme": (f"/en/forum/{fixture['forum']}/", None),
        "session": (f"/en/forum/{fixture['forum']}/sessions/{fixture['session']}/", None),
        "itinerary": ("/en/me/", "delegate"),
        "calendar feed": (f"/calendar/{fixture['token']}.ics", None),
        "attendee list": (f"/en/embassy/{fixture['forum']}/attendees/", "embassy"),
    }
    queries = json.loads(
        subprocess.run(
            [PYTHON, "-c", QUERY_COUNT_CODE, json.dumps(pages)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    workers = str(args.workers)
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/bench/hello")
        seconds = 3 if args.quick else args.seconds
        rows = {}
        for name, (path, role) in pages.items():
            # As a browser sends them once signed in: the session and the CSRF cookie.
            cookie = f"sessionid={fixture[role]}; csrftoken={fixture['csrf']}" if role else None
            wrk(base + path, 2, args.connections, cookie)  # warm up every worker
            rows[name] = {
                **wrk(base + path, seconds, args.connections, cookie),
                "path": path,
                **queries[name],
            }
            say(
                f"  {name:<16} {rows[name]['rps']:8.0f} req/s  p50 {rows[name]['p50_ms']:7.1f} ms  "
                f"p99 {rows[name]['p99_ms']:7.1f} ms  queries {rows[name]['queries']}  "
                f"status {rows[name]['status']}  non-2xx {rows[name]['non_2xx']}"
            )
        hello = rows["hello world"]["rps"]
        for row in rows.values():
            row["ratio"] = round(row["rps"] / hello, 3)
        after_edit = bench_after_edit(env, args, port, fixture, pages)
        results["pages"] = {
            "workers": int(workers),
            "connections": args.connections,
            "seconds": seconds,
            "rows": rows,
            "after_edit": after_edit,
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def bench_after_edit(env, args, port, fixture, pages):
    """The first request after a committed edit beside a kept one (single requests, one at a
    time), interleaved over rounds; medians. The programme's edit is one session's room, the
    itinerary's and feed's one travel leg of the delegate."""
    delegate = f"sessionid={fixture['delegate']}; csrftoken={fixture['csrf']}"
    wanted = {
        "programme": {"cookie": None, "edit": "session", "pk": fixture["session"]},
        "itinerary": {"cookie": delegate, "edit": "leg", "pk": fixture["leg"]},
        "calendar feed": {"cookie": None, "edit": "leg", "pk": fixture["leg"]},
    }
    for name, page in wanted.items():
        page["path"] = pages[name][0]
    rounds, requests = (1, 5) if args.quick else (args.rounds, 20)
    out = subprocess.run(
        [PYTHON, "-c", AFTER_EDIT_CODE, str(port), json.dumps(wanted), str(rounds), str(requests)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit("after-edit benchmark failed")
    found = json.loads(out.stdout.strip().splitlines()[-1])
    for name, row in found.items():
        say(
            f"  after edit: {name:<14} kept {row['kept_ms']:6.2f} ms  first after an edit "
            f"{row['after_edit_ms']:6.2f} ms  ({row['ratio']:.1f}x; rounds "
            f"{row['kept_rounds']} / {row['after_edit_rounds']})"
        )
    return found


def run_child(script, sizes, env):
    """Run a benchmark script that prints progress and, last, one line of JSON results."""
    out = subprocess.run(
        [PYTHON, script, *map(str, sizes)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    sys.stdout.write(out.stdout)
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"{script} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def io_env(env):
    """Exports and imports get a database of their own (<name>_io): the 100,000 people of the
    export forums and those each import run adds would otherwise change the pages' data set."""
    io = dict(env, DATABASE_URL=env["DATABASE_URL"] + "_io")
    ensure_database(io["DATABASE_URL"])
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=io, check=True
    )
    return io


def bench_admin(env, args, results):
    """The admin's registration list on the pages' data (100,000 registrations), before and
    after its list settings, interleaved (bench/admin_list.py)."""
    load_data(env, args)
    rounds = ["--rounds", "1", "--requests", "2"] if args.quick else ["--rounds", "3"]
    results["admin_list"] = run_child("bench/admin_list.py", [*rounds, "--compare"], env)


def bench_exports(env, args, results):
    sizes = [1000, 10_000] if args.quick else [1000, 10_000, 100_000]
    results["exports"] = run_child("bench/exports.py", sizes, io_env(env))


def bench_imports(env, args, results):
    sizes = [1000] if args.quick else [1000, 10_000]
    results["imports"] = run_child("bench/imports.py", sizes, io_env(env))


def bench_badges(env, args, results):
    sizes = [100, 300] if args.quick else [100, 300, 1000]
    results["badges"] = run_child("bench/badges.py", sizes, io_env(env))


def main():
    parser = argparse.ArgumentParser(description="Delegation Desk benchmarks")
    parser.add_argument("--quick", action="store_true", help="small data, short runs")
    parser.add_argument("--only", choices=["pages", "admin", "exports", "imports", "badges"])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="after-edit rounds (interleaved)")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    ensure_database(database_url)
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = bench_env(database_url, static_root)
    results = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    if args.only in (None, "pages"):
        say("== pages (gunicorn, wrk) ==")
        bench_pages(env, args, results)
    if args.only in (None, "admin"):
        say("== admin registration list (test client, signed in as staff) ==")
        bench_admin(env, args, results)
    if args.only in (None, "exports"):
        say("== exports ==")
        bench_exports(env, args, results)
    if args.only in (None, "imports"):
        say("== imports ==")
        bench_imports(env, args, results)
    if args.only in (None, "badges"):
        say("== badges ==")
        bench_badges(env, args, results)
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(results, indent=2))
    say(f"Results written to {out_dir / 'latest.json'}")


def machine():
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": sys.version.split()[0]}


if __name__ == "__main__":
    main()
