"""Long PDFs made from several WeasyPrint documents, joined into one file.

WeasyPrint keeps every laid-out page (with each line's Pango layout, in C memory) until the
whole document is painted, so one document of a thousand badges or ten thousand rows grows
with its length. Here each part is laid out, painted and written on its own and forgotten
before the next; `pdfunite` (poppler-utils) then joins the files. Memory stays that of one
part, and the parts may be made by several processes at once (PDF_PROCESSES).

Without `pdfunite` (a machine without poppler-utils) the parts' pages are painted into one
file at the end: the same PDF, but memory grows with the length again.
"""

import multiprocessing
import shutil
import subprocess
import tempfile
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
            # Forked: WeasyPrint and its fonts are loaded already. The children only turn
            # HTML into files; they touch no database connection.
            context = multiprocessing.get_context("fork")
            with context.Pool(processes) as pool:
                made = pool.imap(
                    _render_one, [(render, p, str(q)) for p, q in zip(parts, paths, strict=True)]
                )
                for size in sizes:
                    next(made)
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
        return [_count_one((render, part)) for part in parts]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return pool.map(_count_one, [(render, part) for part in parts])


def _count_one(arguments):
    render, part = arguments
    return len(render(part, None).pages)


def _render_one(arguments):
    render, part, path = arguments
    render(part, Path(path))


def _write_in_one(parts, render, target, progress, total, sizes, finisher=None):
    documents, done = [], 0
    for part, size in zip(parts, sizes, strict=True):
        documents.append(render(part, None))
        done += size
        if progress:
            progress(done, total)
    pages = [page for document in documents for page in document.pages]
    documents[0].copy(pages).write_pdf(target, finisher=finisher)
