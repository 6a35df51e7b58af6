"""Public pages of the region's side: public delegations and partnerships."""

from django.shortcuts import render

from accounts.decorators import for_anyone
from delegations import trip_report
from delegations.public import public_delegation, public_partnerships


@for_anyone
def delegation_detail(request, slug):
    """Public: a delegation marked public (members, visits, partnerships; no contact data)."""
    delegation = public_delegation(slug)
    report = trip_report.published(delegation)
    # A published report names only the members who agreed; it replaces the member list.
    content = trip_report.build(delegation, report) if report is not None else None
    context = {"delegation": delegation, "report": content}
    return render(request, "delegations/public/detail.html", context)


@for_anyone
def partnerships(request):
    """Public: partnerships marked public."""
    return render(
        request, "delegations/public/partnerships.html", {"partnerships": public_partnerships()}
    )
