"""Retention: anonymise forum participants a set number of days after their last forum.

Only people who are nothing but participants are touched: no delegation membership, no role
on stage, no login. Regional staff decide the period (PARTICIPANT_RETENTION_DAYS).
"""

import datetime as dt

from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from delegations.models import DelegationMember, Person
from delegations.personal_data import ANONYMISED, anonymise_person

from .models import SessionRole


def expired_participants(days, today=None):
    """People whose latest forum ended more than `days` days before `today`."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=days)
    return (
        Person.objects.filter(kind=Person.Kind.PARTICIPANT, user__isnull=True)
        .exclude(given_name=ANONYMISED)
        .annotate(last_forum_ended=Max("registrations__forum__ends_on"))
        .filter(last_forum_ended__lt=cutoff)
        .exclude(Exists(DelegationMember.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(SessionRole.objects.filter(person=OuterRef("pk"))))
        .order_by("pk")
    )


def apply_retention(days, today=None, progress=None):
    """Anonymise every expired participant; returns how many were anonymised."""
    people = list(expired_participants(days, today))
    for number, person in enumerate(people, start=1):
        anonymise_person(person)
        if progress and (number % 50 == 0 or number == len(people)):
            progress(number, len(people))
    return len(people)
