"""Every export format is read back and compared with the filtered rows; formulas are inert."""

import csv
import datetime as dt
import io
import subprocess

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from delegations.models import Organisation, Person
from forum.exports import spreadsheet_phone, spreadsheet_rows
from forum.models import ExportLog, Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
BASE = f"/en/embassy/{SLUG}/attendees/export"
FILTER = (
    "country=CN&status=registered"
    "&columns=name&columns=native_name&columns=organisation&columns=phone"
)


@pytest.fixture
def embassy(client, embassy_user):
    client.force_login(embassy_user)
    return client


def expected_rows():
    return list(
        Registration.objects.filter(
            forum__slug=SLUG, organisation__country="CN", status="registered"
        ).order_by("person__family_name", "person__given_name", "pk")
    )


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_is_exactly_the_filtered_list(embassy):
    rows = read_csv(embassy.get(f"{BASE}.csv?{FILTER}"))
    expected = expected_rows()
    assert rows[0] == ["Name", "Name in native script", "Organisation", "Phone"]
    assert len(rows) - 1 == len(expected) > 250
    assert [r[0] for r in rows[1:]] == [reg.person.latin_name for reg in expected]
    assert [r[1] for r in rows[1:]] == [reg.person.native_name for reg in expected]
    # Phones stay readable and inert: the country code in brackets.
    assert rows[1][3].startswith("(+86) 138")


def test_xlsx_is_exactly_the_filtered_list(embassy):
    response = embassy.get(f"{BASE}.xlsx?{FILTER}")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    expected = expected_rows()
    assert values[0] == ("Name", "Name in native script", "Organisation", "Phone")
    assert [v[1] for v in values[1:]] == [reg.person.native_name for reg in expected]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_pdf_lists_the_filtered_names_with_cjk_font(embassy, tmp_path):
    response = embassy.get(f"{BASE}.pdf?country=DK&columns=name&columns=native_name")
    path = tmp_path / "list.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    danes = Registration.objects.filter(forum__slug=SLUG, organisation__country="DK")
    assert danes.exists()
    for registration in danes:
        assert registration.person.given_name in text
    assert "Wang" not in text or "王" not in text  # no Chinese guests in a DK filter
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "CJK" in fonts or "Noto" in fonts


def test_chinese_names_in_the_pdf(embassy, tmp_path):
    response = embassy.get(f"{BASE}.pdf?{FILTER}")
    path = tmp_path / "list.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert expected_rows()[0].person.native_name in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts


HOSTILE = ['=HYPERLINK("http://x")', "+SUM(1)", "-1+2", "@cmd", "\tx", "\rx"]


@pytest.fixture
def hostile_guests():
    forum = Forum.objects.get(slug=SLUG)
    org = Organisation.objects.create(slug="evil-org", name="=cmd|' /C calc'!A0", country="CN")
    for number, text in enumerate(HOSTILE):
        person = Person.objects.create(
            given_name=text,
            family_name="Zz",
            email=f"hostile-{number}@example.org",
            native_name=text,
            organisation=org,
        )
        Registration.objects.create(forum=forum, person=person, organisation=org)
    return HOSTILE


def test_formulas_are_neutralised_in_csv(embassy, hostile_guests):
    rows = read_csv(embassy.get(f"{BASE}.csv?q=Zz&columns=native_name&columns=organisation"))
    assert len(rows) == 1 + len(HOSTILE)
    for native, organisation in rows[1:]:
        assert native.startswith("'") and organisation.startswith("'=")


def test_formulas_are_neutralised_in_xlsx(embassy, hostile_guests):
    response = embassy.get(f"{BASE}.xlsx?q=Zz&columns=native_name&columns=organisation")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert len(cells) == 2 * len(HOSTILE)
    for cell in cells:
        assert cell.data_type == "s" and cell.value.startswith("'")


def test_pdf_shows_hostile_text_as_plain_text(embassy, hostile_guests, tmp_path):
    response = embassy.get(f"{BASE}.pdf?q=Zz&columns=native_name")
    path = tmp_path / "h.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "+SUM(1)" in text and "@cmd" in text


def test_neutralise_and_phones():
    columns = ["name", "phone", "email"]
    rows = [["=1+1", "+45 20 00 00 01", "@cmd"], ["Anders", "", "\tx"], ["-2", "+86 1", ""]]
    assert list(spreadsheet_rows(columns, rows)) == [
        ["'=1+1", "(+45) 20 00 00 01", "'@cmd"],
        ["Anders", "", "'\tx"],
        ["'-2", "(+86) 1", ""],
    ]
    assert spreadsheet_phone("+45 20 00 00 01") == "(+45) 20 00 00 01"
    assert spreadsheet_phone("20 00 00 01") == "20 00 00 01"


def test_each_export_is_logged(embassy, embassy_user):
    before = ExportLog.objects.count()
    b"".join(embassy.get(f"{BASE}.csv?{FILTER}").streaming_content)
    log = ExportLog.objects.latest("created_at")
    assert ExportLog.objects.count() == before + 1
    assert (log.user, log.kind, log.row_count) == (embassy_user, "csv", len(expected_rows()))
    assert "country=CN" in log.query


def test_exports_are_not_cached(embassy):
    for fmt in ("csv", "xlsx", "pdf"):
        response = embassy.get(f"{BASE}.{fmt}?country=DK")
        assert "no-store" in response["Cache-Control"], fmt


def test_unknown_format_and_bad_filters(embassy):
    assert embassy.get(f"{BASE}.docx").status_code == 404
    bad = embassy.get(f"{BASE}.csv?status=dancing")
    assert bad.status_code == 400
    assert "not valid" in bad.content.decode()


def test_export_queries_do_not_grow(embassy, django_assert_max_num_queries):
    with django_assert_max_num_queries(25) as small:
        b"".join(embassy.get(f"{BASE}.csv?columns=name&columns=sessions").streaming_content)
    forum = Forum.objects.get(slug=SLUG)
    people = Person.objects.bulk_create(
        [
            Person(given_name=f"N{n}", family_name="Bulk", email=f"bulk-{n}@example.org")
            for n in range(2500)
        ]
    )
    Registration.objects.bulk_create([Registration(forum=forum, person=p) for p in people])
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        rows = read_csv(embassy.get(f"{BASE}.csv?columns=name&columns=sessions"))
    assert len(rows) > 2800


@pytest.mark.parametrize("language", ["da", "en", "zh-hans"])
@pytest.mark.parametrize("order", ["", "family_first", "given_first"])
def test_export_rows_match_what_the_page_shows(language, order):
    """The export reads plain values; the page reads model instances: same text in both."""
    from django.utils import translation

    from forum.exports import COLUMNS, attendee_rows
    from forum.filters import AttendeeFilter

    forum = Forum.objects.get(slug=SLUG)
    registration = Registration.objects.filter(forum=forum, person__native_name="吕明欧").first()
    registration.status, registration.checked_in_at = (
        "attended",
        dt.datetime(2016, 12, 5, 1, tzinfo=dt.UTC),
    )
    registration.save()
    queryset = AttendeeFilter(forum).registrations_all()
    columns = list(COLUMNS)
    exported = list(attendee_rows(queryset, columns, order, language))
    with translation.override(language):
        shown = [[str(COLUMNS[key].value(r, order) or "") for key in columns] for r in queryset]
    assert exported == shown
    assert len(exported) > 300


def test_every_column_says_what_it_reads():
    from forum.exports import COLUMNS, NEEDS, SOURCES

    assert set(NEEDS) == set(COLUMNS)
    assert {key for keys in NEEDS.values() for key in keys} == set(SOURCES)
