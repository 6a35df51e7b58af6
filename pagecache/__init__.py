"""Pages and parts kept in the cache until what they show changes (see core.py).

The public API; other apps import `pagecache`, never its modules.
"""

from .core import (
    SLOT,
    cached,
    cached_many,
    changed,
    changed_rows,
    every_key,
    find,
    for_owner,
    for_visitors,
    generation,
    generations,
    keep_out,
    keep_until,
    key,
    key_of,
    note,
    on_changed,
    rows,
    shell,
    table,
    watch,
    watched,
)

__all__ = [
    "SLOT",
    "cached",
    "cached_many",
    "changed",
    "changed_rows",
    "every_key",
    "find",
    "for_owner",
    "for_visitors",
    "generation",
    "generations",
    "keep_out",
    "keep_until",
    "key",
    "key_of",
    "note",
    "shell",
    "on_changed",
    "rows",
    "table",
    "watch",
    "watched",
]
