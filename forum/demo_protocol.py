"""Demo data for protocol (run by forum/demo.py after the relationship side): the Beijing
trip's welcome banquet with its host side (fictional Chinese officials, names in both
scripts) and the table seated by precedence (delegations/seating.py). Idempotent."""

import datetime as dt

from delegations import seating
from delegations.models import HostAttendee, Seat, Table, TablePlan


def t(en, da, zh, name):
    return {f"{name}_en": en, f"{name}_da": da, f"{name}_zh_hans": zh}


# (precedence, person key or None, family, given, native, title en/da/zh, organisation)
HOSTS = [
    (1, None, "Zhao", "Guoqiang", "赵国强",
     ("Vice-mayor of Beijing", "Viceborgmester i Beijing", "北京市副市长"), None),
    (2, "chen.jing", "", "", "", ("", "", ""), "cpaffc"),
    (3, None, "Sun", "Lihua", "孙丽华",
     ("Director-general, Beijing Foreign Affairs Office",
      "Generaldirektør, Beijings udenrigskontor", "北京市人民政府外事办公室主任"), None),
    (4, "zhang.wei", "", "", "", ("", "", ""), "pumch"),
    (5, None, "He", "Ping", "何平",
     ("Deputy director, Beijing Municipal Health Commission",
      "Vicedirektør, Beijings kommunale sundhedskommission", "北京市卫生健康委员会副主任"), None),
]  # fmt: skip


def load(loader):
    beijing = loader.delegation_by_slug["region-midtjylland-beijing-2016"]
    plan = loader.ensure(
        TablePlan,
        {"delegation": beijing, "held_on": dt.date(2016, 12, 4)},
        {
            **t("Welcome banquet", "Velkomstbanket", "欢迎宴会", "name"),
            **t("Diaoyutai State Guesthouse, Peony Hall", "Diaoyutai statsgæstehus, Pæonsalen",
                "钓鱼台国宾馆牡丹厅", "venue"),
            "venue_native": "钓鱼台国宾馆牡丹厅",
            "host_organisation": loader.orgs["cpaffc"],
            "seats_per_table": 10,
        },
    )  # fmt: skip
    for precedence, key, family, given, native, (en, da, zh), org in HOSTS:
        person = loader.people_by_key[key] if key else None
        lookup = {"plan": plan, **({"person": person} if person else {"native_name": native})}
        loader.ensure(
            HostAttendee,
            lookup,
            {
                "precedence": precedence,
                "family_name": family,
                "given_name": given,
                **({} if not person else {"native_name": native}),
                **t(en, da, zh, "title"),
                "organisation": loader.orgs[org] if org else None,
            },
        )
    loader.ensure(Table, {"plan": plan, "number": 1}, {"name": "Peony", "seats": 10})
    if not Seat.objects.filter(plan=plan).exists():
        seating.generate(plan)
        loader.report.created += 1
    return plan
