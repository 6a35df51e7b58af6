"""The forum's heavy work, run by the task worker (jobs/): name badges, long attendee exports
and large participant imports. The views start these above a size (settings: BADGES_IN_REQUEST,
EXPORT_ROWS_IN_REQUEST, IMPORT_ROWS_IN_REQUEST) and send the user to the job's page.

Each job reads again what the view read, from the same query string or the same kept file,
and asks again whether its owner may (a permission taken away meanwhile stops it).
"""

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

import exporting
import jobs
from accounts.rules import may

from . import badges as badge_pdf
from . import imports
from .exports import attendee_export
from .filters import AttendeeFilter
from .models import Forum


def _forum(job, params, rule):
    forum = Forum.objects.filter(pk=params.get("forum")).first()
    if forum is None or not may(job.owner, rule, forum):
        raise jobs.JobError(_("This forum is not open to you (any more)."))
    return forum


@jobs.register("forum.badges", title=gettext_lazy("Name badges (PDF)"))
def make_badges(job, params, progress):
    """params: forum (id), query (the badge page's query string: filters and options)."""
    forum = _forum(job, params, "forum.export_attendees")
    query = QueryDict(params.get("query", ""))
    filters = AttendeeFilter(forum, query or None)
    options = badge_pdf.BadgeOptions.from_query(query)
    if not options.is_valid() or (filters.is_bound and not filters.is_valid()):
        raise jobs.JobError(_("These options are not valid any more. Please choose them again."))
    listed = filters.registrations() if query else filters.registrations_all()
    queryset = badge_pdf.chosen(listed, options.cleaned_data["badge_status"])
    layout = options.layout_chosen()
    count = queryset.count()
    if not count:
        raise jobs.JobError(_("Nobody in this list has the statuses ticked."))
    message = _("Badges: %(count)s · sheets: %(sheets)s") % {
        "count": count,
        "sheets": layout.sheets(count),
    }
    target = jobs.work_folder(job) / "badges.pdf"
    badge_pdf.write_pdf(
        forum,
        queryset,
        layout,
        target,
        options.cleaned_data["crop_marks"],
        progress=lambda done, total: progress(done, total, message),
    )
    return f"{forum.slug}-badges-{layout.key}.pdf", "application/pdf", target


@jobs.register("forum.attendee_export", title=gettext_lazy("Attendee list"))
def export_attendees(job, params, progress):
    """params: forum (id), query (the list's query string), format (csv, xlsx, pdf)."""
    forum = _forum(job, params, "forum.export_attendees")
    fmt = params.get("format")
    if fmt not in exporting.FORMATS:
        raise jobs.JobError(_("This kind of file is not known."))
    query = QueryDict(params.get("query", ""))
    form = AttendeeFilter(forum, query or None)
    if form.is_bound and not form.is_valid():
        raise jobs.JobError(_("These filters are not valid any more. Please choose them again."))
    export = attendee_export(forum, form)
    total = export.get_queryset().count()
    message = _("rows")
    progress(0, total, message)
    target = jobs.work_folder(job) / f"attendees.{fmt}"
    with target.open("wb") as file:
        exporting.write(export, fmt, file, progress=lambda done: progress(done, total, message))
    writer = exporting.FORMATS[fmt]
    return export.filename(writer.extension), writer.content_type, target


@jobs.register("forum.import", title=gettext_lazy("Import participants"))
def import_participants(job, params, progress):
    """params: forum (id), token (the kept upload), mapping ({target: column}), language (of
    the file's titles), organisations (the preview's organisation choices, as posted). The
    file's report is the job's file."""
    forum = _forum(job, params, "forum.import_participants")
    data = imports.unstash(params.get("token"))
    if data is None:
        raise jobs.JobError(_("The uploaded file has expired. Upload it again."))
    try:
        headers, rows = imports.read_table(params["token"], data)
    except imports.ImportRefused as refusal:
        raise jobs.JobError(str(refusal)) from None
    progress(0, len(rows), _("checking every row"))
    mapping = {
        target: int(column)
        for target, column in params.get("mapping", {}).items()
        if target in imports.TARGETS and str(column).isdigit() and int(column) < len(headers)
    }
    report = imports.import_participants(
        forum,
        headers,
        rows,
        mapping,
        dry_run=False,
        organisations=imports.organisation_choices(params.get("organisations", {})),
        user=job.owner,
        language=params.get("language"),
    )
    if not report.written:
        raise jobs.JobError(
            ngettext(
                "%(count)s row has errors: nothing was imported. Upload the file again to"
                " see it in the preview.",
                "%(count)s rows have errors: nothing was imported. Upload the file again to"
                " see them in the preview.",
                len(report.errors),
            )
            % {"count": len(report.errors)}
        )
    imports.forget(params["token"])
    progress(len(rows), len(rows), imports.summary(report))
    return "import-report.csv", "text/csv", imports.report_csv(headers, rows, report)
