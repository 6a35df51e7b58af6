"""Rendered page parts kept in the cache until what they show changes (see core.py).

The public API; domain apps import `pagecache`, never its modules.
"""

from .core import (
    ACCOUNTS,
    CONTENT,
    ITINERARY,
    PROGRAMME,
    SCOPES,
    cached,
    changed,
    counters_table,
    for_owner,
    for_visitors,
    keep_out,
    read_with_session,
    version,
    watch,
)

__all__ = [
    "ACCOUNTS",
    "CONTENT",
    "ITINERARY",
    "PROGRAMME",
    "SCOPES",
    "cached",
    "changed",
    "counters_table",
    "for_owner",
    "for_visitors",
    "keep_out",
    "read_with_session",
    "version",
    "watch",
]
