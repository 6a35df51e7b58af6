"""A banquet's table plan seated by precedence, and moved by hand seat by seat.

Seats are numbered round each table to the right: seat 2 is at the right hand of seat 1, the
last seat at its left. Odd seats are the host side's, even seats the guests', so hosts and
guests alternate. The more important a person, the nearer they sit to the table's first seat,
right before left: hosts fill seats 1, 3, n−1, 5, n−3…, guests seats 2, n, 4, n−2…

`generate(plan)` seats table 1 first: the principal host (host precedence 1) at seat 1, the
chief guest (the trip's precedence 1) at his right (seat 2), the second guest at his left;
then table 2 with the next host at its seat 1, and so on. When one side has more people than
its seats, they take the other side's empty seats, nearest first. Without tables the plan
gets as many as needed, of `plan.seats_per_table` seats each.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import HostAttendee, Seat, Table, TablePlan
from .precedence import ranked


def nearness(seats):
    """Seat numbers 1..seats from nearest to seat 1 to farthest, right before left."""

    def key(number):
        step = number - 1
        right = step <= seats - step
        return (min(step, seats - step), 0 if right else 1)

    return sorted(range(1, seats + 1), key=key)


def host_and_guest_seats(seats):
    order = nearness(seats)
    return [n for n in order if n % 2 == 1], [n for n in order if n % 2 == 0]


def hosts_of(plan):
    return list(
        HostAttendee.objects.filter(plan=plan)
        .select_related("person", "organisation")
        .order_by("precedence", "pk")
    )


class SeatingRefused(Exception):
    pass


@transaction.atomic
def generate(plan):
    """Seat everyone of `plan` afresh by precedence (see the module's text); returns the
    number of people seated. Earlier seats of the plan are replaced."""
    plan = TablePlan.objects.select_for_update().get(pk=plan.pk)
    hosts = hosts_of(plan)
    guests = ranked(plan.delegation)
    tables = list(Table.objects.filter(plan=plan).order_by("number"))
    people = len(hosts) + len(guests)
    if not tables:
        count = -(-people // plan.seats_per_table) or 1
        tables = Table.objects.bulk_create(
            Table(plan=plan, number=n, seats=plan.seats_per_table) for n in range(1, count + 1)
        )
    if sum(t.seats for t in tables) < people:
        raise SeatingRefused(
            _("%(people)d people and %(seats)d seats: add a table or seats first.")
            % {"people": people, "seats": sum(t.seats for t in tables)}
        )
    Seat.objects.filter(plan=plan).delete()
    hosts_left, guests_left = list(hosts), list(guests)
    placed = []
    spare = []  # (table, seat) left empty, nearest first per table
    for table in tables:
        host_seats, guest_seats = host_and_guest_seats(table.seats)
        for number in host_seats:
            if hosts_left:
                placed.append(Seat(plan=plan, table=table, number=number, host=hosts_left.pop(0)))
            else:
                spare.append((table, number))
        for number in guest_seats:
            if guests_left:
                placed.append(
                    Seat(plan=plan, table=table, number=number, member=guests_left.pop(0))
                )
            else:
                spare.append((table, number))
    order = {t.pk: i for i, t in enumerate(tables)}
    spare.sort(key=lambda pair: (order[pair[0].pk], nearness(pair[0].seats).index(pair[1])))
    for table, number in spare:
        if hosts_left:
            placed.append(Seat(plan=plan, table=table, number=number, host=hosts_left.pop(0)))
        elif guests_left:
            placed.append(Seat(plan=plan, table=table, number=number, member=guests_left.pop(0)))
    Seat.objects.bulk_create(placed)
    return len(placed)


@transaction.atomic
def place(plan, who, table_number, seat_number):
    """Put `who` ("g<member pk>" or "h<host pk>") on seat `seat_number` of table
    `table_number`; whoever sat there takes the seat `who` leaves (or none if `who` had
    none). Raises SeatingRefused with a message for people."""
    plan = TablePlan.objects.select_for_update().get(pk=plan.pk)
    kind, pk = (who or " ")[0], (who or "")[1:]
    if kind not in ("g", "h") or not pk.isdigit():
        raise SeatingRefused(_("Choose a guest or a host."))
    field_name = "member_id" if kind == "g" else "host_id"
    if kind == "g":
        allowed = {m.pk for m in ranked(plan.delegation)}
    else:
        allowed = set(HostAttendee.objects.filter(plan=plan).values_list("pk", flat=True))
    if int(pk) not in allowed:
        raise SeatingRefused(_("This person is not at this banquet."))
    table = Table.objects.filter(plan=plan, number=table_number).first()
    if table is None:
        raise SeatingRefused(_("This plan has no table %(number)s.") % {"number": table_number})
    if not 1 <= seat_number <= table.seats:
        raise SeatingRefused(
            _("Table %(table)s has seats 1 to %(seats)d.") % {"table": table, "seats": table.seats}
        )
    mine = Seat.objects.filter(plan=plan, **{field_name: int(pk)}).first()
    theirs = Seat.objects.filter(table=table, number=seat_number).first()
    if mine is not None and theirs is not None and mine.pk == theirs.pk:
        return mine
    if theirs is not None:
        if mine is None:
            theirs.delete()
        else:
            # Swap: the other person takes the seat left free.
            old_table, old_number = mine.table_id, mine.number
            mine.delete()
            theirs.table_id, theirs.number = old_table, old_number
            theirs.save(update_fields=["table", "number"])
    elif mine is not None:
        mine.delete()
    return Seat.objects.create(plan=plan, table=table, number=seat_number, **{field_name: int(pk)})


@transaction.atomic
def unseat(plan, who):
    kind, pk = (who or " ")[0], (who or "")[1:]
    if kind in ("g", "h") and pk.isdigit() and len(pk) < 10:
        field_name = "member_id" if kind == "g" else "host_id"
        Seat.objects.filter(plan=plan, **{field_name: int(pk)}).delete()


# --- Reading a plan (the page, the print view, the PDF, the cards), in fixed queries. -------


@dataclass
class Place:
    """Someone at the banquet: a guest or a host, with what a card and the plan show."""

    key: str  # g<member pk> or h<host pk>
    side: str  # guest, host
    precedence: int
    latin_name: str
    native_name: str
    title: str
    title_native: str
    organisation: str
    organisation_native: str
    table: int | None = None
    seat: int | None = None

    @property
    def is_host(self):
        return self.side == "host"


@dataclass
class TableView:
    table: Table
    seats: list = field(default_factory=list)  # [(number, Place or None)]


@dataclass
class PlanView:
    plan: TablePlan
    tables: list  # [TableView]
    guests: list  # [Place] in precedence order
    hosts: list  # [Place] in precedence order
    unseated: list  # [Place]

    @property
    def everyone(self):
        return self.hosts + self.guests


def guest_place(member):
    person = member.person
    organisation = person.organisation
    return Place(
        key=f"g{member.pk}",
        side="guest",
        precedence=member.precedence,
        latin_name=person.latin_name,
        native_name=person.native_name,
        title=person.position or "",
        title_native=getattr(person, "position_zh_hans", "") or "",
        organisation=organisation.name if organisation else "",
        organisation_native=(organisation.name_native if organisation else "") or "",
    )


def host_place(host):
    person = host.person
    organisation = host.organisation or (person.organisation if person else None)
    title = host.title or (person.position if person else "") or ""
    title_native = getattr(host, "title_zh_hans", "") or (
        getattr(person, "position_zh_hans", "") if person else ""
    )
    return Place(
        key=f"h{host.pk}",
        side="host",
        precedence=host.precedence,
        latin_name=host.latin_name,
        native_name=host.shown_native_name,
        title=title,
        title_native=title_native or "",
        organisation=organisation.name if organisation else "",
        organisation_native=(organisation.name_native if organisation else "") or "",
    )


def plan_view(plan):
    """Everything a table plan's pages show (six queries whatever the size)."""
    guests = [guest_place(m) for m in ranked(plan.delegation)]
    hosts = []
    for host in HostAttendee.objects.filter(plan=plan).select_related(
        "person__organisation", "organisation"
    ):
        hosts.append(host_place(host))
    hosts.sort(key=lambda p: (p.precedence, p.key))
    places = {p.key: p for p in guests + hosts}
    tables = list(Table.objects.filter(plan=plan).order_by("number"))
    taken = {}
    for seat in Seat.objects.filter(plan=plan).only("table_id", "number", "member_id", "host_id"):
        key = f"g{seat.member_id}" if seat.member_id else f"h{seat.host_id}"
        person = places.get(key)
        if person is not None:
            taken[(seat.table_id, seat.number)] = person
    views = []
    for table in tables:
        view = TableView(table)
        for number in range(1, table.seats + 1):
            person = taken.get((table.pk, number))
            if person is not None:
                person.table, person.seat = table.number, number
            view.seats.append((number, person))
        views.append(view)
    unseated = [p for p in hosts + guests if p.table is None]
    return PlanView(plan=plan, tables=views, guests=guests, hosts=hosts, unseated=unseated)
