"""Lists out of the app as CSV, XLSX or PDF: declare the columns once, get every format.

An exporter (`ListExporter` subclass) names its columns (`Column`: label, the value fields it
reads, how a cell is made from those plain values) and the queryset; it yields rows of text
once. The writers (`FORMATS`) turn those rows into a file or an HTTP response. Exporters are
found by identifier in `registry`. Nothing here knows about a domain model.

    @exporting.register
    class Guests(exporting.ListExporter):
        identifier = "guests"
        columns = {"name": exporting.Column(_("Name"), reads=("name",))}
        def get_queryset(self): ...

    exporting.response(exporting.exporter("guests")(...), "csv")
"""

from .base import Column, ListExporter, Translated, text_width
from .registry import FORMATS, exporter, register, registry, response, write

__all__ = [
    "FORMATS",
    "Column",
    "ListExporter",
    "Translated",
    "exporter",
    "register",
    "registry",
    "response",
    "text_width",
    "write",
]
