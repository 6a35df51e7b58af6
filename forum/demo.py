"""The reference case as demo data (README.md: the Beijing reference case).

Region Midtjylland's delegation to the first China Denmark Cities and Regions Forum in Beijing,
4–7 December 2016. Names and roles come from the reference case; every e-mail address and phone
number is made up (example.org, numbers that reach nobody). Chinese participants are generated
from common family and given names, deterministically, so that every run writes the same rows.

`load_demo()` is idempotent: a second run finds everything in place and writes nothing.
"""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db import transaction

import pagecache
from accounts import ROLES_KEY
from accounts.roles import DELEGATES, EMBASSY_STAFF, REGIONAL_STAFF, ensure_roles
from delegations import handoff
from delegations.models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Invitation,
    Organisation,
    Partnership,
    Person,
    Stay,
    TravelDocument,
    TravelLeg,
    TripContact,
    Visa,
    Visit,
)

from . import demo_cars, demo_partners, demo_protocol, demo_report, search
from .models import Forum, Registration, Session, SessionRole, Track
from .page_keys import FORUMS

BEIJING = "Asia/Shanghai"
COPENHAGEN = "Europe/Copenhagen"
DEFAULT_PASSWORD = "demo-password"
FORUM_SLUG = "china-denmark-cities-regions-forum-2016"
CHINESE_PARTICIPANTS = 320
# Made-up numbers that reach nobody, for the places a delegate may need to call.
ORGANISATION_PHONES = {
    "danish-embassy-beijing": "+86 10 0000 0200",
    "kempinski-beijing": "+86 10 0000 0300",
    "pumch": "+86 10 0000 0400",
}


def t(en, da=None, zh=None, name="name"):
    """Values for a translated field in the three languages."""
    return {f"{name}_en": en, f"{name}_da": da or en, f"{name}_zh_hans": zh or ""}


def at(day, hhmm, zone):
    """An aware datetime for a local wall-clock time in `zone`."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


@dataclass
class Report:
    """What a run created and changed, for the progress lines and the tests."""

    created: int = 0
    updated: int = 0
    lines: list = field(default_factory=list)


class DemoLoader:
    def __init__(self, password=None, reset_passwords=False, progress=print):
        self.password = password or DEFAULT_PASSWORD
        self.reset_passwords = reset_passwords
        self.progress = progress
        self.report = Report()

    # --- writing helpers -------------------------------------------------------------------
    def ensure(self, model, lookup, values):
        """Create the row, or bring it up to date; save only when something differs."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.report.created += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.report.updated += 1
        return obj

    def ensure_m2m(self, manager, objects):
        current = set(manager.all())
        if current != set(objects):
            manager.set(objects)
            self.report.updated += 1

    # --- the data --------------------------------------------------------------------------
    def run(self):
        with transaction.atomic():
            self.progress("Organisations…")
            self.organisations()
            self.progress("People and logins…")
            self.people()
            self.progress("Invitations and delegations…")
            self.delegations()
            self.progress("Travel, hotel and hospital visits…")
            self.trip()
            self.progress("Trip contacts…")
            self.trip_contacts()
            self.progress("Forum programme…")
            self.programme()
            self.progress("Registrations…")
            self.registrations()
            self.progress("Partnerships and follow-ups…")
            self.partnerships_and_follow_ups()
            self.progress("Meetings, approval, budget and gifts…")
            demo_partners.load(self)
            demo_protocol.load(self)  # the Beijing banquet's table plan
            demo_cars.load(self)  # the Beijing trip's transfers and cars
            self.progress("Demo logins…")
            self.logins()
            self.progress("Earlier Shanghai visit, session meeting, trip report…")
            demo_report.load(self)
            # bulk_create above skips the signals that raise the kept pages' generations.
            pagecache.changed(
                [
                    FORUMS,
                    ROLES_KEY,
                    *pagecache.every_key(Forum),
                    *pagecache.every_key(Session),
                    *pagecache.every_key(Person),
                    *pagecache.every_key(User),
                ]
            )
        return self.report

    def organisations(self):
        rows = [
            ("region-midtjylland", "region", "DK", t("Region Midtjylland", "Region Midtjylland", "中日德兰大区"),
             t("Viborg", "Viborg", "维堡", "city"), t("Skottenborg 26, 8800 Viborg", name="address"), ""),
            ("via-university-college", "university", "DK", t("VIA University College", "VIA University College", "VIA大学学院"),
             t("Aarhus", "Aarhus", "奥胡斯", "city"), t("Hedeager 2, 8200 Aarhus N", name="address"), ""),
            ("mtic", "association", "DK", t("Medtech Innovation Consortium (MTIC)", "Medtech Innovation Consortium (MTIC)", "医疗技术创新联盟 (MTIC)"),
             t("Aarhus", "Aarhus", "奥胡斯", "city"), t("Olof Palmes Allé 15, 8200 Aarhus N", name="address"), ""),
            ("aarhus-kommune", "municipality", "DK", t("Aarhus Municipality", "Aarhus Kommune", "奥胡斯市"),
             t("Aarhus", "Aarhus", "奥胡斯", "city"), t("Rådhuspladsen 2, 8000 Aarhus C", name="address"), ""),
            ("odense-kommune", "municipality", "DK", t("Odense Municipality", "Odense Kommune", "欧登塞市"),
             t("Odense", "Odense", "欧登塞", "city"), t("Flakhaven 2, 5000 Odense C", name="address"), ""),
            ("region-syddanmark", "region", "DK", t("Region of Southern Denmark", "Region Syddanmark", "南丹麦大区"),
             t("Vejle", "Vejle", "瓦埃勒", "city"), t("Damhaven 12, 7100 Vejle", name="address"), ""),
            ("danish-embassy-beijing", "embassy", "CN",
             t("Royal Danish Embassy in Beijing", "Den Kongelige Danske Ambassade i Beijing", "丹麦王国驻华大使馆"),
             t("Beijing", "Beijing", "北京", "city"),
             t("1 Dongwu Street, Sanlitun, Chaoyang District, Beijing", "Dongwu Street 1, Sanlitun, Chaoyang, Beijing", "北京市朝阳区三里屯东五街1号", "address"),
             "北京市朝阳区三里屯东五街1号"),
            ("cpaffc", "foreign_authority", "CN",
             t("Chinese People's Association for Friendship with Foreign Countries", "Det Kinesiske Folks Venskabsforening med Udlandet", "中国人民对外友好协会"),
             t("Beijing", "Beijing", "北京", "city"),
             t("1 Taijichang Street, Dongcheng District, Beijing", name="address"), "北京市东城区台基厂大街1号"),
            ("shanghai-municipality", "foreign_authority", "CN",
             t("Shanghai Municipal People's Government", "Shanghais byregering", "上海市人民政府"),
             t("Shanghai", "Shanghai", "上海", "city"),
             t("200 People's Avenue, Huangpu District, Shanghai", name="address"), "上海市黄浦区人民大道200号"),
            ("pumch", "hospital", "CN",
             t("Peking Union Medical College Hospital", "Peking Union Medical College Hospital", "北京协和医院"),
             t("Beijing", "Beijing", "北京", "city"),
             t("1 Shuaifuyuan, Dongcheng District, Beijing", name="address"), "北京市东城区帅府园1号"),
            ("beijing-anding-hospital", "hospital", "CN",
             t("Beijing Anding Hospital (psychiatry)", "Beijing Anding Hospital (psykiatri)", "首都医科大学附属北京安定医院"),
             t("Beijing", "Beijing", "北京", "city"),
             t("5 Ankang Hutong, Xicheng District, Beijing", name="address"), "北京市西城区安康胡同5号"),
            ("beijing-chaoyang-hospital", "hospital", "CN",
             t("Beijing Chao-Yang Hospital", "Beijing Chao-Yang Hospital", "首都医科大学附属北京朝阳医院"),
             t("Beijing", "Beijing", "北京", "city"),
             t("8 Gongti South Road, Chaoyang District, Beijing", name="address"), "北京市朝阳区工人体育场南路8号"),
            ("kempinski-beijing", "hotel", "CN",
             t("Kempinski Hotel Beijing Lufthansa Center", "Kempinski Hotel Beijing Lufthansa Center", "北京燕莎中心凯宾斯基饭店"),
             t("Beijing", "Beijing", "北京", "city"),
             t("50 Liangmaqiao Road, Chaoyang District, Beijing", name="address"), "北京市朝阳区亮马桥路50号"),
        ]
        rows += [
            (slug, "foreign_authority", "CN", t(en, en, zh), t(city_en, city_en, city_zh, "city"),
             t(f"{city_en}, China", name="address"), "")
            for slug, en, zh, city_en, city_zh in CHINESE_ORGANISATIONS
        ]
        self.orgs = {}
        for slug, kind, country, name, city, address, address_native in rows:
            self.orgs[slug] = self.ensure(
                Organisation,
                {"slug": slug},
                {
                    "kind": kind,
                    "country": country,
                    **name,
                    "name_native": name["name_zh_hans"] if country == "CN" else "",
                    **city,
                    **address,
                    "address_native": address_native,
                    "phone": ORGANISATION_PHONES.get(slug, ""),
                },
            )

    def person(self, key, given, family, kind, org, position, native="", order="given_first", **extra):
        person = self.ensure(
            Person,
            {"email": f"{key}@example.org"},
            {
                "given_name": given,
                "family_name": family,
                "name_order": order,
                "native_name": native,
                "kind": kind,
                "organisation": self.orgs[org],
                **position,
                **extra,
            },
        )
        self.people_by_key[key] = person
        return person

    def people(self):
        self.people_by_key = {}
        p = self.person
        pos = lambda en, da, zh: t(en, da, zh, "position")  # noqa: E731
        p("anders.kuhnau", "Anders", "Kühnau", "politician", "region-midtjylland",
          pos("1st vice-chair of the regional council", "1. næstformand for regionsrådet", "大区议会第一副主席"),
          phone="+45 20 00 00 01", languages="da, en, de")
        p("christian.boel", "Christian", "Boel", "official", "region-midtjylland",
          pos("Group director", "Koncerndirektør", "集团总监"), phone="+45 20 00 00 02", languages="da, en")
        p("bettina.sorensen", "Bettina Balslev", "Sørensen", "expert", "mtic",
          pos("Project manager", "Projektleder", "项目经理"), phone="+45 20 00 00 03", languages="da, en",
          dietary_needs="Vegetarian")
        p("signe.madsen", "Signe", "Madsen", "staff", "region-midtjylland",
          pos("Development consultant", "Udviklingskonsulent", "发展顾问"), phone="+45 20 00 00 04", languages="da, en")
        p("karen.holm", "Karen", "Holm", "expert", "via-university-college",
          pos("Head of health promotion research", "Forskningsleder, sundhedsfremme", "健康促进研究负责人"),
          phone="+45 20 00 00 05")
        p("ming.ou.lu", "Ming'ou", "Lü", "staff", "danish-embassy-beijing",
          pos("Head of press and communication", "Presse- og kommunikationschef", "新闻与传播主管"),
          native="吕明欧", order="family_first", phone="+86 10 0000 0001", languages="zh, en, da")
        p("wang.li", "Li", "Wang", "staff", "danish-embassy-beijing",
          pos("Interpreter", "Tolk", "口译员"), native="王丽", order="family_first", phone="+86 10 0000 0002")
        p("chen.jing", "Jing", "Chen", "official", "cpaffc",
          pos("Vice-president", "Vicepræsident", "副会长"), native="陈静", order="family_first")
        p("zhang.wei", "Wei", "Zhang", "official", "pumch",
          pos("Director, international office", "Direktør, internationalt kontor", "国际合作处处长"),
          native="张伟", order="family_first", phone="+86 10 0000 0003")
        p("liu.fang", "Fang", "Liu", "expert", "beijing-anding-hospital",
          pos("Chief psychiatrist", "Overlæge, psykiatri", "精神科主任医师"), native="刘芳", order="family_first")
        p("zhou.min", "Min", "Zhou", "expert", "beijing-chaoyang-hospital",
          pos("Head of innovation", "Innovationschef", "创新部主任"), native="周敏", order="family_first")
        # Other Danish delegations (fictional people).
        p("mette.lund", "Mette", "Lund", "politician", "aarhus-kommune",
          pos("Deputy mayor", "Rådmand", "副市长"), phone="+45 20 00 00 11")
        p("jonas.kjaer", "Jonas", "Kjær", "official", "aarhus-kommune",
          pos("International coordinator", "International koordinator", "国际协调员"), phone="+45 20 00 00 12")
        p("lars.friis", "Lars", "Friis", "politician", "odense-kommune",
          pos("Mayor", "Borgmester", "市长"), phone="+45 20 00 00 13")
        p("anne.winther", "Anne", "Winther", "official", "odense-kommune",
          pos("Head of business development", "Erhvervschef", "商业发展主管"), phone="+45 20 00 00 14")
        p("peter.dam", "Peter", "Dam", "politician", "region-syddanmark",
          pos("Chair of the regional council", "Regionsrådsformand", "大区议会主席"), phone="+45 20 00 00 15")
        p("sofie.bach", "Sofie", "Bach", "official", "region-syddanmark",
          pos("Senior adviser", "Chefkonsulent", "高级顾问"), phone="+45 20 00 00 16")

    def delegations(self):
        self.forum_invitation = self.ensure(
            Invitation,
            {"host": self.orgs["danish-embassy-beijing"], **t("China Denmark Cities and Regions Forum 2016",
             "Kina-Danmark Byer og Regioner Forum 2016", "中国丹麦城市与地区论坛 2016", "occasion")},
            {
                "invitee_organisation": self.orgs["region-midtjylland"],
                **t("Beijing", "Beijing", "北京", "city"),
                "country": "CN",
                "starts_on": dt.date(2016, 12, 5),
                "ends_on": dt.date(2016, 12, 6),
                "received_on": dt.date(2016, 8, 29),
                "reply_due": dt.date(2016, 9, 30),
                "answer": Invitation.Answer.ACCEPTED,
                "answered_on": dt.date(2016, 9, 14),
            },
        )
        self.shanghai_invitation = self.ensure(
            Invitation,
            {"host": self.orgs["shanghai-municipality"], **t("Shanghai–Midtjylland cooperation: renewal talks",
             "Shanghai–Midtjylland-samarbejdet: forhandling om fornyelse", "上海与中日德兰大区合作续签会谈", "occasion")},
            {
                "invitee_organisation": self.orgs["region-midtjylland"],
                **t("Shanghai", "Shanghai", "上海", "city"),
                "country": "CN",
                "starts_on": dt.date(2027, 4, 12),
                "ends_on": dt.date(2027, 4, 16),
                "received_on": dt.date(2026, 10, 15),
                "reply_due": dt.date(2026, 12, 15),
                "answer": Invitation.Answer.PENDING,
            },
        )
        specs = [
            ("region-midtjylland-beijing-2016", "region-midtjylland", "anders.kuhnau",
             t("Region Midtjylland delegation to Beijing 2016", "Region Midtjyllands delegation til Beijing 2016", "中日德兰大区2016年访京代表团"),
             dt.date(2016, 12, 4), dt.date(2016, 12, 7), Delegation.Status.FOLLOW_UP, self.forum_invitation,
             t("Open the China Denmark Cities and Regions Forum, lead the health promotion and health innovation track "
               "with VIA University College, visit Beijing hospitals, share experience on organising psychiatry and "
               "present MTIC's public–private partnerships.",
               "Åbne Kina-Danmark Byer og Regioner Forum, lede sporet om sundhedsfremme og sundhedsinnovation sammen "
               "med VIA University College, besøge hospitaler i Beijing, dele erfaringer med organisering af psykiatrien "
               "og præsentere MTIC's offentlig-private partnerskaber.",
               "出席中国丹麦城市与地区论坛开幕式，与VIA大学学院共同主持健康促进与健康创新分论坛，参观北京医院，"
               "分享精神卫生服务组织经验，并介绍MTIC的公私合作项目。", "purpose"),
             [("anders.kuhnau", "leader", 1, "confirmed"), ("christian.boel", "member", 2, "confirmed"),
              ("bettina.sorensen", "adviser", 3, "confirmed")]),
            ("aarhus-kommune-beijing-2016", "aarhus-kommune", "mette.lund",
             t("Aarhus Municipality at the Beijing forum 2016", "Aarhus Kommune på Beijing-forummet 2016", "奥胡斯市出席2016北京论坛"),
             dt.date(2016, 12, 4), dt.date(2016, 12, 7), Delegation.Status.CLOSED, None,
             t("Green growth and sustainable cities track.", "Sporet om grøn vækst og bæredygtige byer.", "绿色增长与可持续城市分论坛。", "purpose"),
             [("mette.lund", "leader", 1, "confirmed"), ("jonas.kjaer", "staff", 2, "confirmed")]),
            ("odense-kommune-beijing-2016", "odense-kommune", "lars.friis",
             t("Odense Municipality at the Beijing forum 2016", "Odense Kommune på Beijing-forummet 2016", "欧登塞市出席2016北京论坛"),
             dt.date(2016, 12, 4), dt.date(2016, 12, 6), Delegation.Status.CLOSED, None,
             t("Robotics and welfare technology.", "Robotteknologi og velfærdsteknologi.", "机器人与福利技术。", "purpose"),
             [("lars.friis", "leader", 1, "confirmed"), ("anne.winther", "member", 2, "confirmed")]),
            ("region-syddanmark-beijing-2016", "region-syddanmark", "peter.dam",
             t("Region of Southern Denmark at the Beijing forum 2016", "Region Syddanmark på Beijing-forummet 2016", "南丹麦大区出席2016北京论坛"),
             dt.date(2016, 12, 4), dt.date(2016, 12, 7), Delegation.Status.CLOSED, None,
             t("Education, culture and tourism.", "Uddannelse, kultur og turisme.", "教育、文化与旅游。", "purpose"),
             [("peter.dam", "leader", 1, "confirmed"), ("sofie.bach", "adviser", 2, "confirmed")]),
            ("region-midtjylland-shanghai-2027", "region-midtjylland", "anders.kuhnau",
             t("Region Midtjylland delegation to Shanghai 2027", "Region Midtjyllands delegation til Shanghai 2027", "中日德兰大区2027年访沪代表团"),
             dt.date(2027, 4, 12), dt.date(2027, 4, 16), Delegation.Status.PLANNING, None,
             t("Renew the cooperation agreement with Shanghai.", "Forny samarbejdsaftalen med Shanghai.", "续签与上海的合作协议。", "purpose"),
             [("anders.kuhnau", "leader", 1, "pending"), ("christian.boel", "member", 2, "confirmed"),
              ("signe.madsen", "staff", 3, "pending")]),
        ]
        self.delegation_by_slug = {}
        for slug, org, _leader, name, starts, ends, status, invitation, purpose, members in specs:
            city = t("Shanghai", "Shanghai", "上海", "destination_city") if "shanghai" in slug else t(
                "Beijing", "Beijing", "北京", "destination_city")
            delegation = self.ensure(
                Delegation,
                {"slug": slug},
                {
                    **name,
                    **city,
                    **purpose,
                    "sending_organisation": self.orgs[org],
                    "destination_country": "CN",
                    "destination_time_zone": BEIJING,
                    "home_time_zone": COPENHAGEN,
                    "starts_on": starts,
                    "ends_on": ends,
                    "status": status,
                    "invitation": invitation,
                    "is_public": status != Delegation.Status.PLANNING,
                },
            )
            self.delegation_by_slug[slug] = delegation
            for key, role, precedence, answer in members:
                self.ensure(
                    DelegationMember,
                    {"delegation": delegation, "person": self.people_by_key[key]},
                    {"role": role, "precedence": precedence, "answer": answer},
                )

    def trip(self):
        rm = self.delegation_by_slug["region-midtjylland-beijing-2016"]
        travellers = [self.people_by_key[k] for k in ("anders.kuhnau", "christian.boel", "bettina.sorensen")]
        d = dt.date
        legs = [
            ("SK 995", "flight", "outbound", t("Copenhagen Airport (CPH)", "Københavns Lufthavn (CPH)", "哥本哈根机场 (CPH)", "origin"),
             t("Beijing Capital International Airport (PEK)", "Beijing Capital International Airport (PEK)", "北京首都国际机场 (PEK)", "destination"),
             at(d(2016, 12, 3), "17:40", COPENHAGEN), COPENHAGEN, at(d(2016, 12, 4), "09:10", BEIJING), BEIJING),
            ("", "transfer", "local", t("Beijing Capital International Airport (PEK)", "Beijing Capital International Airport (PEK)", "北京首都国际机场 (PEK)", "origin"),
             t("Kempinski Hotel Beijing Lufthansa Center", "Kempinski Hotel Beijing Lufthansa Center", "北京燕莎中心凯宾斯基饭店", "destination"),
             at(d(2016, 12, 4), "10:15", BEIJING), BEIJING, at(d(2016, 12, 4), "11:15", BEIJING), BEIJING),
            ("", "transfer", "local", t("Kempinski Hotel Beijing Lufthansa Center", "Kempinski Hotel Beijing Lufthansa Center", "北京燕莎中心凯宾斯基饭店", "origin"),
             t("Beijing Capital International Airport (PEK)", "Beijing Capital International Airport (PEK)", "北京首都国际机场 (PEK)", "destination"),
             at(d(2016, 12, 7), "08:30", BEIJING), BEIJING, at(d(2016, 12, 7), "09:30", BEIJING), BEIJING),
            ("SK 996", "flight", "home", t("Beijing Capital International Airport (PEK)", "Beijing Capital International Airport (PEK)", "北京首都国际机场 (PEK)", "origin"),
             t("Copenhagen Airport (CPH)", "Københavns Lufthavn (CPH)", "哥本哈根机场 (CPH)", "destination"),
             at(d(2016, 12, 7), "11:45", BEIJING), BEIJING, at(d(2016, 12, 7), "15:30", COPENHAGEN), COPENHAGEN),
        ]
        for reference, kind, direction, origin, destination, departs, dep_tz, arrives, arr_tz in legs:
            leg = self.ensure(
                TravelLeg,
                {"delegation": rm, "departs_at": departs},
                {
                    "reference": reference,
                    "kind": kind,
                    "direction": direction,
                    **origin,
                    **destination,
                    "departure_time_zone": dep_tz,
                    "arrives_at": arrives,
                    "arrival_time_zone": arr_tz,
                },
            )
            self.ensure_m2m(leg.travellers, travellers)
        stay = self.ensure(
            Stay,
            {"delegation": rm, "hotel": self.orgs["kempinski-beijing"]},
            {
                "check_in": at(d(2016, 12, 4), "12:00", BEIJING),
                "check_out": at(d(2016, 12, 7), "08:15", BEIJING),
                "time_zone": BEIJING,
                "booking_reference": "DEMO-4711",
            },
        )
        self.ensure_m2m(stay.guests, travellers)
        self.travel_documents(rm)
        if not rm.handoff_packs.exists():  # the pack the embassy received before the trip
            handoff.make(rm, self.orgs["danish-embassy-beijing"], "en", handoff.DEFAULT_SECTIONS,
                         sent_to="embassy-protocol@example.org")
            self.report.created += 1
        pp = self.people_by_key
        visits = [
            ("pumch", t("Visit to Peking Union Medical College Hospital", "Besøg på Peking Union Medical College Hospital", "参观北京协和医院", "title"),
             t("Cross-sector coordination between hospitals, general practice and municipalities.",
               "Tværsektorielt samarbejde mellem hospitaler, almen praksis og kommuner.",
               "医院、全科医疗与地方政府之间的跨部门协调。", "topic"),
             at(d(2016, 12, 4), "15:00", BEIJING), at(d(2016, 12, 4), "17:00", BEIJING),
             ["anders.kuhnau", "christian.boel", "bettina.sorensen"], "zhang.wei", "wang.li"),
            ("beijing-anding-hospital", t("Visit to Beijing Anding Hospital", "Besøg på Beijing Anding Hospital", "参观北京安定医院", "title"),
             t("Sharing experience on organising psychiatry.", "Erfaringsudveksling om organisering af psykiatrien.",
               "交流精神卫生服务的组织经验。", "topic"),
             at(d(2016, 12, 6), "14:00", BEIJING), at(d(2016, 12, 6), "16:30", BEIJING),
             ["anders.kuhnau", "christian.boel"], "liu.fang", "wang.li"),
            ("beijing-chaoyang-hospital", t("MTIC meeting at Beijing Chao-Yang Hospital", "MTIC-møde på Beijing Chao-Yang Hospital", "MTIC在北京朝阳医院的会谈", "title"),
             t("Public–private innovation projects in medical technology.", "Offentlig-private innovationsprojekter i medicoteknik.",
               "医疗技术领域的公私合作创新项目。", "topic"),
             at(d(2016, 12, 6), "15:00", BEIJING), at(d(2016, 12, 6), "16:30", BEIJING),
             ["bettina.sorensen"], None, None),
        ]
        self.visits = {}
        for host, title, topic, starts, ends, participants, contact, interpreter in visits:
            visit = self.ensure(
                Visit,
                {"delegation": rm, "host": self.orgs[host], "starts_at": starts},
                {
                    **title,
                    **topic,
                    "ends_at": ends,
                    "time_zone": BEIJING,
                    "host_contact": pp.get(contact),
                    "interpreter": pp.get(interpreter),
                    "is_public": True,
                },
            )
            self.ensure_m2m(visit.participants, [pp[k] for k in participants])
            self.visits[host] = visit

    def travel_documents(self, rm):
        """Fictional passports and the visas for China; one passport too close to expiry, as
        the trip page and the overview should point out."""
        d = dt.date
        documents = [
            ("anders.kuhnau", "diplomatic", "DK0000001", "KUHNAU ANDERS", d(2021, 3, 1), d(2031, 3, 1),
             "granted", "DEMO-VISA-01"),
            ("christian.boel", "passport", "DK0000002", "BOEL CHRISTIAN", d(2019, 8, 20), d(2029, 8, 20),
             "granted", "DEMO-VISA-02"),
            ("bettina.sorensen", "passport", "DK0000003", "SORENSEN BETTINA BALSLEV", d(2007, 3, 15),
             d(2017, 3, 15), "applied", ""),
        ]
        for key, kind, number, name, issued, expires, visa, reference in documents:
            person = self.people_by_key[key]
            self.ensure(
                TravelDocument,
                {"person": person, "kind": kind},
                {"number": number, "issuing_country": "DK", "name_in_document": name,
                 "issued_on": issued, "expires_on": expires},
            )
            self.ensure(
                Visa,
                {"delegation": rm, "person": person},
                {"status": visa, "reference": reference,
                 "applied_on": d(2016, 11, 1), "decided_on": d(2016, 11, 15) if visa == "granted" else None,
                 "valid_from": d(2016, 12, 1) if visa == "granted" else None,
                 "valid_until": d(2017, 2, 28) if visa == "granted" else None},
            )

    def trip_contacts(self):
        rm = self.delegation_by_slug["region-midtjylland-beijing-2016"]
        pp = self.people_by_key
        contacts = [
            (1, TripContact.Kind.COORDINATOR, {"person": pp["signe.madsen"]}, t("", name="name"),
             t("At the office in Viborg", "På kontoret i Viborg", "在维堡办公室", "note"), ""),
            (2, TripContact.Kind.EMBASSY_DUTY, {},
             t("Duty officer, Royal Danish Embassy", "Vagthavende, Danmarks ambassade", "丹麦大使馆值班官员"),
             t("24 hours", "Døgnet rundt", "24小时", "note"), "+86 10 0000 0201"),
            (3, TripContact.Kind.EMBASSY, {"organisation": self.orgs["danish-embassy-beijing"]},
             t("", name="name"), t("", name="note"), ""),
            (4, TripContact.Kind.INTERPRETER, {"person": pp["wang.li"]}, t("", name="name"),
             t("", name="note"), ""),
            (5, TripContact.Kind.HOTEL, {"organisation": self.orgs["kempinski-beijing"]},
             t("", name="name"), t("", name="note"), ""),
        ]
        for order, kind, who, name, note, phone in contacts:
            self.ensure(
                TripContact,
                {"delegation": rm, "kind": kind},
                {"order": order, **who, **name, **note, "phone": phone},
            )

    def programme(self):
        self.forum = self.ensure(
            Forum,
            {"slug": FORUM_SLUG},
            {
                **t("China Denmark Cities and Regions Forum 2016", "Kina-Danmark Byer og Regioner Forum 2016",
                    "中国丹麦城市与地区论坛 2016"),
                **t("The first forum of Chinese and Danish cities and regions, hosted by the Royal Danish Embassy in "
                    "Beijing with the Chinese People's Association for Friendship with Foreign Countries.",
                    "Det første forum for kinesiske og danske byer og regioner, afholdt af Danmarks ambassade i "
                    "Beijing sammen med Det Kinesiske Folks Venskabsforening med Udlandet.",
                    "首届中国与丹麦城市和地区论坛，由丹麦王国驻华大使馆与中国人民对外友好协会共同主办。", "description"),
                "starts_on": dt.date(2016, 12, 5),
                "ends_on": dt.date(2016, 12, 6),
                **t("Beijing", "Beijing", "北京", "city"),
                "country": "CN",
                "time_zone": BEIJING,
                **t("Diaoyutai State Guesthouse", "Diaoyutai State Guesthouse", "钓鱼台国宾馆", "venue"),
                **t("2 Fucheng Road, Haidian District, Beijing", name="venue_address"),
                "venue_address_native": "北京市海淀区阜成路2号",
                "expected_participants": 350,
                "is_published": True,
            },
        )
        self.ensure_m2m(self.forum.hosts, [self.orgs["danish-embassy-beijing"], self.orgs["cpaffc"]])
        self.ensure_m2m(
            self.forum.delegations,
            [v for k, v in self.delegation_by_slug.items() if k.endswith("beijing-2016")],
        )
        tracks = [
            ("health", 1, t("Health promotion and health innovation", "Sundhedsfremme og sundhedsinnovation", "健康促进与健康创新"),
             ["region-midtjylland", "via-university-college"]),
            ("green", 2, t("Green growth and sustainable cities", "Grøn vækst og bæredygtige byer", "绿色增长与可持续城市"), ["aarhus-kommune"]),
            ("education", 3, t("Education, culture and tourism", "Uddannelse, kultur og turisme", "教育、文化与旅游"), ["region-syddanmark"]),
        ]
        self.tracks = {}
        for slug, order, name, leads in tracks:
            track = self.ensure(Track, {"forum": self.forum, "slug": slug}, {**name, "order": order})
            self.ensure_m2m(track.leads, [self.orgs[o] for o in leads])
            self.tracks[slug] = track
        day1, day2 = dt.date(2016, 12, 5), dt.date(2016, 12, 6)
        S = Session.Kind
        sessions = [
            (day1, "09:00", "09:45", None, S.OPENING, "Main hall",
             t("Opening of the forum", "Åbning af forummet", "论坛开幕式", "title"),
             [("anders.kuhnau", "speaker"), ("chen.jing", "speaker"), ("ming.ou.lu", "moderator")]),
            (day1, "09:45", "10:30", None, S.PLENARY, "Main hall",
             t("Cross-sector coordination in health care", "Tværsektoriel koordinering i sundhedsvæsenet", "医疗卫生的跨部门协调", "title"),
             [("anders.kuhnau", "speaker")]),
            (day1, "10:30", "11:00", None, S.BREAK, "Foyer", t("Coffee break", "Kaffepause", "茶歇", "title"), []),
            (day1, "11:00", "12:30", "health", S.PANEL, "Hall A",
             t("Panel: health promotion in cities and regions", "Panel: sundhedsfremme i byer og regioner", "专题讨论：城市和地区的健康促进", "title"),
             [("karen.holm", "moderator"), ("christian.boel", "panellist"), ("liu.fang", "panellist"), ("zhang.wei", "panellist")]),
            (day1, "11:00", "12:30", "green", S.TALK, "Hall B",
             t("Sustainable city development in Aarhus", "Bæredygtig byudvikling i Aarhus", "奥胡斯的可持续城市发展", "title"),
             [("mette.lund", "speaker")]),
            (day1, "11:00", "12:30", "education", S.WORKSHOP, "Hall C",
             t("Student exchange between regions", "Studenterudveksling mellem regioner", "地区间的学生交流", "title"),
             [("sofie.bach", "moderator")]),
            (day1, "12:30", "14:00", None, S.BREAK, "Restaurant", t("Lunch", "Frokost", "午餐", "title"), []),
            (day1, "14:00", "15:30", "health", S.TALK, "Hall A",
             t("Organising psychiatry: Danish and Chinese experience", "Organisering af psykiatrien: danske og kinesiske erfaringer", "精神卫生服务的组织：丹麦与中国的经验", "title"),
             [("christian.boel", "speaker"), ("liu.fang", "speaker")]),
            (day1, "14:00", "15:30", "green", S.PANEL, "Hall B",
             t("Panel: clean air and district heating", "Panel: ren luft og fjernvarme", "专题讨论：清洁空气与区域供热", "title"),
             [("jonas.kjaer", "moderator"), ("lars.friis", "panellist")]),
            (day1, "16:00", "17:30", "health", S.TALK, "Hall A",
             t("Public–private partnerships in health innovation (MTIC)", "Offentlig-private partnerskaber i sundhedsinnovation (MTIC)", "健康创新中的公私合作 (MTIC)", "title"),
             [("bettina.sorensen", "speaker")]),
            (day1, "18:30", "20:30", None, S.RECEPTION, "Banquet hall",
             t("Reception hosted by the Danish Embassy", "Reception ved Danmarks ambassade", "丹麦大使馆招待会", "title"), []),
            (day2, "09:00", "10:30", "health", S.WORKSHOP, "Hall A",
             t("Workshop: health innovation projects", "Workshop: sundhedsinnovationsprojekter", "研讨会：健康创新项目", "title"),
             [("bettina.sorensen", "moderator"), ("zhou.min", "panellist")]),
            (day2, "09:00", "10:30", "education", S.PANEL, "Hall C",
             t("Panel: culture and tourism partnerships", "Panel: partnerskaber om kultur og turisme", "专题讨论：文化与旅游合作", "title"),
             [("peter.dam", "panellist"), ("anne.winther", "panellist")]),
            (day2, "11:00", "12:00", None, S.PLENARY, "Main hall",
             t("Reports from the tracks", "Opsamling fra sporene", "各分论坛总结", "title"), [("karen.holm", "speaker")]),
            (day2, "12:00", "12:30", None, S.CLOSING, "Main hall",
             t("Closing of the forum", "Afslutning af forummet", "论坛闭幕式", "title"),
             [("chen.jing", "speaker"), ("anders.kuhnau", "speaker")]),
        ]
        self.sessions = []
        for day, start, end, track, kind, room, title, roles in sessions:
            session = self.ensure(
                Session,
                {"forum": self.forum, "starts_at": at(day, start, BEIJING), "title_en": title["title_en"]},
                {
                    **{k: v for k, v in title.items() if k != "title_en"},
                    "ends_at": at(day, end, BEIJING),
                    "track": self.tracks.get(track),
                    "kind": kind,
                    **t(room, ROOMS_DA.get(room, room), ROOMS_ZH.get(room, ""), "room"),
                    "language": Session.Language.ENGLISH,
                    **t("Chinese ↔ English, simultaneous", "Kinesisk ↔ engelsk, simultantolkning", "中英同声传译", "interpretation"),
                    "capacity": 400 if room == "Main hall" else 120,
                },
            )
            for order, (key, role) in enumerate(roles):
                self.ensure(
                    SessionRole,
                    {"session": session, "person": self.people_by_key[key], "role": role},
                    {"order": order},
                )
            self.sessions.append(session)

    def registrations(self):
        forum = self.forum
        programme = [s for s in self.sessions if s.kind != Session.Kind.BREAK]
        for slug, delegation in self.delegation_by_slug.items():
            if not slug.endswith("beijing-2016"):
                continue
            for member in delegation.memberships.select_related("person"):
                person = member.person
                registration = self.ensure(
                    Registration,
                    {"forum": forum, "person": person},
                    {
                        "organisation": person.organisation,
                        "delegation": delegation,
                        "status": Registration.Status.REGISTERED,
                        "badge_name": person.latin_name,
                    },
                )
                on_stage = {s for s in programme if s.roles.filter(person=person).exists()}
                plenary = {s for s in programme if s.track_id is None}
                self.ensure_m2m(registration.sessions, sorted(on_stage | plenary, key=lambda s: s.pk))
        for key in ("ming.ou.lu", "wang.li", "chen.jing", "zhang.wei", "liu.fang", "zhou.min", "karen.holm"):
            person = self.people_by_key[key]
            self.ensure(
                Registration,
                {"forum": forum, "person": person},
                {"organisation": person.organisation, "status": Registration.Status.REGISTERED,
                 "badge_name": person.native_name or person.latin_name},
            )
        self.chinese_participants(programme)

    def chinese_participants(self, programme):
        """Hundreds of Chinese participants; bulk-written, since one row at a time is slow."""
        rng = random.Random(2016)
        orgs = [self.orgs[row[0]] for row in CHINESE_ORGANISATIONS]
        wanted = []
        for number in range(1, CHINESE_PARTICIPANTS + 1):
            family_zh, family = rng.choice(FAMILY_NAMES)
            given_zh, given = rng.choice(GIVEN_NAMES)
            wanted.append(
                {
                    "email": f"participant-{number:03d}@example.org",
                    "given_name": given,
                    "family_name": family,
                    "native_name": family_zh + given_zh,
                    "organisation": rng.choice(orgs),
                    "phone": f"+86 138 0000 {number:04d}",
                    "status": rng.choices(
                        [Registration.Status.REGISTERED, Registration.Status.INVITED, Registration.Status.CANCELLED],
                        weights=[90, 6, 4],
                    )[0],
                    "sessions": rng.sample(programme, k=3),
                }
            )
        existing = set(Person.objects.filter(email__startswith="participant-").values_list("email", flat=True))
        new_people = [
            Person(
                email=row["email"],
                given_name=row["given_name"],
                family_name=row["family_name"],
                native_name=row["native_name"],
                name_order=Person.NameOrder.FAMILY_FIRST,
                kind=Person.Kind.PARTICIPANT,
                organisation=row["organisation"],
                phone=row["phone"],
                languages="zh",
            )
            for row in wanted
            if row["email"] not in existing
        ]
        Person.objects.bulk_create(new_people, batch_size=200)
        self.report.created += len(new_people)
        people = {p.email: p for p in Person.objects.filter(email__startswith="participant-")}
        registered = set(
            Registration.objects.filter(forum=self.forum, person__in=people.values()).values_list("person_id", flat=True)
        )
        new_registrations = []
        for row in wanted:
            person = people[row["email"]]
            if person.pk in registered:
                continue
            new_registrations.append(
                Registration(
                    forum=self.forum,
                    person=person,
                    organisation=row["organisation"],
                    status=row["status"],
                    badge_name=row["native_name"],
                )
            )
        for registration in new_registrations:
            registration.search_text = search.text_of(registration)  # bulk_create skips save()
        Registration.objects.bulk_create(new_registrations, batch_size=200)
        self.report.created += len(new_registrations)
        if new_registrations:
            through = Registration.sessions.through
            by_person = {
                r.person_id: r.pk
                for r in Registration.objects.filter(forum=self.forum, person__in=[r.person for r in new_registrations])
            }
            links = [
                through(registration_id=by_person[people[row["email"]].pk], session_id=session.pk)
                for row in wanted
                if people[row["email"]].pk in by_person
                for session in row["sessions"]
            ]
            through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)
        self.progress(f"  {len(wanted)} Chinese participants ({len(new_registrations)} new registrations)")

    def partnerships_and_follow_ups(self):
        o, pp, d = self.orgs, self.people_by_key, self.delegation_by_slug
        specs = [
            ("midtjylland-shanghai", "cooperation_agreement", "active",
             t("Region Midtjylland – Shanghai cooperation agreement", "Samarbejdsaftale mellem Region Midtjylland og Shanghai", "中日德兰大区与上海市合作协议"),
             t("Long-standing cooperation on health, education and green growth.", "Mangeårigt samarbejde om sundhed, uddannelse og grøn vækst.",
               "在卫生、教育和绿色增长领域的长期合作。", "description"),
             dt.date(2007, 5, 1), dt.date(2022, 5, 1), dt.date(2027, 4, 30),
             ["region-midtjylland", "shanghai-municipality"], ["region-midtjylland-shanghai-2027"], []),
            ("mtic-public-private", "public_private", "active",
             t("MTIC public–private partnerships in health innovation", "MTIC's offentlig-private partnerskaber i sundhedsinnovation", "MTIC健康创新公私合作"),
             t("Hospitals, universities and companies developing medical technology together.",
               "Hospitaler, universiteter og virksomheder udvikler medicoteknik sammen.",
               "医院、大学和企业共同开发医疗技术。", "description"),
             dt.date(2014, 1, 15), None, None, ["mtic", "region-midtjylland", "via-university-college"],
             ["region-midtjylland-beijing-2016"], ["beijing-chaoyang-hospital", "pumch"]),
            ("health-promotion-beijing", "research", "exploring",
             t("Health promotion exchange with Beijing hospitals", "Udveksling om sundhedsfremme med Beijings hospitaler", "与北京医院的健康促进交流"),
             t("Follow-up of the forum's health track.", "Opfølgning på forummets sundhedsspor.", "论坛健康分论坛的后续工作。", "description"),
             None, None, None, ["region-midtjylland", "via-university-college", "beijing-anding-hospital"],
             ["region-midtjylland-beijing-2016"], ["beijing-anding-hospital"]),
        ]
        self.partnerships = {}
        for slug, kind, status, name, description, signed, renewed, expires, parties, delegations, visits in specs:
            partnership = self.ensure(
                Partnership,
                {"slug": slug},
                {**name, **description, "kind": kind, "status": status, "signed_on": signed,
                 "renewed_on": renewed, "expires_on": expires, "is_public": True},
            )
            self.ensure_m2m(partnership.parties, [o[k] for k in parties])
            self.ensure_m2m(partnership.delegations, [d[k] for k in delegations])
            self.ensure_m2m(partnership.visits, [self.visits[k] for k in visits])
            self.partnerships[slug] = partnership
        rm = d["region-midtjylland-beijing-2016"]
        follow_ups = [
            (t("Send thank-you letters to the hosts", "Send takkebreve til værterne", "向东道主发送感谢信", "action"),
             "signe.madsen", dt.date(2016, 12, 16), "done", dt.date(2016, 12, 14), None, "cpaffc", None, None),
            (t("Report to the regional council", "Afrapportering til regionsrådet", "向大区议会汇报", "action"),
             "christian.boel", dt.date(2017, 1, 25), "done", dt.date(2017, 1, 20), None, None, None, None),
            (t("Share material on organising psychiatry with Beijing Anding Hospital",
               "Del materiale om organisering af psykiatrien med Beijing Anding Hospital",
               "与北京安定医院分享精神卫生服务组织资料", "action"),
             "christian.boel", dt.date(2017, 2, 28), "open", None, "health-promotion-beijing", "beijing-anding-hospital", "liu.fang",
             "beijing-anding-hospital"),
            (t("Follow up MTIC contacts at Beijing Chao-Yang Hospital", "Følg op på MTIC-kontakter på Beijing Chao-Yang Hospital",
               "跟进MTIC在北京朝阳医院的联系", "action"),
             "bettina.sorensen", dt.date(2026, 12, 1), "in_progress", None, "mtic-public-private", "beijing-chaoyang-hospital", "zhou.min",
             "beijing-chaoyang-hospital"),
            (t("Prepare the renewal of the Shanghai cooperation agreement", "Forbered fornyelsen af samarbejdsaftalen med Shanghai",
               "准备续签与上海的合作协议", "action"),
             "signe.madsen", dt.date(2027, 2, 1), "open", None, "midtjylland-shanghai", "shanghai-municipality", None, None),
        ]
        for action, owner, due, status, completed, partnership, organisation, person, visit in follow_ups:
            self.ensure(
                FollowUp,
                {"delegation": rm, "action_en": action["action_en"]},
                {
                    "action_da": action["action_da"],
                    "action_zh_hans": action["action_zh_hans"],
                    "owner": pp[owner],
                    "due_on": due,
                    "status": status,
                    "completed_on": completed,
                    "partnership": self.partnerships.get(partnership),
                    "organisation": o.get(organisation),
                    "person": pp.get(person),
                    "visit": self.visits.get(visit),
                },
            )

    def logins(self):
        ensure_roles()
        groups = {name: Group.objects.get(name=name) for name in (REGIONAL_STAFF, EMBASSY_STAFF, DELEGATES)}
        accounts = [
            ("staff", "Staff", "Demo", "signe.madsen", REGIONAL_STAFF, True),
            ("delegate", "Anders", "Kühnau", "anders.kuhnau", DELEGATES, False),
            ("embassy", "Ming'ou", "Lü", "ming.ou.lu", EMBASSY_STAFF, False),
        ]
        for username, first, last, person_key, group, is_staff in accounts:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=first, last_name=last,
                            email=f"{username}@example.org", is_staff=is_staff)
                user.set_password(self.password)
                user.save()
                self.report.created += 1
            elif self.reset_passwords:
                user.set_password(self.password)
                user.save(update_fields=["password"])
                self.report.updated += 1
            if not user.groups.filter(name=group).exists():
                user.groups.add(groups[group])
            person = self.people_by_key[person_key]
            if person.user_id != user.pk:
                Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
                person.user = user
                person.save(update_fields=["user", "updated_at"])
                self.report.updated += 1
        self.report.lines = [
            f"  {username:<9} {self.password if username else ''}  ({group})"
            for username, _first, _last, _key, group, _staff in accounts
        ]


ROOMS_DA = {"Main hall": "Store sal", "Foyer": "Foyer", "Restaurant": "Restaurant", "Banquet hall": "Festsal",
            "Hall A": "Sal A", "Hall B": "Sal B", "Hall C": "Sal C"}
ROOMS_ZH = {"Main hall": "主会场", "Foyer": "前厅", "Restaurant": "餐厅", "Banquet hall": "宴会厅",
            "Hall A": "A厅", "Hall B": "B厅", "Hall C": "C厅"}

CHINESE_ORGANISATIONS = [
    ("beijing-health-commission", "Beijing Municipal Health Commission", "北京市卫生健康委员会", "Beijing", "北京"),
    ("tianjin-government", "Tianjin Municipal People's Government", "天津市人民政府", "Tianjin", "天津"),
    ("chongqing-foreign-affairs", "Chongqing Foreign Affairs Office", "重庆市人民政府外事办公室", "Chongqing", "重庆"),
    ("chengdu-government", "Chengdu Municipal People's Government", "成都市人民政府", "Chengdu", "成都"),
    ("wuhan-government", "Wuhan Municipal People's Government", "武汉市人民政府", "Wuhan", "武汉"),
    ("hangzhou-government", "Hangzhou Municipal People's Government", "杭州市人民政府", "Hangzhou", "杭州"),
    ("shenzhen-government", "Shenzhen Municipal People's Government", "深圳市人民政府", "Shenzhen", "深圳"),
    ("guangdong-pafc", "Guangdong People's Association for Friendship with Foreign Countries", "广东省人民对外友好协会", "Guangzhou", "广州"),
    ("jiangsu-health-commission", "Jiangsu Provincial Health Commission", "江苏省卫生健康委员会", "Nanjing", "南京"),
    ("qingdao-government", "Qingdao Municipal People's Government", "青岛市人民政府", "Qingdao", "青岛"),
    ("xian-government", "Xi'an Municipal People's Government", "西安市人民政府", "Xi'an", "西安"),
    ("harbin-government", "Harbin Municipal People's Government", "哈尔滨市人民政府", "Harbin", "哈尔滨"),
]

FAMILY_NAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
    ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"),
    ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"),
    ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"),
]
GIVEN_NAMES = [
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("秀英", "Xiuying"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"),
    ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"),
    ("娟", "Juan"), ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("秀兰", "Xiulan"), ("霞", "Xia"),
    ("平", "Ping"), ("刚", "Gang"), ("桂英", "Guiying"), ("建华", "Jianhua"), ("晓东", "Xiaodong"),
    ("海燕", "Haiyan"), ("志强", "Zhiqiang"), ("丽娟", "Lijuan"), ("文博", "Wenbo"), ("雨欣", "Yuxin"),
]
