"""Badges, long attendee exports and large imports as jobs: the click answers at once with the
job's page, the real task worker (tests/worker.py, its own process) makes the file, and the
file read back holds what was asked for, for the user who asked and nobody else."""

import csv
import io
import math
import re
import subprocess
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from delegations.models import Person
from forum.filters import AttendeeFilter
from forum.models import Forum, Registration
from jobs.models import Job
from tests.worker import start_worker

# The worker sees only committed rows: these tests commit (and flush the database afterwards).
pytestmark = pytest.mark.django_db(transaction=True)
SLUG = "china-denmark-cities-regions-forum-2016"


@pytest.fixture(autouse=True)
def demo(demo_in_live_db):
    """The demo, before the fixtures that read its users (an earlier test flushed it)."""


@pytest.fixture
def files(settings, tmp_path):
    settings.JOB_FILES_ROOT = tmp_path / "jobs"
    return settings.JOB_FILES_ROOT


def work(files, **env):
    """Run the real worker until the queue is empty."""
    worker = start_worker("--batch", env={"JOB_FILES_ROOT": str(files), **env})
    output = worker.communicate(timeout=600)[0].decode()
    assert worker.returncode == 0, output
    return output


def job_of(response):
    assert response.status_code == 302, response.content[:500]
    match = re.fullmatch(r"/(da|en|zh-hans)/jobs/([0-9a-f-]{36})/", response["Location"])
    assert match, response["Location"]
    return Job.objects.get(pk=match.group(2))


def download(client, job, tmp_path, name):
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'href="{job.get_absolute_url()}download"' in page, page
    response = client.get(f"{job.get_absolute_url()}download")
    assert response.status_code == 200
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content))
    return path, response


def pdf_text(path, *args):
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_badges_for_the_whole_forum_arrive_as_a_download(
    client, embassy_user, other_embassy, files, settings, tmp_path
):
    settings.BADGES_IN_REQUEST = 20
    forum = Forum.objects.get(slug=SLUG)
    wanted = list(
        AttendeeFilter(forum).registrations_all().filter(status__in=["registered", "attended"])
    )
    assert len(wanted) > 250
    client.force_login(embassy_user)
    query = {"layout": "a4-2x4", "badge_status": ["registered", "attended"]}
    started = client.get(f"/zh-hans/embassy/{SLUG}/badges.pdf?{urlencode(query, doseq=True)}")
    job = job_of(started)
    assert (job.kind, job.language, job.owner) == ("forum.badges", "zh-hans", embassy_user)
    waiting = client.get(started["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert "胸牌" in waiting  # the title, in the page's language
    assert f'href="/zh-hans/embassy/{SLUG}/badges/?' in waiting  # back to the options

    work(files, PDF_PROCESSES="2")  # parts made by the forkserver's children (pdf_join)

    job.refresh_from_db()
    assert job.state == "done", job.error
    assert (job.progress_done, job.progress_total) == (len(wanted), len(wanted))
    path, response = download(client, job, tmp_path, "badges.pdf")
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}-badges-a4-2x4.pdf"'
    assert pdf_pages(path) == math.ceil(len(wanted) / 8)
    text = pdf_text(path)
    for registration in wanted:
        assert (registration.badge_name or registration.person.native_name) in text
    # Every sheet holds eight badges, in the list's order: the ninth begins the second page.
    second_page = pdf_text(path, "-f", "2", "-l", "2")
    assert (wanted[8].badge_name or wanted[8].person.native_name) in second_page
    assert (wanted[7].badge_name or wanted[7].person.native_name) not in second_page

    client.force_login(other_embassy[0])
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(f"{job.get_absolute_url()}download").status_code == 404


def test_a_few_badges_still_come_at_once(client, embassy_user, files, settings):
    settings.BADGES_IN_REQUEST = 500
    client.force_login(embassy_user)
    response = client.get(f"/en/embassy/{SLUG}/badges.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_a_failed_badge_job_tells_the_user_why_in_their_language(
    client, embassy_user, files, settings
):
    settings.BADGES_IN_REQUEST = 0
    client.force_login(embassy_user)
    job = job_of(
        client.get(f"/da/embassy/{SLUG}/badges.pdf?q=Kühnau&layout=a7&badge_status=registered")
    )
    # Before the worker comes to it, the one person it was for cancels.
    Registration.objects.filter(forum__slug=SLUG, person__family_name="Kühnau").update(
        status="cancelled"
    )
    work(files)
    job.refresh_from_db()
    assert job.state == "failed"
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'role="alert"' in page
    assert "Ingen på denne liste har de afkrydsede statusser." in page
    assert client.get(f"{job.get_absolute_url()}download").status_code == 404


def test_a_long_attendee_pdf_is_made_in_parts_with_page_numbers_throughout(
    client, embassy_user, files, settings, tmp_path
):
    settings.EXPORT_ROWS_IN_REQUEST = {"pdf": 50}
    client.force_login(embassy_user)
    query = "columns=name&columns=native_name&columns=organisation&language=da"
    job = job_of(client.get(f"/en/embassy/{SLUG}/attendees/export.pdf?{query}"))
    assert job.kind == "forum.attendee_export"

    # 300+ rows: four parts, counted and made by two processes, joined
    output = work(files, PDF_ROWS_PER_PART="100", PDF_PROCESSES="2")
    # Column widths written as CSS, not in Danish ("30,89%" was ignored: widths lost).
    assert "Ignored" not in output, output

    job.refresh_from_db()
    assert job.state == "done", job.error
    path, _response = download(client, job, tmp_path, "list.pdf")
    pages = pdf_pages(path)
    assert pages > 4
    for number in range(1, pages + 1):
        page = pdf_text(path, "-f", str(number), "-l", str(number))
        assert f"Side {number} af {pages}" in page, page[-300:]
        assert "Deltagere" in page  # the list's title at the foot of every page
    text = pdf_text(path)
    registrations = AttendeeFilter(Forum.objects.get(slug=SLUG)).registrations_all()
    for registration in registrations:
        assert registration.person.native_name in text or registration.person.family_name in text
    assert text.count("Navn på originalsprog") == pages  # the header row on each page


def test_a_large_xlsx_export_is_a_job_and_opens_ready(
    client, embassy_user, files, settings, tmp_path
):
    settings.EXPORT_ROWS_IN_REQUEST = {"xlsx": 10}
    client.force_login(embassy_user)
    job = job_of(client.get(f"/en/embassy/{SLUG}/attendees/export.xlsx?country=CN"))
    work(files)
    job.refresh_from_db()
    assert job.state == "done", job.error
    path, response = download(client, job, tmp_path, "list.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    expected = AttendeeFilter(Forum.objects.get(slug=SLUG), {"country": "CN"}).registrations()
    assert rows[0][:2] == ("Name", "Name in native script")
    assert [row[1] for row in rows[1:]] == [r.person.native_name or None for r in expected]
    assert sheet.freeze_panes == "A2"


def test_a_csv_export_streams_whatever_its_length(client, embassy_user, files):
    client.force_login(embassy_user)
    response = client.get(f"/en/embassy/{SLUG}/attendees/export.csv")
    assert response.status_code == 200 and response.streaming
    assert not Job.objects.exists()


def import_file(count):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["E-mail", "Given name", "Family name", "中文名", "Country"])
    for n in range(count):
        writer.writerow([f"bulk-{n}@example.org", f"Given{n}", f"Family{n}", f"王{n}", "CN"])
    return out.getvalue().encode()


def test_a_large_import_is_confirmed_by_the_worker(client, staff_user, files, settings, tmp_path):
    settings.IMPORT_ROWS_IN_REQUEST = 100
    forum = Forum.objects.get(slug=SLUG)
    client.force_login(staff_user)
    url = "/admin/forum/registration/import/"
    upload = SimpleUploadedFile("bulk.csv", import_file(400))
    preview = client.post(url, {"step": "upload", "forum": forum.pk, "file": upload})
    assert preview.status_code == 200
    mapping = {
        f"map_{key}": "" if index is None else index
        for key, _label, index in preview.context["targets"]
    }
    confirm = {"step": "confirm", "token": preview.context["token"], "forum": forum.pk}
    job = job_of(client.post(url, {**confirm, **mapping}))
    assert job.kind == "forum.import"
    assert not Person.objects.filter(email__startswith="bulk-").exists()  # not yet

    work(files)

    job.refresh_from_db()
    assert job.state == "done", job.error
    assert (
        Registration.objects.filter(forum=forum, person__email__startswith="bulk-").count() == 400
    )
    person = Person.objects.get(email="bulk-7@example.org")
    assert person.native_name == "王7"
    assert person.history.get().history_user == staff_user  # who imported, without a request
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Imported: 400 new people" in page
    path, _response = download(client, job, tmp_path, "report.csv")
    report = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(report) == 401 and report[1][3] == "bulk-0@example.org"

    # Confirming again: the kept upload went with the import.
    again = client.post(url, {**confirm, **mapping})
    assert again.status_code == 302 and again["Location"] == url
    assert Job.objects.count() == 1
