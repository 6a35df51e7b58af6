"""The generations that kept pages and parts carry in their cache keys."""

from django.db import models


class Generation(models.Model):
    """The generation of one object that pages show ("forum:12", "person:5", "user:3",
    "roles"), raised after every committed change to it (pagecache/core.py). Kept pages carry
    it in their key, so every server process stops serving an old page as soon as a change is
    committed."""

    key = models.CharField(max_length=80, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.key} {self.value}"
