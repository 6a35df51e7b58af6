"""The public trip report: its PDF for everyone while it is published (the report itself is
on the public delegation page, delegations/views/public.py); for regional staff the preview,
the members' consents to be named, publishing and withdrawing. Everyone else gets 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.decorators import for_anyone, requires
from config.caching import no_store
from delegations import trip_report
from delegations.models import TripReport
from delegations.public import public_delegation
from delegations.rules import delegation_from_slug
from delegations.views.me import pdf_response


@for_anyone
def public_pdf(request, slug):
    """Public: the published report of a public delegation as PDF; 404 while unpublished."""
    delegation = public_delegation(slug)
    report = trip_report.published(delegation)
    if report is None:
        raise Http404
    context = {"content": trip_report.build(delegation, report), "trip": delegation}
    return pdf_response(
        request, context, f"report-{delegation.slug}.pdf", "delegations/report/print.html"
    )


@never_cache
@requires("delegations.publish_trip_report", object=delegation_from_slug)
def preview(request, delegation):
    """Regional staff: the report as the public will see it, the consents, publish/withdraw."""
    report = TripReport.objects.filter(delegation=delegation).first()
    content = trip_report.build(delegation, report)
    members = list(trip_report.members_going(delegation))
    context = {"trip": delegation, "report": report, "content": content, "members": members}
    return no_store(render(request, "delegations/report/preview.html", context))


@require_POST
@requires("delegations.publish_trip_report", object=delegation_from_slug)
def consents(request, delegation):
    """Regional staff: record who agreed to be named (ticked) and who did not."""
    named = [value for value in request.POST.getlist("named") if value.isdigit()]
    changed = trip_report.record_consents(delegation, named, by=request.user)
    messages.success(
        request,
        _("Consents saved (%(count)d changed).") % {"count": changed},
    )
    return redirect("staff:report", slug=delegation.slug)


@require_POST
@requires("delegations.publish_trip_report", object=delegation_from_slug)
def publish(request, delegation):
    """Regional staff: publish the report on the public page, or take it off."""
    action = request.POST.get("action")
    if action == "publish":
        if not delegation.is_public:
            messages.error(
                request,
                _("The delegation is not public: make it public first, then publish its report."),
            )
        else:
            trip_report.publish(delegation, by=request.user)
            messages.success(request, _("The report is published on the public page."))
    elif action == "unpublish":
        trip_report.unpublish(delegation, by=request.user)
        messages.success(request, _("The report is no longer public."))
    else:
        messages.error(request, _("Choose to publish or to withdraw the report."))
    return redirect("staff:report", slug=delegation.slug)
