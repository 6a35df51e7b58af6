"""Exporters by identifier, formats by extension: every export goes through here."""

from .writers import CSV, PDF, XLSX

registry = {}  # identifier: ListExporter subclass
FORMATS = {writer.identifier: writer for writer in (CSV(), XLSX(), PDF())}


def register(cls):
    """Class decorator: make an exporter findable by its identifier."""
    if not cls.identifier:
        raise ValueError(f"{cls.__name__} has no identifier")
    if registry.get(cls.identifier, cls) is not cls:
        raise ValueError(f"two exporters are called {cls.identifier!r}")
    registry[cls.identifier] = cls
    return cls


def exporter(identifier):
    """The exporter class registered as `identifier` (LookupError if there is none)."""
    try:
        return registry[identifier]
    except KeyError:
        raise LookupError(f"no exporter {identifier!r}") from None


def writer(fmt):
    try:
        return FORMATS[fmt]
    except KeyError:
        raise LookupError(f"no export format {fmt!r}") from None


def response(export, fmt, disposition="attachment"):
    """An HTTP response with the export in format `fmt` (CSV streams, the rest is written
    first; large files spill to a temporary file, not to memory)."""
    out = writer(fmt)
    result = out.response(export)
    result["Content-Disposition"] = f'{disposition}; filename="{export.filename(out.extension)}"'
    return result


def write(export, fmt, file, progress=None):
    """Write the export in format `fmt` to a binary file; returns the number of rows.
    `progress(rows done)` hears of it now and then (a job shows it)."""
    return writer(fmt).write(export, file, progress)
