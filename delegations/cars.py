"""Cars for a trip's transfers: who rides in which car and seat, in protocol order.

`car_plan(delegation)` reads a trip's transfers with their cars, seats and riders in a fixed
number of queries (the trip page, the car plan page, its print view, its PDF and the hand-off
pack all use it). `fill(transfer)` seats everyone of a transfer by precedence
(`DelegationMember.precedence`, 1 first, then family name): the leader on the seat of honour
of car 1, the rear right seat (the seat behind the front passenger, where the host opens the
door in China); the leader's interpreter, else a staff member, beside the driver in the same
car; the next in rank rear left; then everyone else car by car. `move()` and `take_out()` are
the staff's edits; `warnings()` says who has no seat, who has two and which car is too full.

Who rides: the travellers of the flight or train a transfer meets, else the participants,
interpreter and staff escorts of the visit it goes to, else every member who has not declined;
and the transfer's own interpreter and staff escorts.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .languages import in_brackets
from .models import Car, CarSeat, DelegationMember, Person, Transfer
from .zones import format_local

HONOUR, REAR_LEFT, FRONT, REAR_MIDDLE = 1, 2, 3, 4
HELPER_ROLES = (DelegationMember.Role.INTERPRETER, DelegationMember.Role.STAFF)


class CarPlanError(Exception):
    """A move the plan cannot make, with a message for people."""


def seat_label(position, kind=Car.Kind.CAR):
    """Where seat `position` is: in a car 1 is rear right (the seat of honour), 2 rear left,
    3 beside the driver, 4 rear middle; in a van or bus seats are counted from the front
    right, seat 1 still the seat of honour."""
    if kind == Car.Kind.CAR:
        named = {
            HONOUR: pgettext("car seat", "rear right, seat of honour"),
            REAR_LEFT: pgettext("car seat", "rear left"),
            FRONT: pgettext("car seat", "front, beside the driver"),
            REAR_MIDDLE: pgettext("car seat", "rear middle"),
        }
        if position in named:
            return named[position]
    if position == HONOUR:
        return pgettext("car seat", "seat of honour")
    return pgettext("car seat", "seat %(number)d") % {"number": position}


def seat_text(position, kind=Car.Kind.CAR):
    """ "seat 1 (rear right, seat of honour)", "seat 5": the number, and where it is."""
    numbered = pgettext("car seat", "seat %(number)d") % {"number": position}
    label = seat_label(position, kind)
    return numbered if label == numbered else in_brackets(label, numbered)


@dataclass
class Rider:
    """Someone a transfer takes: a member (with rank), a helper on record, or a name."""

    key: str  # "person:<pk>" or "seat:<pk>" for a name only
    person: Person | None
    name: str = ""
    member: DelegationMember | None = None
    helper: str = ""  # "interpreter" or "staff": beside the driver; "" for the others

    @property
    def latin_name(self):
        return self.person.latin_name if self.person else self.name

    @property
    def native_name(self):
        return self.person.native_name if self.person else ""

    @property
    def role(self):
        if self.member is not None:
            return self.member.get_role_display()
        return {"interpreter": _("Interpreter"), "staff": _("Staff escort")}.get(self.helper, "")


@dataclass
class SeatRow:
    seat: CarSeat
    label: str
    rider: Rider


@dataclass
class CarRow:
    car: Car
    seats: list  # [SeatRow] in seat order

    @property
    def over(self):
        return len(self.seats) > self.car.seats or any(
            row.seat.position > self.car.seats for row in self.seats
        )

    @property
    def free(self):
        taken = {row.seat.position for row in self.seats}
        return [p for p in range(1, self.car.seats + 1) if p not in taken]


@dataclass
class TransferPlan:
    transfer: Transfer
    cars: list  # [CarRow]
    riders: list  # [Rider] in protocol order
    unplaced: list = field(default_factory=list)  # [Rider]
    warnings: list = field(default_factory=list)  # [str]

    @property
    def when(self):
        return format_local(self.transfer.starts_at, self.transfer.time_zone)

    @property
    def seated(self):
        return sum(len(car.seats) for car in self.cars)


def _transfers(delegation):
    seats = CarSeat.objects.select_related("person").order_by("position", "pk")
    return (
        Transfer.objects.filter(delegation=delegation)
        .select_related("travel_leg", "visit__interpreter", "interpreter")
        .prefetch_related(
            "escorts",
            Prefetch("cars", queryset=Car.objects.order_by("number", "pk")),
            Prefetch("cars__places", queryset=seats),
            "travel_leg__travellers",
            "visit__participants",
            "visit__escorts",
        )
        .order_by("starts_at", "pk")
    )


def _members(delegation):
    return {
        member.person_id: member
        for member in DelegationMember.objects.filter(delegation=delegation)
        .exclude(answer=DelegationMember.Answer.DECLINED)
        .select_related("person")
    }


def _rank(rider):
    """Protocol order: members by precedence, family name and id; helpers off the list after."""
    if rider.member is not None:
        member = rider.member
        return (0, member.precedence, member.person.family_name, member.person_id)
    return (1, 0, rider.person.family_name if rider.person else rider.name, 0)


def riders(transfer, members):
    """Everyone `transfer` takes, in protocol order (`members`: {person_id: member})."""
    found = {}
    helpers = {}
    if transfer.travel_leg_id:
        people = list(transfer.travel_leg.travellers.all())
    elif transfer.visit_id:
        visit = transfer.visit
        people = list(visit.participants.all())
        escorts = list(visit.escorts.all())
        people.extend(escorts)
        helpers.update((p.pk, "staff") for p in escorts)
        if visit.interpreter_id:
            people.append(visit.interpreter)
            helpers[visit.interpreter_id] = "interpreter"
    else:
        people = [member.person for member in members.values()]
    own_escorts = list(transfer.escorts.all())
    people.extend(own_escorts)
    for person in own_escorts:
        helpers.setdefault(person.pk, "staff")
    if transfer.interpreter_id:
        people.append(transfer.interpreter)
        helpers[transfer.interpreter_id] = "interpreter"
    for person in people:
        member = members.get(person.pk)
        helper = helpers.get(person.pk, "")
        if member is not None and member.role in HELPER_ROLES:
            helper = member.role
        found.setdefault(
            person.pk,
            Rider(key=f"person:{person.pk}", person=person, member=member, helper=helper),
        )
    return sorted(found.values(), key=_rank)


def _interpreters_first(rider):
    return (0 if rider.helper == "interpreter" else 1, *_rank(rider))


def seating(cars, ordered):
    """[(car, position, rider)] and the riders left over, for `cars` (in order) and
    `ordered` riders (protocol order). Never more people in a car than its seats."""
    principals = [r for r in ordered if not r.helper]
    helpers = sorted((r for r in ordered if r.helper), key=_interpreters_first)
    free = [(car, position) for car in cars for position in range(1, car.seats + 1)]
    placed = []

    def take(car, position, rider):
        free.remove((car, position))
        placed.append((car, position, rider))

    if cars and principals:
        first = cars[0]
        take(first, HONOUR, principals.pop(0))
        front = FRONT if first.seats >= FRONT else None
        if front and helpers:
            take(first, front, helpers.pop(0))
    for rider in principals + helpers:
        if not free:
            break
        car, position = free[0]
        take(car, position, rider)
    seated = {id(rider) for _car, _position, rider in placed}
    left = [rider for rider in ordered if id(rider) not in seated]
    return placed, left


def car_plan(delegation):
    """[TransferPlan] for every transfer of the trip (five queries and one per prefetch)."""
    members = _members(delegation)
    plans = []
    for transfer in _transfers(delegation):
        plans.append(_transfer_plan(transfer, members))
    return plans


def _transfer_plan(transfer, members):
    ordered = riders(transfer, members)
    by_key = {rider.key: rider for rider in ordered}
    cars = []
    for car in transfer.cars.all():
        rows = []
        for seat in car.places.all():
            if seat.person_id:
                rider = by_key.get(f"person:{seat.person_id}") or Rider(
                    key=f"person:{seat.person_id}",
                    person=seat.person,
                    member=members.get(seat.person_id),
                )
            else:
                rider = Rider(key=f"seat:{seat.pk}", person=None, name=seat.name)
            rows.append(SeatRow(seat=seat, label=seat_label(seat.position, car.kind), rider=rider))
        cars.append(CarRow(car=car, seats=rows))
    plan = TransferPlan(transfer=transfer, cars=cars, riders=ordered)
    plan.unplaced, plan.warnings = _check(plan)
    return plan


def _check(plan):
    seats_of, who = {}, {}
    for car in plan.cars:
        for row in car.seats:
            seats_of.setdefault(row.rider.key, []).append(car.car)
            who[row.rider.key] = row.rider
    unplaced = [rider for rider in plan.riders if rider.key not in seats_of]
    found = []
    if not plan.cars:
        found.append(_("No cars yet: add them to the transfer."))
    for rider in unplaced:
        found.append(_("%(name)s has no seat.") % {"name": rider.latin_name})
    for car in plan.cars:
        if len(car.seats) > car.car.seats:
            found.append(
                _("%(car)s carries %(people)d people but has %(seats)d passenger seats.")
                % {"car": car.car, "people": len(car.seats), "seats": car.car.seats}
            )
        else:
            for row in car.seats:
                if row.seat.position > car.car.seats:
                    found.append(
                        _("%(name)s is on seat %(position)d of %(car)s, which has %(seats)d.")
                        % {
                            "name": row.rider.latin_name,
                            "position": row.seat.position,
                            "car": car.car,
                            "seats": car.car.seats,
                        }
                    )
    for key, cars in seats_of.items():
        if len(cars) > 1:
            found.append(
                _("%(name)s is in more than one car: %(cars)s.")
                % {"name": who[key].latin_name, "cars": ", ".join(str(car) for car in cars)}
            )
    return unplaced, found


def transfer_plan(transfer):
    """The TransferPlan of one transfer (fresh from the database)."""
    members = _members(transfer.delegation)
    return _transfer_plan(_transfers(transfer.delegation).get(pk=transfer.pk), members)


def fill(transfer):
    """Seat everyone of `transfer` afresh in protocol order (the seats it had are replaced);
    the plan as filled, whose warnings name anyone left without a seat."""
    with transaction.atomic():
        Transfer.objects.select_for_update().filter(pk=transfer.pk).first()
        current = transfer_plan(transfer)
        cars = [row.car for row in current.cars]
        named = [row.rider for car in current.cars for row in car.seats if row.rider.person is None]
        CarSeat.objects.filter(car__transfer=transfer).delete()
        placed, _left = seating(cars, [*current.riders, *named])
        for car, position, rider in placed:
            CarSeat.objects.create(car=car, position=position, person=rider.person, name=rider.name)
    return transfer_plan(transfer)


def _seat_of(transfer, who):
    kind, _sep, pk = who.partition(":")
    if not pk.isdigit():
        return None, None
    seats = CarSeat.objects.filter(car__transfer=transfer).select_related("car", "person")
    if kind == "seat":
        return seats.filter(pk=int(pk)).first(), None
    if kind == "person":
        person = Person.objects.filter(pk=int(pk)).first()
        return seats.filter(person_id=int(pk)).order_by("pk").first(), person
    return None, None


def move(transfer, who, car, position):
    """Put `who` ("person:<pk>" or "seat:<pk>") on seat `position` of `car`. Whoever sat
    there takes the mover's old seat; someone without a seat cannot take a taken one."""
    if car.transfer_id != transfer.pk:
        raise CarPlanError(_("Choose a car of this transfer."))
    if not 1 <= position <= car.seats:
        raise CarPlanError(
            _("%(car)s has seats 1 to %(seats)d.") % {"car": car, "seats": car.seats}
        )
    with transaction.atomic():
        Transfer.objects.select_for_update().filter(pk=transfer.pk).first()
        current, person = _seat_of(transfer, who)
        if current is None and person is None:
            raise CarPlanError(_("Nobody to move: the plan changed meanwhile. Look again."))
        occupant = CarSeat.objects.filter(car=car, position=position).first()
        if current is not None and occupant is not None and occupant.pk == current.pk:
            return current
        try:
            if current is None:
                if occupant is not None:
                    raise CarPlanError(
                        _("%(name)s has that seat: move them first, or choose a free seat.")
                        % {"name": occupant.shown_name}
                    )
                return CarSeat.objects.create(car=car, position=position, person=person)
            if occupant is not None:
                old_car, old_position = current.car, current.position
                current.delete()
                occupant.car, occupant.position = old_car, old_position
                occupant.save()
                current.pk = None
            current.car, current.position = car, position
            current.save()
        except IntegrityError as error:
            raise CarPlanError(
                _("%(name)s is in that car already.") % {"name": current.shown_name}
            ) from error
        return current


def take_out(transfer, who):
    """Take `who` out of their car (a name only is forgotten)."""
    current, _person = _seat_of(transfer, who)
    if current is None:
        raise CarPlanError(_("Nobody to move: the plan changed meanwhile. Look again."))
    current.delete()


def add_name(transfer, name, car, position):
    """Seat someone not on record (a driver's helper, a host's escort) by name."""
    if car.transfer_id != transfer.pk:
        raise CarPlanError(_("Choose a car of this transfer."))
    if not 1 <= position <= car.seats:
        raise CarPlanError(
            _("%(car)s has seats 1 to %(seats)d.") % {"car": car, "seats": car.seats}
        )
    with transaction.atomic():
        if CarSeat.objects.filter(car=car, position=position).exists():
            raise CarPlanError(_("That seat is taken: choose a free seat."))
        return CarSeat.objects.create(car=car, position=position, name=name)


# --- on the itinerary -----------------------------------------------------------------------


def car_items(people, start=None, end=None):
    """Itinerary source: the car and seat each of `people` has on a transfer, as a moment at
    the time it leaves (one query whatever the numbers)."""
    from .itinerary import Item, window

    ids = {p.pk for p in people}
    seats = window(
        CarSeat.objects.filter(person_id__in=ids),
        "car__transfer__starts_at",
        "car__transfer__starts_at",
        start,
        end,
    ).select_related("car__transfer")
    found = {}
    for seat in seats:
        car, transfer = seat.car, seat.car.transfer
        driver = " · ".join(filter(None, [car.driver_name, car.driver_phone, car.plate]))
        found.setdefault(seat.person_id, []).append(
            Item(
                kind="car",
                uid=f"transfer-{transfer.pk}",
                title=_("By car: %(origin)s → %(destination)s")
                % {"origin": transfer.origin, "destination": transfer.destination},
                starts_at=transfer.starts_at,
                ends_at=transfer.starts_at,
                start_zone=transfer.time_zone,
                end_zone=transfer.time_zone,
                place=transfer.origin,
                role=_("%(car)s, %(seat)s")
                % {"car": car, "seat": seat_text(seat.position, car.kind)},
                detail=_("Driver: %(driver)s") % {"driver": driver} if driver else "",
                delegation_id=transfer.delegation_id,
            )
        )
    return found
