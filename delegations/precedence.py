"""The protocol order of a trip's members: proposed from role and title, moved by hand with a
note why, and what follows from it (the speaking order of visits and sessions).

`DelegationMember.precedence` is the one place the order lives (1 goes first): seating
(delegations/seating.py), cars, name cards and speaking order all read it. `propose()` only
suggests; `apply_proposal()` and `move()` write it, numbering the trip's members 1, 2, 3…

How the proposal ranks people, in this order:
1. the role on the trip: leader, member, adviser, staff, interpreter;
2. the rank the title implies (`title_rank()`): a head of an authority (chair, mayor,
   president, minister, ambassador…) before a director or head of a unit, before a manager,
   coordinator or consultant, before anyone else; "vice" or "deputy" makes it one step lower;
3. the kind of person: politician, official, expert, press, staff, participant;
4. the order as it is now, then the family name (so equal people keep their places).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import DelegationMember, Person

ROLE_ORDER = [
    DelegationMember.Role.LEADER,
    DelegationMember.Role.MEMBER,
    DelegationMember.Role.ADVISER,
    DelegationMember.Role.STAFF,
    DelegationMember.Role.INTERPRETER,
]
KIND_ORDER = [
    Person.Kind.POLITICIAN,
    Person.Kind.OFFICIAL,
    Person.Kind.EXPERT,
    Person.Kind.PRESS,
    Person.Kind.STAFF,
    Person.Kind.PARTICIPANT,
]
# Words of a title, in the three languages, and the rank they imply (1 is highest). The first
# rank whose word the title holds counts; a title without any is rank 7.
TITLE_WORDS = [
    (
        1,
        (
            "president",
            "chair",
            "mayor",
            "minister",
            "governor",
            "ambassador",
            "formand",
            "borgmester",
            "ambassadør",
            "主席",
            "市长",
            "部长",
            "省长",
            "大使",
            "会长",
            "书记",
        ),
    ),
    (
        3,
        (
            "director",
            "head",
            "chief",
            "direktør",
            "chef",
            "overlæge",
            "rådmand",
            "主任",
            "处长",
            "局长",
            "总监",
            "院长",
        ),
    ),
    (5, ("manager", "coordinator", "consultant", "adviser", "leder", "koordinator", "konsulent")),
]
DEPUTY_WORDS = ("vice", "deputy", "næst", "副")
UNRANKED = 7


def title_rank(*titles):
    """The rank a title implies (1 is highest, 7 none found), read in every language given:
    "1st vice-chair" is 2 (chair, one step lower), "Group director" 3, "Project manager" 5."""
    text = " ".join(t for t in titles if t).casefold()
    for rank, words in TITLE_WORDS:
        if any(word in text for word in words):
            deputy = any(word in text for word in DEPUTY_WORDS)
            return rank + 1 if deputy else rank
    return UNRANKED


def _titles(person):
    """A person's title in every language it is written in (modeltranslation's columns)."""
    return [getattr(person, f"position_{code}", "") or "" for code in ("en", "da", "zh_hans")] + [
        person.position or ""
    ]


def _index(order, value):
    return order.index(value) if value in order else len(order)


def proposal_key(member):
    person = member.person
    return (
        _index(ROLE_ORDER, member.role),
        title_rank(*_titles(person)),
        _index(KIND_ORDER, person.kind),
        member.precedence,
        person.family_name.casefold(),
        member.pk,
    )


def ranked(delegation):
    """The trip's members who have not declined, in their precedence order now (one query)."""
    return list(
        DelegationMember.objects.filter(delegation=delegation)
        .exclude(answer=DelegationMember.Answer.DECLINED)
        .select_related("person__organisation")
        .order_by("precedence", "person__family_name", "pk")
    )


def propose(members):
    """The members in the order their role and title suggest (nothing is written)."""
    return sorted(members, key=proposal_key)


@dataclass
class Row:
    """One member on the protocol page: where they are and where the proposal puts them."""

    member: DelegationMember
    place: int
    proposed: int
    title_rank: int

    @property
    def differs(self):
        return self.place != self.proposed


def rows(members):
    proposed = {m.pk: i for i, m in enumerate(propose(members), start=1)}
    return [
        Row(m, place, proposed[m.pk], title_rank(*_titles(m.person)))
        for place, m in enumerate(members, start=1)
    ]


def _renumber(ordered, moved=None, note=""):
    """Write 1, 2, 3… in `ordered`'s order; `moved` gets `note`. Saves only what changed
    (through save(), so history and the kept pages hear of it)."""
    for number, member in enumerate(ordered, start=1):
        fields = []
        if member.precedence != number:
            member.precedence = number
            fields.append("precedence")
        if moved is not None and member.pk == moved.pk and member.precedence_note != note:
            member.precedence_note = note
            fields.append("precedence_note")
        if fields:
            member.save(update_fields=[*fields, "updated_at"])


class MoveRefused(Exception):
    pass


def note_needed():
    return _("Say why the order changes: the note is kept with the member.")


@transaction.atomic
def apply_proposal(delegation):
    """Number the members in the proposed order; the notes of earlier manual moves go (the
    order is now the proposal's). Returns the members in their new order."""
    members = ranked(delegation)
    for member in members:
        if member.precedence_note:
            member.precedence_note = ""
            member.save(update_fields=["precedence_note", "updated_at"])
    ordered = propose(members)
    _renumber(ordered)
    return ordered


@transaction.atomic
def move(delegation, member_pk, *, to=None, step=0, note=""):
    """Move one member to place `to` (1 is first) or `step` places down (negative: up), with
    `note` saying why. The others keep their order; everyone is numbered 1, 2, 3… again."""
    note = (note or "").strip()
    if not note:
        raise MoveRefused(note_needed())
    members = ranked(delegation)
    found = next((m for m in members if m.pk == member_pk), None)
    if found is None:
        raise MoveRefused(_("This person is not an active member of the trip."))
    place = members.index(found)
    target = (to - 1) if to is not None else place + step
    target = max(0, min(len(members) - 1, target))
    members.pop(place)
    members.insert(target, found)
    _renumber(members, moved=found, note=note[:200])
    return members


# --- Speaking order ------------------------------------------------------------------------

_speaking_sources = []


def register_speaking_source(source):
    """Add `source(delegation, member_ids) -> [Occasion]`: where the trip's members speak.
    `forum` adds its sessions (forum/speaking.py), so this module never imports `forum`."""
    if source not in _speaking_sources:
        _speaking_sources.append(source)


@dataclass
class Occasion:
    """A visit or a session and the trip's people who speak there, by precedence."""

    kind: str  # visit, session
    title: str
    starts_at: object
    zone: str
    people: list  # [(Person, role label)], in precedence order

    @property
    def local_start(self):
        import zoneinfo

        from django.utils import timezone

        return timezone.make_naive(self.starts_at, zoneinfo.ZoneInfo(self.zone))


def visit_occasions(delegation, member_ids):
    """The trip's visits with the members taking part (each visit's speakers are its
    participants from the trip); two queries."""
    from .models import Visit

    visits = Visit.objects.filter(delegation=delegation).prefetch_related("participants")
    found = []
    for visit in visits:
        people = [(p, "") for p in visit.participants.all() if p.pk in member_ids]
        if people:
            found.append(Occasion("visit", visit.title, visit.starts_at, visit.time_zone, people))
    return found


def speaking_order(delegation, members):
    """[Occasion] of every registered source, by time, each with its speakers in the trip's
    precedence order (`members` as `ranked()` gives them)."""
    place = {m.person_id: i for i, m in enumerate(members)}
    occasions = visit_occasions(delegation, set(place))
    for source in _speaking_sources:
        occasions.extend(source(delegation, set(place)))
    for occasion in occasions:
        occasion.people.sort(key=lambda pair: place.get(pair[0].pk, len(place)))
    return sorted(occasions, key=lambda o: (o.starts_at, o.title))
