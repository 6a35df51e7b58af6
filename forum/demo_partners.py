"""Demo data for the relationship side (run by forum/demo.py after the partnerships): the
Region Midtjylland – Shanghai partnership's history (the signing of the renewal, its people,
gifts, a promise and its follow-up), meetings and outcomes of the Beijing visits, the Beijing
trip's approval and budget. Idempotent like the rest of the demo."""

import datetime as dt
from decimal import Decimal

from delegations.models import Approval, Cost, FollowUp, Gift, Meeting, Outcome


def t(en, da, zh, name):
    return {f"{name}_en": en, f"{name}_da": da, f"{name}_zh_hans": zh}


def load(loader):
    o, pp, d = loader.orgs, loader.people_by_key, loader.delegation_by_slug
    pos = lambda en, da, zh: t(en, da, zh, "position")  # noqa: E731
    title = pos(
        "Director-general, Foreign Affairs Office", "Generaldirektør, udenrigskontor", "外事办主任"
    )
    xu = loader.person(
        "xu.hong", "Hong", "Xu", "official", "shanghai-municipality", title,
        native="徐虹", order="family_first",
    )  # fmt: skip
    shanghai = loader.partnerships["midtjylland-shanghai"]
    loader.ensure_m2m(shanghai.signatories, [pp["anders.kuhnau"], xu])
    beijing = d["region-midtjylland-beijing-2016"]
    loader.ensure(
        Approval,
        {"delegation": beijing},
        {
            **t("Regional Council", "Regionsrådet", "大区议会", "deciding_body"),
            "decided_on": dt.date(2016, 10, 26),
            "case_number": "1-30-72-45-16",
            **t(
                "Take part in the China Denmark Cities and Regions Forum and visit Beijing "
                "hospitals on health innovation and psychiatry.",
                "Deltage i Kina-Danmark Byer og Regioner Forum og besøge hospitaler i Beijing "
                "om sundhedsinnovation og psykiatri.",
                "出席中国丹麦城市与地区论坛，并就健康创新和精神卫生参观北京医院。",
                "approved_purpose",
            ),
        },
    )
    costs = []
    for key in ("anders.kuhnau", "christian.boel", "bettina.sorensen"):
        costs += [
            (key, "flights", "planned", "DKK", "6500.00", "1", "CPH–PEK–CPH"),
            (key, "flights", "actual", "DKK", "6212.50", "1", "SK 995 / SK 996"),
            (key, "hotel", "planned", "CNY", "3600.00", "0.985000", "Kempinski, 3 nights"),
            (key, "hotel", "actual", "CNY", "3450.00", "0.978400", "Kempinski, 3 nights"),
            (key, "per_diem", "planned", "DKK", "1650.00", "1", ""),
            (key, "per_diem", "actual", "DKK", "1650.00", "1", ""),
        ]
    costs += [
        (None, "gifts", "planned", "DKK", "2400.00", "1", "Holmegaard glass"),
        (None, "gifts", "actual", "DKK", "2285.00", "1", "Holmegaard glass"),
        (None, "interpretation", "actual", "CNY", "4000.00", "0.978400", "Two visits"),
    ]
    for key, category, stage, currency, amount, rate, description in costs:
        loader.ensure(
            Cost,
            {
                "delegation": beijing,
                "traveller": pp.get(key),
                "category": category,
                "stage": stage,
                "description": description,
            },
            {"currency": currency, "amount": Decimal(amount), "rate": Decimal(rate)},
        )
    signing = loader.ensure(
        Meeting,
        {"organisation": o["shanghai-municipality"], "held_on": dt.date(2022, 5, 1)},
        {
            **t(
                "Signing of the renewed cooperation agreement",
                "Underskrift af den fornyede samarbejdsaftale",
                "续签合作协议签字仪式",
                "title",
            ),
            **t(
                "Signed by video link. Shanghai asked for an exchange on elderly care and for a "
                "delegation to Shanghai before the agreement expires.",
                "Underskrevet over video. Shanghai bad om en udveksling om ældrepleje og om en "
                "delegation til Shanghai, før aftalen udløber.",
                "通过视频签署。上海方面希望就养老服务开展交流，并希望在协议到期前派代表团访沪。",
                "notes",
            ),
        },
    )
    loader.ensure_m2m(signing.people_met, [xu])
    renewal = loader.ensure(
        Outcome,
        {"meeting": signing, "text_en": "Agreement renewed until 30 April 2027."},
        {
            "text_da": "Aftalen fornyet til 30. april 2027.",
            "text_zh_hans": "协议续签至2027年4月30日。",
            "partnership": shanghai,
        },
    )
    promise = loader.ensure(
        Outcome,
        {"meeting": signing, "text_en": "We send material on elderly care to Shanghai."},
        {
            "text_da": "Vi sender materiale om ældrepleje til Shanghai.",
            "text_zh_hans": "我方向上海提供养老服务资料。",
            "partnership": shanghai,
            "promised": True,
        },
    )
    if promise.follow_up_id is None:
        follow_up = FollowUp.objects.create(
            **t(
                "Send material on elderly care to Shanghai",
                "Send materiale om ældrepleje til Shanghai",
                "向上海提供养老服务资料",
                "action",
            ),
            owner=pp["signe.madsen"],
            due_on=dt.date(2022, 9, 1),
            status=FollowUp.Status.DONE,
            completed_on=dt.date(2022, 8, 15),
            partnership=shanghai,
            organisation=o["shanghai-municipality"],
        )
        promise.follow_up = follow_up
        promise.save(update_fields=["follow_up", "updated_at"])
    del renewal
    pumch = loader.visits["pumch"]
    meeting = loader.ensure(
        Meeting,
        {"visit": pumch, "held_on": dt.date(2016, 12, 4)},
        {
            **t(
                "Meeting with the international office",
                "Møde med det internationale kontor",
                "与国际合作处会谈",
                "title",
            ),
            **t(
                "PUMCH is interested in how Danish hospitals coordinate with general practice.",
                "PUMCH er interesseret i, hvordan danske hospitaler koordinerer med almen praksis.",
                "协和医院希望了解丹麦医院如何与全科医疗协调。",
                "notes",
            ),
            "organisation": pumch.host,
        },
    )
    loader.ensure_m2m(meeting.people_met, [pp["zhang.wei"]])
    loader.ensure(
        Outcome,
        {"meeting": meeting, "text_en": "A nurse exchange in 2017 is to be explored."},
        {
            "text_da": "En sygeplejerskeudveksling i 2017 skal undersøges.",
            "text_zh_hans": "探讨2017年开展护士交流。",
            "partnership": loader.partnerships["mtic-public-private"],
        },
    )
    declared = {"declared": True, "declared_to": "Region Midtjylland gift register"}
    gifts = [
        ("shanghai-municipality", None, "given", dt.date(2022, 5, 1), "xu.hong",
         t("Holmegaard glass bowl", "Holmegaard-glasskål", "霍尔姆高玻璃碗", "description"),
         {"our_person": pp["anders.kuhnau"], "value": Decimal("1150.00"), "currency": "DKK"}),
        ("shanghai-municipality", None, "received", dt.date(2022, 5, 1), "xu.hong",
         t("Silk painting of the Bund", "Silkemaleri af Bund", "外滩丝绸画", "description"),
         {"our_person": pp["anders.kuhnau"], "value": Decimal("2800.00"), "currency": "CNY",
          "rate": Decimal("0.960000"), **declared, "declared_on": dt.date(2022, 6, 10)}),
        ("pumch", beijing, "given", dt.date(2016, 12, 4), "zhang.wei",
         t("Book on Aarhus University Hospital", "Bog om Aarhus Universitetshospital",
           "奥胡斯大学医院画册", "description"),
         {"our_person": pp["christian.boel"], "value": Decimal("450.00"), "currency": "DKK"}),
        ("pumch", beijing, "received", dt.date(2016, 12, 4), "zhang.wei",
         t("Cloisonné vase", "Cloisonné-vase", "景泰蓝花瓶", "description"),
         {"our_person": pp["christian.boel"], "value": Decimal("1200.00"), "currency": "CNY",
          "rate": Decimal("0.978400"), **declared, "declared_on": dt.date(2017, 1, 16)}),
    ]  # fmt: skip
    occasions = {
        dt.date(2022, 5, 1): t("Ceremony for the renewed agreement",
                               "Ceremoni for den fornyede aftale", "合作协议续签仪式", "occasion"),
        dt.date(2016, 12, 4): t("Visit to PUMCH", "Besøg på PUMCH", "参观协和医院", "occasion"),
    }  # fmt: skip
    for org, delegation, direction, on, person, description, extra in gifts:
        loader.ensure(
            Gift,
            {"organisation": o[org], "exchanged_on": on, "direction": direction},
            {**description, **occasions[on], **extra, "delegation": delegation,
             "person": pp[person]},
        )  # fmt: skip
