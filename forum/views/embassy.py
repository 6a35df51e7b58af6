"""Embassy staff (and regional staff): attendee lists, exports, badges, check-in, profiles.

Every view declares its rule (forum/rules.py): signed in, allowed to list attendees, and the
forum is one the user's embassy hosts; anything else answers 404. Embassy staff change nothing
but check-in and their own export profiles.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import exporting
import jobs
from accounts.decorators import requires
from accounts.rules import may
from config.caching import no_store
from forum import badges as badge_pdf
from forum import checkin, exports
from forum.badges import BadgeOptions
from forum.filters import AttendeeFilter
from forum.models import ExportLog, ExportProfile, Registration
from forum.rules import forum_from_slug, visible_forums

log = logging.getLogger("delegation_desk.exports")
PAGE_SIZE = 100


@requires("forum.view_attendee_lists")
def forums(request):
    """Embassy and regional staff: the forums whose attendees they may list."""
    return no_store(
        render(request, "forum/embassy/forums.html", {"forums": visible_forums(request.user)})
    )


def filter_form(request, forum):
    return AttendeeFilter(forum, request.GET or None)


@requires("forum.list_attendees", object=forum_from_slug)
def attendees(request, forum):
    """Embassy and regional staff: a hosted forum's attendee list, filtered, paginated. The
    table is the attendee exporter's (forum/exports.py): same columns, same rows as every
    export, read as plain values."""
    form = filter_form(request, forum)
    registrations = form.registrations() if request.GET else form.registrations_all()
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    order = form.cleaned_data.get("name_order", "") if form.is_bound and form.is_valid() else ""
    table = exports.AttendeeList(
        forum, page.object_list, columns=form.chosen_columns(), name_order=order
    )
    rows = [
        (pk, table.local_time(at, "%H:%M") if at else "", cells)
        for (pk, at), cells in table.rows(extra=("pk", "checked_in_at"))
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "forum": forum,
        "form": form,
        "page": page,
        "rows": rows,
        "header": table.header(),
        "zone": table.zone_label,
        "query": query.urlencode(),
        "profiles": ExportProfile.objects.filter(owner=request.user, forum=forum),
        "may_check_in": may(request.user, "forum.check_in", forum),
    }
    return no_store(render(request, "forum/embassy/attendees.html", context))


@requires("forum.export_attendees", object=forum_from_slug)
def export(request, forum, fmt):
    """Embassy and regional staff: exactly the filtered list as CSV, XLSX or PDF, headers and
    values in the language chosen in the form."""
    if fmt not in exporting.FORMATS:
        raise Http404
    form = filter_form(request, forum)
    if request.GET and not form.is_valid():
        return HttpResponse(
            _("These filters are not valid: %(errors)s") % {"errors": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    export = exports.attendee_export(forum, form)
    query = request.GET.urlencode()
    count = export.get_queryset().count()
    ExportLog.objects.create(
        user=request.user, forum=forum, kind=fmt, query=query[:2000], row_count=count
    )
    log.info(
        "export",
        extra={
            "event": "export",
            "user_id": request.user.pk,
            "forum": forum.slug,
            "format": fmt,
            "rows": count,
        },
    )
    if count > settings.EXPORT_ROWS_IN_REQUEST.get(fmt, count):
        # Too long to make while the browser waits: the task worker makes it (forum/jobs.py).
        job = jobs.start(
            request.user,
            "forum.attendee_export",
            {"forum": forum.pk, "query": query, "format": fmt},
            back=back_to_list(request, forum, query),
        )
        return redirect(job)
    return no_store(exporting.response(export, fmt))


def _badge_page(request, forum, filters, options, status=200):
    """The badge options: layout, crop marks, statuses; the list's filters ride along."""
    passed_on = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in BadgeOptions.NAMES and key != "page"
        for value in values
    ]
    listed = filters.registrations() if request.GET else filters.registrations_all()
    counts = dict(
        listed.prefetch_related(None)
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    context = {
        "forum": forum,
        "options": options,
        "filter_errors": filters.errors if filters.is_bound and not filters.is_valid() else None,
        "passed_on": passed_on,
        "query": urlencode(passed_on),
        "counts": [(label, counts.get(value, 0)) for value, label in Registration.Status.choices],
        "listed": sum(counts.values()),
    }
    return no_store(render(request, "forum/embassy/badges_options.html", context, status=status))


@requires("forum.export_attendees", object=forum_from_slug)
def badge_options(request, forum):
    """Embassy and regional staff: choose the layout and who gets a badge, for the filtered list."""
    options = BadgeOptions.from_query(request.GET) if "layout" in request.GET else BadgeOptions()
    return _badge_page(request, forum, filter_form(request, forum), options)


@requires("forum.export_attendees", object=forum_from_slug)
def badges(request, forum):
    """Embassy and regional staff: name badges (or tent cards) of the filtered list, as PDF.

    Registered and attended people by default; the options page (badge_options) chooses
    others, the layout and crop marks. Bad options answer that page with the errors beside
    their fields."""
    filters = filter_form(request, forum)
    options = BadgeOptions.from_query(request.GET)
    if not options.is_valid() or (filters.is_bound and not filters.is_valid()):
        return _badge_page(request, forum, filters, options, status=400)
    listed = filters.registrations() if request.GET else filters.registrations_all()
    queryset = badge_pdf.chosen(listed, options.cleaned_data["badge_status"])
    layout = options.layout_chosen()
    count = queryset.count()
    if not count:
        options.add_error("badge_status", _("Nobody in this list has the statuses ticked."))
        return _badge_page(request, forum, filters, options, status=400)
    ExportLog.objects.create(
        user=request.user,
        forum=forum,
        kind="badges",
        query=request.GET.urlencode()[:2000],
        row_count=count,
    )
    log.info(
        "export",
        extra={
            "event": "export",
            "user_id": request.user.pk,
            "forum": forum.slug,
            "format": f"badges-{layout.key}",
            "rows": count,
        },
    )
    if count > settings.BADGES_IN_REQUEST:
        # Too many to make while the browser waits: the task worker makes them (forum/jobs.py).
        job = jobs.start(
            request.user,
            "forum.badges",
            {"forum": forum.pk, "query": request.GET.urlencode()},
            back=f"{reverse('embassy:badge_options', args=[forum.slug])}?{request.GET.urlencode()}",
        )
        return redirect(job)
    pdf = badge_pdf.pdf_bytes(forum, queryset, layout, options.cleaned_data["crop_marks"], request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{forum.slug}-badges-{layout.key}.pdf"'
    return no_store(response)


@require_POST
@requires("forum.check_in", object=forum_from_slug)
def check_in(request, forum, pk):
    """Embassy and regional staff with the check-in permission: mark attended, or undo."""
    registration = get_object_or_404(Registration.objects.filter(forum=forum), pk=pk)
    name = {"name": registration.person}
    try:
        if request.POST.get("undo"):
            if checkin.undo_check_in(registration, by=request.user):
                messages.info(request, _("Check-in undone for %(name)s.") % name)
            else:
                messages.info(request, _("%(name)s was not checked in.") % name)
        elif checkin.check_in(registration, by=request.user):
            messages.success(request, _("%(name)s is checked in.") % name)
        else:
            messages.info(request, _("%(name)s was checked in already.") % name)
    except checkin.CheckInRefused as refusal:
        messages.error(request, refusal.message)
    return redirect(back_to_list(request, forum))


def back_to_list(request, forum, query=None):
    url = reverse("embassy:attendees", args=[forum.slug])
    query = request.POST.get("query", "") if query is None else query
    return f"{url}?{query}" if query else url


@require_POST
@requires("forum.list_attendees", object=forum_from_slug)
def save_profile(request, forum):
    """Embassy and regional staff: keep the current filters and columns under a name."""
    name = request.POST.get("name", "").strip()[:100]
    query = request.POST.get("query", "")[:2000]
    if not name:
        messages.error(request, _("Give the saved list a name."))
    else:
        try:
            ExportProfile.objects.update_or_create(
                owner=request.user, forum=forum, name=name, defaults={"query": query}
            )
        except IntegrityError:
            messages.error(request, _("A saved list with this name already exists."))
        else:
            messages.success(request, _("Saved as “%(name)s”.") % {"name": name})
    return redirect(back_to_list(request, forum))


@require_POST
@requires("forum.list_attendees", object=forum_from_slug)
def delete_profile(request, forum, pk):
    """The owner deletes one of their saved lists (404 for anyone else's)."""
    profile = get_object_or_404(ExportProfile, pk=pk, owner=request.user, forum=forum)
    profile.delete()
    messages.info(request, _("Saved list deleted."))
    return redirect("embassy:attendees", slug=forum.slug)
