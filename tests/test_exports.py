"""Every export format is read back and compared with the filtered rows; formulas are inert."""

import csv
import datetime as dt
import io
import re
import subprocess

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

import exporting
from delegations.models import Organisation, Person
from exporting.writers import guarded
from forum.exports import COLUMNS, AttendeeList
from forum.models import ExportLog, Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
BASE = f"/en/embassy/{SLUG}/attendees/export"
FILTER = (
    "country=CN&status=registered"
    "&columns=name&columns=native_name&columns=organisation&columns=phone"
)


@pytest.fixture(autouse=True)
def made_in_the_request(settings):
    """Every export comes straight back here; tests/test_heavy_jobs.py has long ones made by
    the task worker, as a click above EXPORT_ROWS_IN_REQUEST does."""
    settings.EXPORT_ROWS_IN_REQUEST = {}


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
    # Phones as entered; the generic guard keeps a leading + from running in a spreadsheet.
    assert [r[3] for r in rows[1:]] == [
        "'" + p if p.startswith("+") else p for p in (reg.person.phone for reg in expected)
    ]
    assert rows[1][3].startswith("'+86 138")


def read_xlsx(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_xlsx_is_exactly_the_filtered_list(embassy):
    sheet = read_xlsx(embassy.get(f"{BASE}.xlsx?{FILTER}"))
    values = list(sheet.iter_rows(values_only=True))
    expected = expected_rows()
    assert values[0] == ("Name", "Name in native script", "Organisation", "Phone")
    assert [v[1] for v in values[1:]] == [reg.person.native_name for reg in expected]
    # Phone numbers exactly as entered: a string cell never runs, so nothing is added.
    assert [v[3] or "" for v in values[1:]] == [reg.person.phone for reg in expected]
    assert values[1][3].startswith("+86 138")
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert not any(cell.value.startswith("'") for cell in cells)


def test_xlsx_opens_ready(embassy):
    """Header frozen, a filter over all the data, widths fitted to the content."""
    sheet = read_xlsx(embassy.get(f"{BASE}.xlsx?{FILTER}"))
    rows = len(expected_rows())
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:D{rows + 1}"
    assert all(cell.font.b for cell in sheet[1])
    widths = {col: sheet.column_dimensions[col].width for col in "ABCD"}
    names = [c.value or "" for c in sheet["A"][1:]]
    native = [c.value or "" for c in sheet["B"][1:]]
    # Fitted: the widest name fits; Chinese characters count double.
    assert widths["A"] >= max(map(len, names)) and widths["A"] < max(map(len, names)) + 8
    assert widths["B"] >= 2 * max(map(len, native)) or widths["B"] >= len("Name in native script")
    assert widths["C"] != widths["D"]


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
    """String cells, which never run as formulas: the text exactly as written, no apostrophe."""
    sheet = read_xlsx(embassy.get(f"{BASE}.xlsx?q=Zz&columns=native_name&columns=organisation"))
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(HOSTILE)
    # XlsxWriter escapes a carriage return as _x000D_ (Excel reads it back); openpyxl does not.
    shown = [native.value.replace("_x000D_", "\r") for native, _org in rows]
    assert sorted(shown) == sorted(HOSTILE)
    for native, organisation in rows:
        assert native.data_type == organisation.data_type == "s"
        assert organisation.value == "=cmd|' /C calc'!A0"


def test_pdf_shows_hostile_text_as_plain_text(embassy, hostile_guests, tmp_path):
    response = embassy.get(f"{BASE}.pdf?q=Zz&columns=native_name")
    path = tmp_path / "h.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "+SUM(1)" in text and "@cmd" in text


def test_csv_guard():
    rows = [["=1+1", "+45 20 00 00 01", "@cmd"], ["Anders", "", "\tx"], ["-2", "+86 1", ""]]
    assert list(guarded(rows)) == [
        ["'=1+1", "'+45 20 00 00 01", "'@cmd"],
        ["Anders", "", "'\tx"],
        ["'-2", "'+86 1", ""],
    ]


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


def pdf_text(response, tmp_path, layout=False):
    path = tmp_path / "export.pdf"
    path.write_bytes(response.content)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_pages(tmp_path):
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "export.pdf")], capture_output=True, text=True
    ).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


@pytest.mark.parametrize("language", ["da", "en", "zh-hans"])
@pytest.mark.parametrize("order", ["", "family_first", "given_first"])
def test_rows_match_the_models(language, order):
    """The exporter reads plain values; the same text as the model instances give."""
    import zoneinfo

    from django.utils import translation

    from delegations.models import format_latin_name
    from forum.filters import AttendeeFilter

    forum = Forum.objects.get(slug=SLUG)
    registration = Registration.objects.filter(forum=forum, person__native_name="吕明欧").first()
    registration.status = "attended"
    registration.checked_in_at = dt.datetime(2016, 12, 5, 1, tzinfo=dt.UTC)
    registration.save()
    queryset = AttendeeFilter(forum).registrations_all()
    exported = list(
        AttendeeList(
            forum, queryset, columns=list(COLUMNS), language=language, name_order=order
        ).rows()
    )
    zone = zoneinfo.ZoneInfo(forum.time_zone)
    with translation.override(language):
        expected = [
            [
                format_latin_name(
                    r.person.given_name, r.person.family_name, order or r.person.name_order
                ),
                r.person.native_name,
                r.organisation.name if r.organisation else "",
                r.organisation.name_native if r.organisation else "",
                r.organisation.country if r.organisation else "",
                r.delegation.name if r.delegation else "",
                r.person.position,
                r.get_status_display(),
                r.checked_in_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
                r.person.email,
                r.person.phone,
                "; ".join(s.title for s in r.sessions.all()),
                r.badge_name,
            ]
            for r in queryset
        ]
    assert exported == expected
    assert len(exported) > 300
    assert any(row[11] for row in exported) and any(row[5] for row in exported)


def test_each_column_reads_only_what_it_shows():
    """An e-mail-only export joins people, not organisations or delegations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    forum = Forum.objects.get(slug=SLUG)
    with CaptureQueriesContext(connection) as queries:
        rows = list(AttendeeList(forum, forum.registrations.all(), columns=["email"]).rows())
    assert rows and all(len(row) == 1 for row in rows)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert '"email"' in sql
    assert '"delegations_organisation"' not in sql and '"delegations_delegation"' not in sql


def test_every_format_goes_through_the_registry():
    assert exporting.exporter("attendees") is AttendeeList
    assert set(exporting.FORMATS) == {"csv", "xlsx", "pdf"}
    with pytest.raises(LookupError):
        exporting.exporter("nothing")
    with pytest.raises(LookupError):
        exporting.response(AttendeeList(Forum.objects.get(slug=SLUG), None), "docx")


def test_headers_and_values_in_the_chosen_language(embassy, tmp_path):
    """The page speaks English; the export was asked for in Danish (and in Chinese)."""
    query = "country=CN&status=registered&columns=name&columns=status&columns=sessions"
    rows = read_csv(embassy.get(f"{BASE}.csv?{query}&language=da"))
    assert rows[0] == ["Navn", "Status", "Sessioner"]
    assert {row[1] for row in rows[1:]} == {"Tilmeldt"}
    sheet = read_xlsx(embassy.get(f"{BASE}.xlsx?{query}&language=zh-hans"))
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("姓名", "状态", "场次")
    assert {row[1] for row in values[1:]} == {"已报名"}
    assert sheet.title == "参会者"
    text = pdf_text(embassy.get(f"{BASE}.pdf?{query}&language=da"), tmp_path)
    assert "Navn" in text and "Tilmeldt" in text and "Side 1 af" in text
    assert "Registered" not in text


def test_check_in_times_in_the_forums_zone(embassy, tmp_path):
    """01:00 UTC is 09:00 in Beijing; every format says so and names the zone in words in the
    export's language (CLDR names: "China Time", "中国时间"), never its IANA ID."""
    forum = Forum.objects.get(slug=SLUG)
    assert forum.time_zone == "Asia/Shanghai"
    registration = Registration.objects.filter(forum=forum, person__native_name="吕明欧").get()
    registration.status = "attended"
    registration.checked_in_at = dt.datetime(2016, 12, 5, 1, 0, tzinfo=dt.UTC)
    registration.save()
    query = "q=吕明欧&columns=name&columns=checked_in"
    rows = read_csv(embassy.get(f"{BASE}.csv?{query}"))
    assert rows == [["Name", "Checked in (China Time)"], ["Lü Ming'ou", "2016-12-05 09:00"]]
    values = list(read_xlsx(embassy.get(f"{BASE}.xlsx?{query}")).iter_rows(values_only=True))
    assert values == [("Name", "Checked in (China Time)"), ("Lü Ming'ou", "2016-12-05 09:00")]
    text = pdf_text(embassy.get(f"{BASE}.pdf?{query}"), tmp_path)
    assert "2016-12-05 09:00" in text and "China Time" in text
    assert "Asia/Shanghai" not in text
    chinese = read_csv(embassy.get(f"{BASE}.csv?{query}&language=zh-hans"))
    assert chinese[0] == ["姓名", "签到时间（中国时间）"]
    danish_export = embassy.get(f"/da/embassy/{SLUG}/attendees/export.xlsx?{query}")
    danish = list(read_xlsx(danish_export).values)
    assert danish[0] == ("Navn", "Tjekket ind (Kinesisk tid)")
    page = embassy.get(f"/en/embassy/{SLUG}/attendees/?{query}").content.decode()
    assert "2016-12-05 09:00" in page and "Checked in (China Time)" in page
    assert "<time>09:00</time>" in page and "(China Time)" in page
    assert "Asia/Shanghai" not in page
    page = embassy.get(f"/zh-hans/embassy/{SLUG}/attendees/?{query}").content.decode()
    assert "（中国时间）" in page and "Asia/Shanghai" not in page
    # In Chinese: the header has no English or IANA words, in every format.
    chinese = f"{query}&columns=native_name&language=zh-hans"
    header = read_csv(embassy.get(f"{BASE}.csv?{chinese}"))[0]
    assert "中国时间" in header[1], header
    xlsx_header = next(read_xlsx(embassy.get(f"{BASE}.xlsx?{chinese}")).iter_rows(values_only=True))
    assert list(xlsx_header) == header
    assert not re.search(r"[A-Za-z]", " ".join(header)), header
    text = pdf_text(embassy.get(f"{BASE}.pdf?{chinese}"), tmp_path)
    assert "中国时间" in text and "Asia" not in text and "Shanghai" not in text
    assert "China Time" not in text


def test_pdf_fits_every_column(embassy, tmp_path):
    """Every column on landscape pages, page numbers, the time it was made and the filters."""
    from django.utils import timezone

    columns = "&".join(f"columns={key}" for key in COLUMNS)
    response = embassy.get(f"{BASE}.pdf?country=CN&status=registered&{columns}")
    text = pdf_text(response, tmp_path)
    flat = " ".join(text.split())
    dense = "".join(text.split())  # cells wrap between words (and after a slash)
    for key, column in COLUMNS.items():
        label = "Checked in (China Time)" if key == "checked_in" else str(column.label)
        assert "".join(label.split()) in dense, label
    pages = pdf_pages(tmp_path)
    assert pages > 1
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    # Every row's e-mail address whole, though cells wrap (no right-hand column is cut off).
    for registration in expected_rows():
        assert registration.person.email.replace(" ", "") in flat.replace(" ", "") or (
            registration.person.email.split("@")[0] in flat
        )
    now = timezone.now().astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert f"Generated {now:%Y-%m-%d}" in flat and "(China Time)" in flat
    assert "Asia/Shanghai" not in flat
    assert "Filters: Country: CN; Status: Registered" in flat
    size = subprocess.run(
        ["pdfinfo", str(tmp_path / "export.pdf")], capture_output=True, text=True
    ).stdout
    assert "841.89 x 595.27" in size  # A4, landscape


def test_pdf_without_filters_says_so(embassy, tmp_path):
    text = " ".join(pdf_text(embassy.get(f"{BASE}.pdf?columns=name"), tmp_path).split())
    assert "Filters: none, every registration" in text
