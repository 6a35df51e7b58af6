"""Import scaling: preview and import of N participant rows from CSV (run by bench/run.py).

Each size imports into a fresh forum, then imports the same file again (which must create
nothing). The last line printed is JSON.
"""

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(sizes):
    import django

    django.setup()
    from django.conf import settings

    from forum import imports
    from forum.models import Forum

    settings.IMPORT_MAX_ROWS = max(sizes)
    settings.IMPORT_MAX_BYTES = 50 * 1024 * 1024
    results = []
    run = int(time.time())
    for size in sizes:
        forum = Forum.objects.create(
            slug=f"bench-import-{size}-{run}",
            name=f"Import {size}",
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 1, 2),
            city="Beijing",
            country="CN",
            time_zone="Asia/Shanghai",
        )
        lines = ["E-mail,Given name,Family name,中文名,Organisation,Country,Phone"]
        lines += [
            f"import-{run}-{size}-{n}@example.org,Ming{n},Li,李明{n},"
            f"Bench import organisation {n % 50},CN,+86 138 {n:08d}"
            for n in range(size)
        ]
        data = ("\n".join(lines) + "\n").encode()
        started = time.perf_counter()
        headers, rows = imports.read_table("bench.csv", data)
        mapping = imports.guess_mapping(headers)
        preview = imports.import_participants(forum, headers, rows, mapping, dry_run=True)
        preview_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report = imports.import_participants(forum, headers, rows, mapping, dry_run=False)
        import_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = imports.import_participants(forum, headers, rows, mapping, dry_run=False)
        again_seconds = time.perf_counter() - started
        assert not preview.errors and report.people_created == size
        assert again.people_created == 0 and again.registrations_created == 0
        result = {
            "rows": size,
            "preview_seconds": round(preview_seconds, 2),
            "import_seconds": round(import_seconds, 2),
            "rows_per_second": round(size / import_seconds),
            "second_import_seconds": round(again_seconds, 2),
        }
        results.append(result)
        print(
            f"  import {size:>6} rows: preview {preview_seconds:.2f} s, import "
            f"{import_seconds:.2f} s ({result['rows_per_second']} rows/s), same file again "
            f"{again_seconds:.2f} s (0 new)",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10_000])
