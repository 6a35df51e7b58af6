"""Notices when an itinerary changes: one e-mail per person per batch, old → new, local times.

How a change reaches a person:
1. Every committed change that touches someone's itinerary raises the generation
   "person:<id>" of each person concerned (delegations/page_keys.py, forum/page_keys.py: the
   same rules that keep their pages fresh, so forum sessions, seats and registrations count
   without this app knowing the forum). `people_changed()` hears of it (`pagecache.on_changed`)
   and writes one `PendingNotice` per person, due ITINERARY_NOTICE_MINUTES after the first
   change; later changes before that join it. The request pays one SQL statement and one
   queued task for this, whatever the number of people: nothing is built or sent in it.
2. When the batch is due, the task `send_due_notices` (or `manage.py send_itinerary_notices`,
   run by `run_periodic`, should a task be lost) builds each person's itinerary from every
   registered source, compares it with the `ItinerarySnapshot` taken when they were last
   told, and sends what differs through the outbox, in the person's language, with times in
   the zone of each place; then the snapshot is the new itinerary.

No message when nothing a person would see changed (a co-traveller's phone number), for
items of closed, cancelled or declined trips, for items already over, for people who opted
out (`Person.itinerary_notices`) or have no e-mail address, and when every change in the batch
came from the person's own login (a staff member editing their own trip). Items of past
trips still count while the trip is in play (a record corrected afterwards). The snapshot is
renewed in each case, so the next message holds only what is new since.

A person seen for the first time has no snapshot: their first batch only takes one and tells
nothing (so loading the demo or a bulk import e-mails nobody about a whole itinerary).
`remember()` takes snapshots ahead: run_periodic does it for everyone on a trip still in play,
and an invitation to sign in for the invited person.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import outbox

from . import zones
from .itinerary import gather
from .models import Delegation, ItinerarySnapshot, PendingNotice, Person

logger = logging.getLogger("delegation_desk.notices")

# The trips whose items no notice mentions.
QUIET_STATUSES = {
    Delegation.Status.CLOSED,
    Delegation.Status.CANCELLED,
    Delegation.Status.DECLINED,
}
# Compared between snapshot and itinerary; the text fields only when both are in one language.
TIMES = ("start", "end", "start_zone", "end_zone")
TEXTS = ("title", "place", "address", "role")


# People per transaction when telling them, and most tasks sharing one batch.
CHUNK = 100
MAX_TASKS = 4


def batch_wait():
    return dt.timedelta(minutes=settings.ITINERARY_NOTICE_MINUTES)


# --- 1. marking people whose itinerary changed ---------------------------------------------


def _acting_user_id():
    """The signed-in user whose request made the change (None outside requests)."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def people_changed(keys):
    """pagecache listener: the people among `keys` ("person:<id>") get a pending notice."""
    ids = set()
    for key in keys:
        kind, _sep, pk = key.partition(":")
        if kind == "person" and pk.isdigit():
            ids.add(int(pk))
    if ids:
        mark(ids, actor_id=_acting_user_id())


def mark(person_ids, *, actor_id=None, now=None):
    """Pending notices for `person_ids` (those with an e-mail address), due one batch wait
    from now unless one is pending already (then it only learns that someone else than the
    person changed something); queues the task that sends them. Returns how many rows it
    wrote. One statement whatever the number of people (no rows are built in Python: this
    runs in the request that made the change), and one task."""
    person_ids = sorted({int(pk) for pk in person_ids})
    if not person_ids:
        return 0
    now = now or timezone.now()
    due = now + batch_wait()
    ops = connection.ops
    quote = ops.quote_name
    pending = quote(PendingNotice._meta.db_table)
    people = quote(Person._meta.db_table)
    placeholders = ", ".join(["%s"] * len(person_ids))
    sql = (
        f"INSERT INTO {pending} (person_id, due_at, by_others, created_at) "
        f"SELECT id, %s, (user_id IS NULL OR user_id <> %s), %s FROM {people} "
        f"WHERE id IN ({placeholders}) AND email <> '' "
        f"ON CONFLICT (person_id) DO UPDATE SET by_others = excluded.by_others "
        f"WHERE excluded.by_others AND NOT {pending}.by_others"
    )
    stamp = ops.adapt_datetimefield_value(due)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [stamp, -1 if actor_id is None else actor_id, ops.adapt_datetimefield_value(now)]
                + person_ids,
            )
            written = cursor.rowcount
        if written:
            from .tasks import send_due_notices

            send_due_notices.using(run_after=due).enqueue()
    return written


# --- 2. comparing and telling ----------------------------------------------------------------


def encode(item):
    """What a snapshot keeps of an itinerary item (plain JSON)."""
    return {
        "uid": item.uid,
        "kind": item.kind,
        "title": item.title,
        "start": item.starts_at.isoformat(),
        "end": item.ends_at.isoformat(),
        "start_zone": item.start_zone,
        "end_zone": item.end_zone,
        "place": item.place,
        "address": item.address,
        "role": item.role,
        "trip": item.delegation_id,
    }


@dataclass
class Change:
    """One thing that changed on an itinerary: added, removed or changed (old → new)."""

    what: str  # added, removed, changed
    old: dict | None
    new: dict | None
    lines: list = field(default_factory=list)  # [(label, old text, new text)] for "changed"

    @property
    def item(self):
        return self.new or self.old

    @property
    def title(self):
        return self.item["title"]


def _instant(text):
    return dt.datetime.fromisoformat(text)


def _counts(item, quiet_trips):
    # Past items count too: staff correct a trip's record after it (and the demo is in 2016).
    return item["trip"] not in quiet_trips


def compare(old, new, *, quiet_trips=(), same_language=True):
    """[Change] between two snapshots' items (lists of `encode()` dicts), earliest first."""
    old_by = {i["uid"]: i for i in old}
    new_by = {i["uid"]: i for i in new}
    fields = TIMES + (TEXTS if same_language else ())
    changes = []
    for uid, item in new_by.items():
        before = old_by.get(uid)
        if before is None:
            if _counts(item, quiet_trips):
                changes.append(Change("added", None, item))
        elif any(before.get(f) != item.get(f) for f in fields):
            if _counts(item, quiet_trips) or _counts(before, quiet_trips):
                changes.append(Change("changed", before, item))
    for uid, before in old_by.items():
        if uid not in new_by and _counts(before, quiet_trips):
            changes.append(Change("removed", before, None))
    changes.sort(key=lambda c: (c.item["start"], c.item["uid"]))
    return changes


def when(item, language):
    """ "5 Dec 2016 09:00 China Time – 10:30" or across zones/days in full."""
    start, end = _instant(item["start"]), _instant(item["end"])
    first = zones.format_local(start, item["start_zone"], language)
    if start == end:
        return first
    same_day = (
        item["start_zone"] == item["end_zone"]
        and zones.naive_local(start, item["start_zone"]).date()
        == zones.naive_local(end, item["end_zone"]).date()
    )
    if same_day:
        return f"{first} – {zones.naive_local(end, item['end_zone']):%H:%M}"
    return f"{first} – {zones.format_local(end, item['end_zone'], language)}"


START_LABELS = {"travel": gettext_lazy("Departs")}
END_LABELS = {"travel": gettext_lazy("Arrives")}


def describe(change, language):
    """The lines of a change, in `language` (active): [(label, old, new)]."""
    old, new = change.old, change.new
    lines = []
    moment = new["start"] == new["end"] and old["start"] == old["end"]
    if (old["start"], old["start_zone"]) != (new["start"], new["start_zone"]):
        label = _("Time") if moment else START_LABELS.get(new["kind"], _("Starts"))
        lines.append(
            (
                str(label),
                zones.format_local(_instant(old["start"]), old["start_zone"], language),
                zones.format_local(_instant(new["start"]), new["start_zone"], language),
            )
        )
    if not moment and (old["end"], old["end_zone"]) != (new["end"], new["end_zone"]):
        lines.append(
            (
                str(END_LABELS.get(new["kind"], _("Ends"))),
                zones.format_local(_instant(old["end"]), old["end_zone"], language),
                zones.format_local(_instant(new["end"]), new["end_zone"], language),
            )
        )
    for name, label in (
        ("title", _("What")),
        ("place", _("Place")),
        ("address", _("Address")),
        ("role", _("Role")),
    ):
        if old.get(name) != new.get(name) and (old.get(name) or new.get(name)):
            lines.append((label, old.get(name) or "–", new.get(name) or "–"))
    return lines


def me_link(language):
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse("me:itinerary")


def tell(person, changes, language):
    """Queue the message that lists `changes` to `person` (in the outbox)."""
    with translation.override(language):
        entries = []
        for change in changes:
            entries.append(
                {
                    "what": change.what,
                    "title": change.title,
                    "when": when(change.item, language),
                    "lines": describe(change, language) if change.what == "changed" else [],
                }
            )
    return outbox.send(
        to=person.email,
        template="delegations/email/itinerary_changed",
        context={
            "name": person.display_name(language),
            "changes": entries,
            "link": me_link(language),
        },
        language=language,
        kind="itinerary_changed",
    )


def _snapshots(people, now):
    """{person_id: [encoded items]} of `people` now, each built in the person's language
    (titles such as "Check-in: …" are translated): a fixed number of queries per language."""
    by_language = {}
    for person in people:
        by_language.setdefault(person.language(), []).append(person)
    found = {}
    for language, group in by_language.items():
        with translation.override(language):
            for person_id, items in gather(group).items():
                found[person_id] = [encode(i) for i in items]
    return found


def _save_snapshots(items_by_person, languages, now):
    ItinerarySnapshot.objects.bulk_create(
        [
            ItinerarySnapshot(person_id=pk, items=items, language=languages[pk], taken_at=now)
            for pk, items in items_by_person.items()
        ],
        update_conflicts=True,
        unique_fields=["person"],
        update_fields=["items", "language", "taken_at"],
    )


def remember(people, now=None):
    """Take the snapshot of `people` as they are now (no message)."""
    now = now or timezone.now()
    people = list(people)
    if people:
        _save_snapshots(_snapshots(people, now), {p.pk: p.language() for p in people}, now)


def remember_missing(now=None, chunk=500):
    """Snapshots for everyone on a trip still in play who has none yet (run_periodic)."""
    now = now or timezone.now()
    missing = (
        Person.objects.filter(
            delegations__status__in=Delegation.Status.in_play(), itinerary_snapshot__isnull=True
        )
        .exclude(email="")
        .select_related("organisation")
        .distinct()
    )
    count = 0
    while batch := list(missing[:chunk]):
        remember(batch, now)
        count += len(batch)
    return count


def send_due(now=None, chunk=CHUNK, spread=False):
    """Tell everyone whose pending notice is due; returns the number of messages queued.

    Each chunk is one transaction: the pending rows are locked (skipped by a second worker on
    PostgreSQL), the itineraries built, messages queued, snapshots renewed, rows deleted. A
    change committed meanwhile waits for the lock and starts a new batch."""
    now = now or timezone.now()
    if spread:
        # A big batch: more tasks take their share at once (each locks its own chunk; on
        # SQLite their transactions take turns).
        waiting = PendingNotice.objects.filter(due_at__lte=now).count()
        from .tasks import send_due_notices

        for _helper in range(min(MAX_TASKS - 1, -(-waiting // chunk) - 1)):
            send_due_notices.enqueue(spread=False)
    sent = 0
    while True:
        with transaction.atomic():
            due = list(
                PendingNotice.objects.select_for_update(skip_locked=True)
                .filter(due_at__lte=now)
                .order_by("due_at", "pk")[:chunk]
            )
            if not due:
                return sent
            people = list(
                Person.objects.filter(pk__in=[row.person_id for row in due]).select_related(
                    "organisation"
                )
            )
            sent += _tell_batch(people, {row.person_id: row for row in due}, now)
            PendingNotice.objects.filter(pk__in=[row.pk for row in due]).delete()


def _tell_batch(people, pending, now):
    current = _snapshots(people, now)
    before = {s.person_id: s for s in ItinerarySnapshot.objects.filter(person__in=people)}
    trips = {
        i["trip"]
        for items in [*current.values(), *(s.items for s in before.values())]
        for i in items
        if i["trip"]
    }
    quiet = set(
        Delegation.objects.filter(pk__in=trips, status__in=QUIET_STATUSES).values_list(
            "pk", flat=True
        )
    )
    languages = {}
    sent = 0
    for person in people:
        language = person.language()
        languages[person.pk] = language
        snapshot = before.get(person.pk)
        if snapshot is None:  # first seen: nothing to compare with (the demo loader, say)
            continue
        changes = compare(
            snapshot.items,
            current.get(person.pk, []),
            quiet_trips=quiet,
            same_language=snapshot.language == language,
        )
        row = pending[person.pk]
        if changes and row.by_others and person.itinerary_notices and person.email:
            tell(person, changes, language)
            sent += 1
    _save_snapshots(current, languages, now)
    return sent
