"""Demo data for the public trip report and the rest of issue 20's item 7 (run by forum/demo.py
after the logins, so that the report has a publisher): the Shanghai partnership's earlier
visit (2019, with its meeting, outcome, follow-up and gifts), a meeting on the fringe of the
forum's opening session whose outcome became a follow-up, an agreement signed during the
Beijing trip, and the Beijing trip's published report with its members' consents (Bettina
Sørensen did not agree to be named: the report counts her). Idempotent like the rest."""

import datetime as dt
import zoneinfo

from django.contrib.auth.models import User

from delegations import meetings
from delegations.models import (
    Delegation,
    DelegationMember,
    FollowUp,
    Gift,
    Meeting,
    Outcome,
    Partnership,
    ReportConsent,
    TripReport,
    Visit,
)

from .models import SessionMeeting

BEIJING_TZ = "Asia/Shanghai"
COPENHAGEN = "Europe/Copenhagen"


def t(en, da, zh, name):
    return {f"{name}_en": en, f"{name}_da": da, f"{name}_zh_hans": zh}


def at(day, hhmm, zone):
    hours, minutes = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), zoneinfo.ZoneInfo(zone))


def load(loader):
    staff = User.objects.filter(username="staff").first()
    earlier_visit(loader)
    session_meeting(loader)
    signed_in_beijing(loader)
    beijing_report(loader, staff)


def earlier_visit(loader):
    """Region Midtjylland in Shanghai in 2019: the visit, a meeting, a promise kept, gifts."""
    o, pp = loader.orgs, loader.people_by_key
    shanghai_org = o["shanghai-municipality"]
    trip = loader.ensure(
        Delegation,
        {"slug": "region-midtjylland-shanghai-2019"},
        {
            **t(
                "Region Midtjylland delegation to Shanghai 2019",
                "Region Midtjyllands delegation til Shanghai 2019",
                "中日德兰大区2019年访沪代表团",
                "name",
            ),
            **t("Shanghai", "Shanghai", "上海", "destination_city"),
            **t(
                "Review the cooperation agreement halfway and discuss elderly care.",
                "Midtvejsevaluering af samarbejdsaftalen og drøftelse af ældrepleje.",
                "中期评估合作协议并探讨养老服务。",
                "purpose",
            ),
            "sending_organisation": o["region-midtjylland"],
            "destination_country": "CN",
            "destination_time_zone": BEIJING_TZ,
            "home_time_zone": COPENHAGEN,
            "starts_on": dt.date(2019, 9, 16),
            "ends_on": dt.date(2019, 9, 19),
            "status": Delegation.Status.CLOSED,
            "is_public": True,
            "leader": pp["anders.kuhnau"],
        },
    )
    for key, role, precedence in (("anders.kuhnau", "leader", 1), ("signe.madsen", "staff", 2)):
        loader.ensure(
            DelegationMember,
            {"delegation": trip, "person": pp[key]},
            {"role": role, "precedence": precedence, "answer": "confirmed"},
        )
    visit = loader.ensure(
        Visit,
        {
            "delegation": trip,
            "host": shanghai_org,
            "starts_at": at(dt.date(2019, 9, 17), "10:00", BEIJING_TZ),
        },
        {
            **t(
                "Meeting at the Shanghai Foreign Affairs Office",
                "Møde på Shanghais udenrigskontor",
                "在上海市外办会谈",
                "title",
            ),
            **t(
                "The agreement halfway: health, education, green growth.",
                "Aftalen midtvejs: sundhed, uddannelse, grøn vækst.",
                "协议中期：卫生、教育、绿色增长。",
                "topic",
            ),
            "ends_at": at(dt.date(2019, 9, 17), "12:00", BEIJING_TZ),
            "time_zone": BEIJING_TZ,
            "host_contact": pp["xu.hong"],
            "is_public": True,
        },
    )
    loader.ensure_m2m(visit.participants, [pp["anders.kuhnau"], pp["signe.madsen"]])
    meeting = loader.ensure(
        Meeting,
        {"visit": visit, "held_on": dt.date(2019, 9, 17)},
        {
            **t(
                "Mid-term review of the cooperation agreement",
                "Midtvejsevaluering af samarbejdsaftalen",
                "合作协议中期评估会",
                "title",
            ),
            **t(
                "Both sides want to renew in 2022. Shanghai asked for Danish experience with "
                "vocational training in health care.",
                "Begge parter ønsker at forny i 2022. Shanghai bad om danske erfaringer med "
                "erhvervsuddannelser i sundhedsvæsenet.",
                "双方希望于2022年续签。上海方面希望了解丹麦卫生职业教育经验。",
                "notes",
            ),
            "organisation": shanghai_org,
        },
    )
    loader.ensure_m2m(meeting.people_met, [pp["xu.hong"]])
    outcome = loader.ensure(
        Outcome,
        {"meeting": meeting, "text_en": "Invite a Shanghai group to VIA University College."},
        {
            "text_da": "Invitere en gruppe fra Shanghai til VIA University College.",
            "text_zh_hans": "邀请上海代表团访问VIA大学学院。",
            "partnership": loader.partnerships["midtjylland-shanghai"],
            "promised": True,
        },
    )
    if outcome.follow_up_id is None:
        follow_up = meetings.make_follow_up(
            outcome, owner=pp["signe.madsen"], due_on=dt.date(2020, 3, 1)
        )
        follow_up.status = FollowUp.Status.DONE
        follow_up.completed_on = dt.date(2020, 1, 20)
        follow_up.save(update_fields=["status", "completed_on", "updated_at"])
        loader.report.created += 1
    for direction, description in (
        ("given", t("Book on Danish design", "Bog om dansk design", "丹麦设计画册", "description")),
        ("received", t("Tea set", "Testel", "茶具", "description")),
    ):
        loader.ensure(
            Gift,
            {
                "organisation": shanghai_org,
                "exchanged_on": dt.date(2019, 9, 17),
                "direction": direction,
            },
            {**description, "delegation": trip, "person": pp["xu.hong"]},
        )


def session_meeting(loader):
    """A meeting with Shanghai on the fringe of the forum's opening session (issue 20, item
    2): notes and an outcome that became a follow-up in one step."""
    o, pp = loader.orgs, loader.people_by_key
    opening = next(s for s in loader.sessions if s.title_en == "Opening of the forum")
    meeting = loader.ensure(
        Meeting,
        {"organisation": o["shanghai-municipality"], "held_on": dt.date(2016, 12, 5)},
        {
            **t(
                "Talk with Shanghai after the opening",
                "Samtale med Shanghai efter åbningen",
                "开幕式后与上海方面交谈",
                "title",
            ),
            **t(
                "Shanghai's delegation proposed renewal talks well before 2022.",
                "Shanghais delegation foreslog forhandlinger om fornyelse i god tid før 2022.",
                "上海代表团提议在2022年之前尽早开展续签会谈。",
                "notes",
            ),
        },
    )
    loader.ensure_m2m(meeting.people_met, [pp["xu.hong"]])
    loader.ensure(SessionMeeting, {"meeting": meeting}, {"session": opening})
    outcome = loader.ensure(
        Outcome,
        {"meeting": meeting, "text_en": "Propose dates for the renewal talks."},
        {
            "text_da": "Foreslå datoer for forhandlingerne om fornyelse.",
            "text_zh_hans": "提出续签会谈的日期。",
            "partnership": loader.partnerships["midtjylland-shanghai"],
            "promised": True,
        },
    )
    if outcome.follow_up_id is None:
        follow_up = meetings.make_follow_up(
            outcome, owner=pp["signe.madsen"], due_on=dt.date(2017, 2, 1)
        )
        follow_up.status = FollowUp.Status.DONE
        follow_up.completed_on = dt.date(2017, 1, 25)
        follow_up.save(update_fields=["status", "completed_on", "updated_at"])
        loader.report.created += 1


def signed_in_beijing(loader):
    """A letter of intent signed at Beijing Anding Hospital during the trip."""
    o = loader.orgs
    beijing = loader.delegation_by_slug["region-midtjylland-beijing-2016"]
    letter = loader.ensure(
        Partnership,
        {"slug": "midtjylland-anding-psychiatry"},
        {
            **t(
                "Letter of intent on psychiatry with Beijing Anding Hospital",
                "Hensigtserklæring om psykiatri med Beijing Anding Hospital",
                "与北京安定医院的精神卫生合作意向书",
                "name",
            ),
            **t(
                "Exchange of staff and experience in organising psychiatry.",
                "Udveksling af personale og erfaringer med organisering af psykiatrien.",
                "在精神卫生服务组织方面交流人员与经验。",
                "description",
            ),
            "kind": Partnership.Kind.MEMORANDUM,
            "status": Partnership.Status.ENDED,
            "signed_on": dt.date(2016, 12, 6),
            "expires_on": dt.date(2019, 12, 6),
            "is_public": True,
        },
    )
    loader.ensure_m2m(letter.parties, [o["region-midtjylland"], o["beijing-anding-hospital"]])
    loader.ensure_m2m(letter.delegations, [beijing])
    loader.ensure_m2m(letter.visits, [loader.visits["beijing-anding-hospital"]])


def beijing_report(loader, staff):
    """The Beijing trip's published report; two of three members agreed to be named."""
    pp = loader.people_by_key
    beijing = loader.delegation_by_slug["region-midtjylland-beijing-2016"]
    recorded = dt.datetime(2017, 1, 9, 10, 0, tzinfo=dt.UTC)
    for key, named in (
        ("anders.kuhnau", True),
        ("christian.boel", True),
        ("bettina.sorensen", False),
    ):
        member = DelegationMember.objects.get(delegation=beijing, person=pp[key])
        loader.ensure(
            ReportConsent,
            {"member": member},
            {"named": named, "recorded_at": recorded, "recorded_by": staff},
        )
    pumch_meeting = Meeting.objects.filter(visit=loader.visits["pumch"]).first()
    if pumch_meeting is not None:
        for outcome in pumch_meeting.outcomes.filter(text_en__startswith="A nurse exchange"):
            loader.ensure(Outcome, {"pk": outcome.pk}, {"in_report": True})
    loader.ensure(
        TripReport,
        {"delegation": beijing},
        {
            **t(
                "Region Midtjylland opened the China Denmark Cities and Regions Forum in Beijing "
                "and led its health track with VIA University College. The delegation visited "
                "three hospitals and signed a letter of intent on psychiatry with Beijing Anding "
                "Hospital.",
                "Region Midtjylland åbnede Kina-Danmark Byer og Regioner Forum i Beijing og "
                "ledte forummets sundhedsspor sammen med VIA University College. Delegationen "
                "besøgte tre hospitaler og underskrev en hensigtserklæring om psykiatri med "
                "Beijing Anding Hospital.",
                "中日德兰大区出席在北京举行的中国丹麦城市与地区论坛开幕式，并与VIA大学学院共同主持"
                "健康分论坛。代表团参观了三家医院，并与北京安定医院签署了精神卫生合作意向书。",
                "summary",
            ),
            "published_at": dt.datetime(2017, 1, 10, 9, 0, tzinfo=dt.UTC),
            "published_by": staff,
        },
    )
