"""A PostgreSQL restart under load: how many GETs fail?

Serves the app with gunicorn (production settings, PostgreSQL, persistent connections with
health checks and the bounded retry of config/middleware.py), sends GET requests from several
threads to 127.0.0.1 for a fixed time, and restarts PostgreSQL in the middle. Prints the
status codes seen; the target is 0 responses of 500 or more.

    python bench/db_restart.py [--seconds 20] [--threads 8] [--path /en/]

Needs root (it runs `pg_ctlcluster 15 main restart`) and the benchmark database of bench/run.py.
"""

import argparse
import collections
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import DEFAULT_DB, bench_env, ensure_database, free_port, wait_for  # noqa: E402


def hammer(url, until, counts, lock):
    while time.monotonic() < until:
        try:
            with urllib.request.urlopen(url, timeout=15) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except Exception as error:  # connection refused / reset: count it apart
            status = type(error).__name__
        with lock:
            counts[status] += 1


def restart_postgres(version):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--path", default="/en/")
    parser.add_argument("--postgres-version", default="15")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    ensure_database(database_url)
    env = bench_env(database_url, Path("/tmp/bench-static"))
    for command in (["migrate"], ["seed_demo"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True
        )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    counts, lock = collections.Counter(), threading.Lock()
    try:
        url = f"http://127.0.0.1:{port}{args.path}"
        wait_for(url)
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=hammer, args=(url, until, counts, lock))
            for _ in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 3)
        started = time.monotonic()
        restart_postgres(args.postgres_version)
        print(f"PostgreSQL restarted in {time.monotonic() - started:.1f} s", flush=True)
        for thread in threads:
            thread.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    total = sum(counts.values())
    errors = sum(n for status, n in counts.items() if not isinstance(status, int) or status >= 500)
    print(f"{total} GET {args.path} in {args.seconds} s: {dict(counts)}")
    print(f"5xx or failed: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
