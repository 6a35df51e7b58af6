"""Columns and the exporter base class: rows of plain text, read once from plain values."""

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Translated:
    """A translated field (one database column per language), read in fallback order."""

    name: str


@dataclass(frozen=True)
class Column:
    """One column, declared once.

    `label` names it in a column picker and (unless `header` says otherwise) heads it.
    `reads` are the value fields it needs, as for `values_list()`; a `Translated` one is read in
    the export's language with fallbacks. `cell(exporter, *values)` makes the cell's text from
    those values (one value per read, translated ones already resolved); without it the single
    value is the text. `header(exporter)` heads the column when the label alone is not enough
    (e.g. a time column naming its zone)."""

    label: str
    reads: tuple = ()
    cell: Callable | None = None
    header: Callable | None = None


def fallback_languages(language):
    """`language` and its fallbacks, in the order modeltranslation reads translated fields
    (its own resolution, so exports and pages never disagree)."""
    from modeltranslation.utils import resolution_order

    return list(dict.fromkeys(resolution_order(language)))


def translated_names(name, language):
    """Database column names of a translated field, in fallback order."""
    return [f"{name}_{code.replace('-', '_')}" for code in fallback_languages(language)]


def first_filled(texts):
    """The first non-empty of a translated field's values read in fallback order."""
    return next((text for text in texts if text), "")


def text_width(text):
    """Width of `text` in character cells: East Asian wide characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class ListExporter:
    """A list that yields rows of text once; every format is written from those rows.

    Subclasses set `identifier`, `columns` (key: Column) and `default_columns`, and implement
    `get_queryset()`. `prepare()` runs once in the export's language before the first row
    (e.g. labels of choices); `prepare_chunk(rows)` once per chunk of plain value rows (e.g.
    related titles read for the whole chunk in one query)."""

    identifier = ""
    verbose_name = ""
    columns: dict = {}
    default_columns: list = []
    chunk_size = 2000
    pdf_template = "exporting/list_pdf.html"  # templates/exporting/list_pdf.html

    def __init__(self, *, columns=None, language=None):
        chosen = [key for key in (columns or ()) if key in self.columns]
        self.chosen = chosen or list(self.default_columns or self.columns)
        self.language = language or translation.get_language() or settings.LANGUAGE_CODE
        self.names = []  # the values_list() fields of the current query
        self.count = 0  # rows yielded so far

    # --- what subclasses say ---------------------------------------------------------------

    def get_queryset(self):
        raise NotImplementedError

    def title(self):
        return str(self.verbose_name)

    def sheet_name(self):
        """The XLSX sheet's name (at most 31 characters are kept)."""
        return self.title()

    def description(self):
        """Lines printed under the title of a PDF (e.g. the filters used), in the language."""
        return []

    def filename(self, extension):
        return f"{self.identifier}.{extension}"

    def pdf_context(self):
        """More for the PDF template (`pdf_template`), rendered in the export's language."""
        return {}

    def prepare(self):
        """Called once, in the export's language, before the first row."""

    def prepare_chunk(self, rows):
        """Called with each chunk of plain value rows before its cells are made."""

    # --- what the base class does ----------------------------------------------------------

    def header(self):
        with translation.override(self.language):
            return [
                str(column.header(self) if column.header else column.label)
                for column in (self.columns[key] for key in self.chosen)
            ]

    def position(self, name):
        """Where a read field sits in the plain value rows (for prepare_chunk)."""
        return self.names.index(name)

    def rows(self, queryset=None, extra=()) -> Iterator:
        """Lists of cell texts, one per object; with `extra` field names, pairs of (the values of
        those fields, cells), for a page that also needs e.g. each row's id. Reads plain values
        in chunks from a server-side cursor: model instances with translated fields cost more
        than everything else in an export."""
        queryset = self.get_queryset() if queryset is None else queryset
        self.names, getters = self._plan(extra)
        with translation.override(self.language):
            self.prepare()
        values = queryset.prefetch_related(None).select_related(None).values_list(*self.names)
        extras = [self.names.index(name) for name in extra]
        chunk = []
        for row in values.iterator(chunk_size=self.chunk_size):
            chunk.append(row)
            if len(chunk) >= self.chunk_size:
                yield from self._cells(chunk, getters, extras)
                chunk = []
        if chunk:
            yield from self._cells(chunk, getters, extras)

    def _cells(self, chunk, getters, extras):
        self.prepare_chunk(chunk)
        self.count += len(chunk)
        if extras:
            for row in chunk:
                yield [row[p] for p in extras], [get(row) for get in getters]
        else:
            for row in chunk:
                yield [get(row) for get in getters]

    def _plan(self, extra):
        """The fields to read (only what the chosen columns need: fewer joins, less to fetch)
        and one function per chosen column from a row of plain values to the cell's text."""
        names = list(extra)

        def place(name):
            if name not in names:
                names.append(name)
            return names.index(name)

        def value(read):
            if isinstance(read, Translated):
                positions = [place(n) for n in translated_names(read.name, self.language)]
                return lambda row: first_filled(row[p] for p in positions)
            position = place(read)
            return lambda row: row[position]

        getters = []
        for key in self.chosen:
            column = self.columns[key]
            getters.append(self._getter(column, place, value))
        return names, getters

    def _getter(self, column, place, value):
        cell, reads = column.cell, column.reads
        if cell is None:
            (read,) = reads
            if not isinstance(read, Translated):
                position = place(read)
                return lambda row: row[position] or ""
            get = value(read)
            return lambda row: get(row) or ""
        gets = [value(read) for read in reads]
        if len(gets) == 1:
            (get,) = gets
            return lambda row: cell(self, get(row))
        return lambda row: cell(self, *[get(row) for get in gets])
