"""The export infrastructure (exporting/) on its own, with a list of user accounts: each format
is read back from the bytes written."""

import csv
import io
import subprocess

import pytest
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

import exporting
from exporting import Column, ListExporter, text_width
from exporting.writers import column_percentages

pytestmark = pytest.mark.django_db


class Accounts(ListExporter):
    identifier = "test-accounts"
    verbose_name = "Accounts"
    columns = {
        "username": Column(_("Username"), reads=("username",)),
        "name": Column(
            "Name",
            reads=("first_name", "last_name"),
            cell=lambda export, first, last: f"{first} {last}".strip(),
        ),
        "staff": Column(
            "Staff",
            reads=("is_staff",),
            cell=lambda export, staff: "yes" if staff else "no",
            header=lambda export: f"Staff ({export.language})",
        ),
    }
    default_columns = ["username", "name"]
    chunk_size = 3  # several chunks even for a few rows

    def get_queryset(self):
        return User.objects.filter(username__startswith="x-").order_by("username")

    def prepare_chunk(self, rows):
        self.chunks = getattr(self, "chunks", 0) + 1


@pytest.fixture
def accounts(db):
    names = ["=1+1", "+45 20", "王小明", "plain", "@x", "-y", "Ørsted"]
    for n, name in enumerate(names):
        User.objects.create(username=f"x-{n}", first_name=name, is_staff=n % 2 == 0)
    return names


@pytest.fixture(autouse=True)
def english():
    """The exporter speaks the active language; a page requested by an earlier test in this
    thread may have left another one active."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_rows_once_in_chunks(accounts):
    export = Accounts(columns=["name", "staff", "nothing"])
    rows = list(export.rows())
    assert export.chosen == ["name", "staff"]  # an unknown column is dropped
    assert rows[0] == ["=1+1", "yes"] and len(rows) == len(accounts) == export.count
    assert export.chunks == 3
    assert export.header() == ["Name", "Staff (en)"]
    assert Accounts().chosen == ["username", "name"]


def test_rows_with_extra_values(accounts):
    pairs = list(Accounts().rows(extra=("pk",)))
    assert [pk for (pk,), _cells in pairs] == list(
        User.objects.filter(username__startswith="x-")
        .order_by("username")
        .values_list("pk", flat=True)
    )


def test_csv_guarded_with_bom(accounts):
    out = io.BytesIO()
    assert exporting.write(Accounts(columns=["name"]), "csv", out) == len(accounts)
    body = out.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r[0] for r in rows] == [
        "Name",
        "'=1+1",
        "'+45 20",
        "王小明",
        "plain",
        "'@x",
        "'-y",
        "Ørsted",
    ]


def test_xlsx_ready_and_unguarded(accounts):
    out = io.BytesIO()
    exporting.write(Accounts(columns=["username", "name"]), "xlsx", out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet.title == "Accounts"
    assert [c.value for c in sheet["B"]] == ["Name", *accounts]
    assert all(c.data_type == "s" for c in sheet["B"])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:B{len(accounts) + 1}"
    assert sheet.column_dimensions["B"].width >= len("Name") + 3


def test_pdf_every_column_and_page_numbers(accounts, tmp_path):
    path = tmp_path / "a.pdf"
    with path.open("wb") as out:
        exporting.write(Accounts(columns=["username", "name", "staff"]), "pdf", out)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    for word in ("Username", "Name", "Staff (en)", "王小明", "=1+1", "Page 1 of 1", "Accounts"):
        assert word in text, word


def test_response_names_the_file(accounts):
    response = exporting.response(Accounts(), "csv")
    assert response["Content-Disposition"] == 'attachment; filename="test-accounts.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_registry():
    registered = exporting.register(type("Other", (Accounts,), {"identifier": "test-other"}))
    assert exporting.exporter("test-other") is registered
    with pytest.raises(ValueError):
        exporting.register(type("Clash", (Accounts,), {"identifier": "test-other"}))
    with pytest.raises(ValueError):
        exporting.register(type("Nameless", (Accounts,), {"identifier": ""}))
    del exporting.registry["test-other"]


def test_text_width_and_column_shares():
    assert text_width("abc") == 3 and text_width("王小明") == 6 and text_width("Ørsted") == 6
    shares = column_percentages(["Name", "Country"], [["王小明 Wang Xiaoming", "CN"]] * 3)
    assert round(sum(shares)) == 100 and shares[0] > shares[1]
