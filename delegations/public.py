"""What the public may see of the region's side: public delegations and partnerships."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Delegation, DelegationMember, Partnership, Visit

# A public delegation page is meaningful for planned or done trips, not for called-off ones.
HIDDEN_STATUSES = Delegation.Status.called_off()


def public_delegation(slug):
    """A public delegation with members (protocol order), public visits and partnerships."""
    queryset = (
        Delegation.objects.filter(is_public=True)
        .exclude(status__in=HIDDEN_STATUSES)
        .select_related("sending_organisation", "leader")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=DelegationMember.objects.exclude(answer=DelegationMember.Answer.DECLINED)
                .select_related("person", "person__organisation")
                .order_by("precedence", "person__family_name"),
            ),
            Prefetch(
                "visits",
                queryset=Visit.objects.filter(is_public=True).select_related("host"),
            ),
            Prefetch("partnerships", queryset=Partnership.objects.filter(is_public=True)),
        )
    )
    return get_object_or_404(queryset, slug=slug)


def public_partnerships():
    return (
        Partnership.objects.filter(is_public=True)
        .prefetch_related(
            "parties",
            Prefetch(
                "delegations",
                queryset=Delegation.objects.filter(is_public=True).exclude(
                    status__in=HIDDEN_STATUSES
                ),
            ),
        )
        .order_by("name")
    )
