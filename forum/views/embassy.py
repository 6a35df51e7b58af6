"""Embassy staff (and regional staff): attendee lists, exports, badges, check-in, profiles.

Every view: signed in, allowed to list attendees (forum.permissions), and the forum is one
the user's embassy hosts; anything else answers 404. Embassy staff change nothing but
check-in and their own export profiles.
"""

import logging
import tempfile
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.caching import no_store
from delegations.permissions import refuse
from forum import badges as badge_pdf
from forum import exports
from forum.badges import BadgeOptions
from forum.filters import AttendeeFilter
from forum.models import ExportLog, ExportProfile, Registration
from forum.permissions import (
    forum_or_404,
    may_list_attendees,
    registration_or_404,
    require,
    visible_forums,
)

log = logging.getLogger("delegation_desk.exports")
PAGE_SIZE = 100
FORMATS = {"csv", "xlsx", "pdf"}


def guard(user):
    if not may_list_attendees(user):
        refuse(user, "embassy")


@login_required
def forums(request):
    """Embassy and regional staff: the forums whose attendees they may list."""
    guard(request.user)
    return no_store(
        render(request, "forum/embassy/forums.html", {"forums": visible_forums(request.user)})
    )


def filter_form(request, forum):
    return AttendeeFilter(forum, request.GET or None)


@login_required
def attendees(request, slug):
    """Embassy and regional staff: a hosted forum's attendee list, filtered, paginated."""
    guard(request.user)
    forum = forum_or_404(request.user, slug)
    form = filter_form(request, forum)
    columns = form.chosen_columns()
    registrations = form.registrations() if request.GET else form.registrations_all()
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    order = form.cleaned_data.get("name_order", "") if form.is_bound and form.is_valid() else ""
    rows = [
        (registration, [exports.COLUMNS[key].value(registration, order) for key in columns])
        for registration in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "forum": forum,
        "form": form,
        "page": page,
        "rows": rows,
        "header": exports.header(columns),
        "query": query.urlencode(),
        "profiles": ExportProfile.objects.filter(owner=request.user, forum=forum),
        "may_check_in": request.user.has_perm("forum.check_in_registration"),
    }
    return no_store(render(request, "forum/embassy/attendees.html", context))


@login_required
def export(request, slug, fmt):
    """Embassy and regional staff: exactly the filtered list as CSV, XLSX or PDF."""
    guard(request.user)
    require(request.user, "forum.export_registration")
    if fmt not in FORMATS:
        raise Http404
    forum = forum_or_404(request.user, slug)
    form = filter_form(request, forum)
    if request.GET and not form.is_valid():
        return HttpResponse(
            _("These filters are not valid: %(errors)s") % {"errors": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    columns = form.chosen_columns()
    queryset = form.registrations() if request.GET else form.registrations_all()
    cleaned = form.cleaned_data if form.is_bound else {}
    language = cleaned.get("language") or translation.get_language()
    order = cleaned.get("name_order", "")
    filename = f"{forum.slug}-attendees-{timezone.localdate():%Y%m%d}.{fmt}"
    query = request.GET.urlencode()
    count = queryset.count()
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
    rows = exports.attendee_rows(queryset, columns, order, language)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(columns, rows), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        # Large workbooks spill to a temporary file, not to memory.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        with translation.override(language):
            exports.write_xlsx(columns, rows, spool, title=str(_("Attendees")))
        spool.seek(0)
        response = FileResponse(
            spool,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        with translation.override(language):
            pdf, _count = exports.pdf_bytes(columns, rows, forum.name, request)
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)


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


@login_required
def badge_options(request, slug):
    """Embassy and regional staff: choose the layout and who gets a badge, for the filtered list."""
    guard(request.user)
    require(request.user, "forum.export_registration")
    forum = forum_or_404(request.user, slug)
    options = BadgeOptions.from_query(request.GET) if "layout" in request.GET else BadgeOptions()
    return _badge_page(request, forum, filter_form(request, forum), options)


@login_required
def badges(request, slug):
    """Embassy and regional staff: name badges (or tent cards) of the filtered list, as PDF.

    Registered and attended people by default; the options page (badge_options) chooses
    others, the layout and crop marks. Bad options answer that page with the errors beside
    their fields."""
    guard(request.user)
    require(request.user, "forum.export_registration")
    forum = forum_or_404(request.user, slug)
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
    pdf = badge_pdf.pdf_bytes(forum, queryset, layout, options.cleaned_data["crop_marks"], request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{forum.slug}-badges-{layout.key}.pdf"'
    return no_store(response)


@require_POST
@login_required
def check_in(request, slug, pk):
    """Embassy and regional staff with the check-in permission: mark attended, or undo."""
    guard(request.user)
    require(request.user, "forum.check_in_registration")
    forum = forum_or_404(request.user, slug)
    registration = registration_or_404(request.user, forum, pk)
    if request.POST.get("undo"):
        registration.status = Registration.Status.REGISTERED
        registration.checked_in_at = None
        messages.info(request, _("Check-in undone for %(name)s.") % {"name": registration.person})
    else:
        if registration.status == Registration.Status.CANCELLED:
            messages.error(request, _("A cancelled registration cannot be checked in."))
            return redirect(back_to_list(request, forum))
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = timezone.now()
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.person})
    registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    return redirect(back_to_list(request, forum))


def back_to_list(request, forum):
    url = reverse("embassy:attendees", args=[forum.slug])
    query = request.POST.get("query", "")
    return f"{url}?{query}" if query else url


@require_POST
@login_required
def save_profile(request, slug):
    """Embassy and regional staff: keep the current filters and columns under a name."""
    guard(request.user)
    forum = forum_or_404(request.user, slug)
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
@login_required
def delete_profile(request, slug, pk):
    """The owner deletes one of their saved lists (404 for anyone else's)."""
    guard(request.user)
    forum = forum_or_404(request.user, slug)
    profile = get_object_or_404(ExportProfile, pk=pk, owner=request.user, forum=forum)
    profile.delete()
    messages.info(request, _("Saved list deleted."))
    return redirect("embassy:attendees", slug=forum.slug)
