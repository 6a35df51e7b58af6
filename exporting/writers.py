"""The formats: each writes the rows of a ListExporter once, to a file or an HTTP response."""

import csv
import io
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from . import pdf_join
from .base import text_width

# A spreadsheet runs a cell that begins with = + - @ (and some begin with a tab, CR or LF).
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def guarded(rows):
    """Rows for a CSV file: text that a spreadsheet would run gets a leading apostrophe. Rows
    hold text only; a function call per cell was a sixth of a large export
    (docs/benchmarks.md)."""
    for row in rows:
        yield ["'" + text if text.startswith(DANGEROUS_STARTS) else text for text in row]


class Writer:
    identifier = ""
    extension = ""
    content_type = ""

    def write(self, exporter, file, progress=None):
        """Write the whole export to a binary file; returns the number of rows.
        `progress(rows done)` hears of it now and then (a job shows it)."""
        raise NotImplementedError

    def response(self, exporter):
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        self.write(exporter, spool)
        spool.seek(0)
        return FileResponse(spool, content_type=self.content_type)


class CSV(Writer):
    """UTF-8 with BOM (Excel then reads Chinese right), streamed a few hundred encoded rows at
    a time: a chunk per row doubled the cost of writing (docs/benchmarks.md)."""

    identifier = extension = "csv"
    content_type = "text/csv; charset=utf-8"
    rows_per_chunk = 500

    def stream(self, exporter):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(exporter.header())
        batch = []
        for row in guarded(exporter.rows()):
            batch.append(row)
            if len(batch) >= self.rows_per_chunk:
                writer.writerows(batch)
                batch = []
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        writer.writerows(batch)
        yield buffer.getvalue().encode()

    def write(self, exporter, file, progress=None):
        for chunk in self.stream(exporter):
            file.write(chunk)
            if progress:
                progress(exporter.count)
        return exporter.count

    def response(self, exporter):
        return StreamingHttpResponse(self.stream(exporter), content_type=self.content_type)


class XLSX(Writer):
    """XlsxWriter in constant-memory mode: each row goes to a temporary file as it comes; half
    the time of openpyxl's write-only workbook (docs/benchmarks.md). Every cell is a string
    cell, which a spreadsheet never runs as a formula, so no apostrophe is needed; the sheet
    opens with the header frozen, a filter over the data and column widths fitted to the
    content."""

    identifier = extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    max_width = 60

    def write(self, exporter, file, progress=None):
        import xlsxwriter

        workbook = xlsxwriter.Workbook(
            file,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", exporter.sheet_name())[:31])
        header = exporter.header()
        bold = workbook.add_format({"bold": True})
        for col, label in enumerate(header):
            sheet.write_string(0, col, label, bold)
        widths = [text_width(label) + 3 for label in header]  # room for the filter button
        write_string = sheet.write_string
        number = 0
        for number, row in enumerate(exporter.rows(), start=1):
            if progress and not number % 1000:
                progress(number)
            for col, text in enumerate(row):
                if text:
                    write_string(number, col, text)
                    if len(text) > widths[col] / 2 and (w := text_width(text)) > widths[col]:
                        widths[col] = w
        # Columns and panes go before the rows in the file; XlsxWriter writes them at close.
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(width, self.max_width) + 1)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, number, max(len(header) - 1, 0))
        workbook.close()
        return number


class PDF(Writer):
    """A printable list (WeasyPrint, Noto CJK for Chinese names): landscape A4, every chosen
    column on the page in widths fitted to its content, cells wrapping, the header row repeated
    on each page, page numbers. A fixed table layout: WeasyPrint then need not measure every
    cell to size the columns.

    A long list is made in parts of PDF_ROWS_PER_PART rows, each its own WeasyPrint
    document, joined into one file (exporting/pdf_join.py): one document of 10,000 rows cost
    ten minutes and 1.6 GB, its parts cost what their rows do (docs/benchmarks.md). "Page X
    of Y" needs Y before the first part is painted, so the parts are laid out once to count
    their pages, then made with the numbers: twice the layout, still linear."""

    identifier = extension = "pdf"
    content_type = "application/pdf"

    def write(self, exporter, file, progress=None):
        with tempfile.TemporaryDirectory(prefix="list-pdf-") as folder:
            target = Path(folder) / "list.pdf"
            self.write_file(exporter, target, progress)
            with target.open("rb") as made:
                shutil.copyfileobj(made, file)
        return exporter.count

    def response(self, exporter):
        # Made in the request only when short (longer lists go to a job: forum/jobs.py).
        buffer = io.BytesIO()
        self.write(exporter, buffer)
        return HttpResponse(buffer.getvalue(), content_type=self.content_type)

    def write_file(self, exporter, target, progress=None):
        header = exporter.header()
        rows = list(exporter.rows())
        with translation.override(exporter.language):
            context = {
                "title": exporter.title(),
                "description": exporter.description(),
                "header": header,
                "widths": column_percentages(header, rows),
                "language": exporter.language,
                **exporter.pdf_context(),
            }
        size = max(1, settings.PDF_ROWS_PER_PART)
        parts = [rows[start : start + size] for start in range(0, len(rows), size)] or [[]]

        def html(number, part, first_page=1, pages=None):
            with translation.override(exporter.language):
                return render_to_string(
                    exporter.pdf_template,
                    {
                        **context,
                        "rows": part,
                        "first": number == 0,
                        "first_page": first_page,
                        "page_numbers": page_numbers_css(pages),
                        "running_title": css_string(context["title"]),
                    },
                )

        if len(parts) > 1:
            counts = pdf_join.page_counts([html(n, part) for n, part in enumerate(parts)], render)
            total, starts = sum(counts), [1]
            for count in counts[:-1]:
                starts.append(starts[-1] + count)
            htmls = [html(n, part, starts[n], total) for n, part in enumerate(parts)]
        else:
            htmls = [html(0, parts[0])]
        pdf_join.write(
            htmls,
            render,
            target,
            progress=(lambda done, total: progress(done)) if progress else None,
            sizes=[len(part) for part in parts],
        )


def render(html, path):
    """One part of a list: its PDF written to `path`, or (path None) its laid-out document
    (module level: exporting/pdf_join.py may call it in another process)."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    if path is None:
        return document
    document.write_pdf(path)
    return None


def css_string(text):
    """`text` as a quoted CSS string, safe inside a <style> element (no "<" at all)."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + text.replace("<", "\\3c ") + '"'


def column_percentages(header, rows, line=230, sample=2000, shortest=14, longest=40):
    """Shares of the page width per column. Each column wants its widest text (header and the
    first `sample` rows, at most `longest` character cells) and needs its longest word (at most
    `shortest`), so that words break between letters only when they are longer than that; what
    the needs leave of the `line` (character cells across a landscape page in the list's type)
    goes to the wants."""
    # Header words are bold: a tenth wider.
    needs = [max([text_width(w) * 1.1 for w in label.split()] or [1]) for label in header]
    wants = list(needs)
    for row in rows[:sample]:
        for col, text in enumerate(row):
            if 2 * len(text) > needs[col]:  # (a text is at most twice its length wide)
                width = text_width(text)
                wants[col] = max(wants[col], min(width, longest))
                if width > needs[col] and needs[col] < shortest:
                    words = text.split() if " " in text else (text,)
                    needs[col] = max(needs[col], *(min(text_width(w), shortest) for w in words))
    padding = 2.5  # a cell's padding and some room, in character cells
    needs = [need + padding for need in needs]
    wants = [max(want + padding, need) for want, need in zip(wants, needs, strict=True)]
    room = line - sum(needs)
    extra = [want - need for want, need in zip(wants, needs, strict=True)]
    if room <= 0 or not sum(extra):
        widths = needs if room <= 0 else wants
    else:
        share = min(1, room / sum(extra))
        widths = [need + e * share for need, e in zip(needs, extra, strict=True)]
    total = sum(widths)
    return [round(100 * width / total, 2) for width in widths]


def page_numbers_css(pages=None):
    """CSS `content` for "Page X of Y" in the active language; `pages`: Y when the document
    is one part of a longer one (else the document's own count)."""
    text = gettext("Page %(number)s of %(total)s")
    parts = re.split(r"(%\((?:number|total)\)s)", text)
    total = css_string(pages) if pages else "counter(pages)"
    counters = {"%(number)s": "counter(page)", "%(total)s": total}
    return " ".join(counters.get(part) or css_string(part) for part in parts if part)
