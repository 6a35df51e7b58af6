"""The demo's car plan: the Beijing trip's transfers from the airport to the hotel and from
the hotel to the forum's venue, with their cars filled in protocol order. Called from
forum/demo.py after the trip, the forum and its programme; safe to run twice."""

import datetime as dt
import zoneinfo

from delegations import cars
from delegations.models import Car, CarSeat, Transfer, TravelLeg

BEIJING = "Asia/Shanghai"


def _at(day, hour, minute):
    return dt.datetime(*day, hour, minute, tzinfo=zoneinfo.ZoneInfo(BEIJING))


def t(en, da, zh, name):
    return {f"{name}_en": en, f"{name}_da": da, f"{name}_zh_hans": zh}


def load(loader):
    trip = loader.delegation_by_slug["region-midtjylland-beijing-2016"]
    pp = loader.people_by_key
    airport = t(
        "Beijing Capital International Airport (PEK)",
        "Beijing Capital International Airport (PEK)",
        "北京首都国际机场 (PEK)",
        "origin",
    )
    hotel = ("Kempinski Hotel Beijing Lufthansa Center", "北京燕莎中心凯宾斯基饭店")
    venue = (loader.forum.venue_en or "Diaoyutai State Guesthouse", "钓鱼台国宾馆")
    flight = TravelLeg.objects.filter(delegation=trip, reference="SK 995").first()
    transfers = [
        (
            {**airport, **t(hotel[0], hotel[0], hotel[1], "destination")},
            _at((2016, 12, 4), 10, 15),
            flight,
            [
                (1, "VIP", Car.Kind.CAR, 3, "Wang Jun", "+86 139 0000 0101", "京A·D0101"),
                (2, "", Car.Kind.VAN, 6, "Li Qiang", "+86 139 0000 0102", "京A·D0102"),
            ],
        ),
        (
            {
                **t(hotel[0], hotel[0], hotel[1], "origin"),
                **t(venue[0], venue[0], venue[1], "destination"),
            },
            _at((2016, 12, 5), 8, 15),
            None,
            [
                (1, "VIP", Car.Kind.CAR, 3, "Wang Jun", "+86 139 0000 0101", "京A·D0101"),
                (2, "", Car.Kind.CAR, 3, "Zhao Lei", "+86 139 0000 0103", "京A·D0103"),
            ],
        ),
    ]
    for places, starts, leg, fleet in transfers:
        transfer = loader.ensure(
            Transfer,
            {"delegation": trip, "starts_at": starts},
            {
                **places,
                "time_zone": BEIJING,
                "travel_leg": leg,
                "interpreter": pp["wang.li"],
            },
        )
        for number, label, kind, seats, driver, phone, plate in fleet:
            loader.ensure(
                Car,
                {"transfer": transfer, "number": number},
                {
                    "label": label,
                    "kind": kind,
                    "seats": seats,
                    "driver_name": driver,
                    "driver_phone": phone,
                    "plate": plate,
                },
            )
        if not CarSeat.objects.filter(car__transfer=transfer).exists():
            cars.fill(transfer)
            loader.report.created += 1
