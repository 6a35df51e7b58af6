"""The counters that cached page parts carry in their keys."""

from django.db import models


class ContentVersion(models.Model):
    """A counter per kind of page (pagecache/core.py), raised after every change to what
    those pages show. Cached page parts carry it in their key, so every server process stops
    serving an old part as soon as a change is committed."""

    scope = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.scope} {self.value}"
