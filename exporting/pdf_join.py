"""Long PDFs made from several WeasyPrint documents, joined into one file.

WeasyPrint keeps every laid-out page (with each line's Pango layout, in C memory) until the
whole document is painted, so one document of a thousand badges or ten thousand rows grows
with its length. Here each part is laid out, painted and written on its own and forgotten
before the next; `pdfunite` (poppler-utils) then joins the files. Memory stays that of one
part, and the parts may be made by several processes at once (PDF_PROCESSES).

Those processes come from a "forkserver" (multiprocessing): one plain process, started once
per asking process, that sets Django up and loads WeasyPrint and its fonts
(exporting/pdf_child.py), then forks a child for each place in the pool. The asking process is
never forked: a web or task worker has threads, and a child forked from it may inherit a lock
that one of them held at that instant (a "fork" pool here once hung so, on a futex). A child
that dies ends the PDF with an error (BrokenProcessPool), never a wait.

Without `pdfunite` (a machine without poppler-utils) the parts' pages are painted into one
file at the end: the same PDF, but memory grows with the length again.
"""

import multiprocessing
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings


def joiner():
    """The path of `pdfunite`, or None."""
    return shutil.which("pdfunite")


def write(parts, render, target, progress=None, total=None, sizes=None, finisher=None):
    """Write one PDF to the file `target` from `parts` (picklable, e.g. HTML strings).

    `render(part, path)` is a module-level function: it writes the part's PDF to `path`, or
    with `path=None` returns its laid-out weasyprint.Document. `progress(done, total)` hears
    after each part; `sizes[i]` is how much part i adds to `done` (default 1). `finisher` is
    the WeasyPrint finisher that `render` gives its documents, for the pages joined here when
    there is no `pdfunite`."""
    sizes = sizes or [1] * len(parts)
    if len(parts) == 1:
        render(parts[0], Path(target))
        if progress:
            progress(sizes[0], total)
        return
    unite = joiner()
    if unite is None:
        _write_in_one(parts, render, target, progress, total, sizes, finisher)
        return
    with tempfile.TemporaryDirectory(prefix="pdf-parts-") as folder:
        paths = [Path(folder) / f"{number:05}.pdf" for number in range(len(parts))]
        processes = max(1, min(settings.PDF_PROCESSES, len(parts)))
        done = 0
        if processes == 1:
            for part, path, size in zip(parts, paths, sizes, strict=True):
                render(part, path)
                done += size
                if progress:
                    progress(done, total)
        else:
            jobs = [(render, part, str(path)) for part, path in zip(parts, paths, strict=True)]
            with _pool(processes, render) as pool:
                for size, usage in zip(sizes, pool.map(_render_one, jobs), strict=True):
                    _count(usage)
                    done += size
                    if progress:
                        progress(done, total)
        subprocess.run(
            [unite, *map(str, paths), str(target)], check=True, capture_output=True, timeout=600
        )


def page_counts(parts, render):
    """How many pages each part makes (laid out, not painted; see write() for `render`)."""
    processes = max(1, min(settings.PDF_PROCESSES, len(parts)))
    if processes == 1 or joiner() is None:
        return [len(render(part, None).pages) for part in parts]
    with _pool(processes, render) as pool:
        counted = list(pool.map(_count_one, [(render, part) for part in parts]))
    for _pages, usage in counted:
        _count(usage)
    return [pages for pages, _usage in counted]


# What the pool's children spent on the last PDFs (bench/badges.py reads it): their CPU is not
# this process's, nor its children's (they are the forkserver's).
CHILDREN = {"cpu_seconds": 0.0, "peak_rss_mb": 0.0}


def _count(usage):
    cpu, peak = usage
    CHILDREN["cpu_seconds"] += cpu
    CHILDREN["peak_rss_mb"] = max(CHILDREN["peak_rss_mb"], peak)


def _pool(processes, render):
    """`processes` children of the forkserver (see the module's docstring), a fresh one for
    each part: a child that had made several parts kept some of each (its peak grew with the
    number of parts, so with the length of the PDF); forked from the preloaded server, a
    child costs little. `render`'s module is preloaded too (the preload only takes effect
    when the server starts, i.e. for the first kind of PDF a process makes)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["exporting.pdf_child", render.__module__])
    return ProcessPoolExecutor(processes, mp_context=context, max_tasks_per_child=1)


def _usage(started):
    """CPU seconds since `started` and this process's peak RSS in MB."""
    peak = 0.0
    try:
        with open("/proc/self/status") as status:  # Linux; elsewhere the peak is not known
            peak = next(int(x.split()[1]) / 1024 for x in status if x.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    return time.process_time() - started, peak


def _count_one(arguments):
    started = time.process_time()
    render, part = arguments
    return len(render(part, None).pages), _usage(started)


def _render_one(arguments):
    started = time.process_time()
    render, part, path = arguments
    render(part, Path(path))
    return _usage(started)


def _write_in_one(parts, render, target, progress, total, sizes, finisher=None):
    documents, done = [], 0
    for part, size in zip(parts, sizes, strict=True):
        documents.append(render(part, None))
        done += size
        if progress:
            progress(done, total)
    pages = [page for document in documents for page in document.pages]
    documents[0].copy(pages).write_pdf(target, finisher=finisher)
