"""Outcomes of meetings that become follow-ups: one step, with an owner and a due date.

The follow-up takes the outcome's text (in every language), the partnership it serves, the
partner and the visit and trip of the meeting, so that it shows on the partner's page, the
reminders and the overview without being typed twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .languages import content_languages, localized
from .models import FollowUp, Outcome


class FollowUpRefused(ValidationError):
    """An outcome that cannot become a follow-up now; the message says why."""


def make_follow_up(outcome, *, owner, due_on, by=None):
    """Turn `outcome` into an open follow-up owned by `owner`, due on `due_on`."""
    if outcome.follow_up_id is not None:
        raise FollowUpRefused(_("This outcome is already a follow-up."))
    missing = []
    if owner is None:
        missing.append(_("an owner"))
    if due_on is None:
        missing.append(_("a due date"))
    if missing:
        raise FollowUpRefused(
            _("A follow-up needs %(missing)s.") % {"missing": _(" and ").join(map(str, missing))}
        )
    with transaction.atomic():
        outcome = (
            Outcome.objects.select_for_update(of=("self",))
            .select_related("meeting__visit")
            .get(pk=outcome.pk)
        )
        if outcome.follow_up_id is not None:
            raise FollowUpRefused(_("This outcome is already a follow-up."))
        meeting = outcome.meeting
        visit = meeting.visit
        values = {
            localized("action", code): _first_line(getattr(outcome, localized("text", code)))
            for code in content_languages()
        }
        follow_up = FollowUp(
            **values,
            notes=outcome.text,
            owner=owner,
            due_on=due_on,
            partnership_id=outcome.partnership_id,
            organisation_id=meeting.organisation_id,
            visit=visit,
            delegation_id=visit.delegation_id if visit else None,
        )
        if by is not None:
            follow_up._history_user = by
        follow_up.full_clean()
        follow_up.save()
        outcome.follow_up = follow_up
        outcome.save(update_fields=["follow_up", "updated_at"])
    return follow_up


def _first_line(text):
    """The action: the outcome's first line, cut to what the field holds."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    limit = FollowUp._meta.get_field("action").max_length
    return line if len(line) <= limit else line[: limit - 1] + "…"
