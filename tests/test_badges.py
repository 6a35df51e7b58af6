"""Name badges (forum/badges.py): the demo forum's badges on every layout, read back from the
PDF with poppler's pdfinfo and pdftotext, QR codes decoded from the rendered page (zxing-cpp),
and a cost that grows linearly with the number of badges."""

import math
import re
import subprocess
import time
from pathlib import Path

import pytest

from delegations.models import Person
from forum import badges
from forum.filters import AttendeeFilter
from forum.models import Forum, Registration

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"
URL = f"/en/embassy/{SLUG}/badges.pdf"
PAGE_MM = {"a4-2x4": (210, 297), "a4-2x5": (210, 297), "a6": (105, 148), "a7": (74, 105)}
PAGE_MM["tent"] = (297, 210)
ENTRYPOINT = (Path(__file__).resolve().parent.parent / "docker" / "entrypoint.sh").read_text()


@pytest.fixture(autouse=True)
def made_in_the_request(settings):
    """The demo's ~300 badges come straight back here; tests/test_heavy_jobs.py has them made
    by the task worker, as a click above BADGES_IN_REQUEST does."""
    settings.BADGES_IN_REQUEST = 10_000


@pytest.fixture
def embassy(client, embassy_user):
    client.force_login(embassy_user)
    return client


def forum():
    return Forum.objects.get(slug=SLUG)


def expected(statuses=badges.DEFAULT_STATUSES):
    """The registrations that get a badge, in the list's order."""
    return list(AttendeeFilter(forum()).registrations_all().filter(status__in=statuses))


def save(response, tmp_path, name="badges.pdf"):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / name
    path.write_bytes(response.content)
    return path


def info(path, *args):
    return subprocess.run(
        ["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True
    ).stdout


def pages(path):
    return int(re.search(r"^Pages:\s+(\d+)", info(path), re.M).group(1))


def box_mm(path, name="Page size"):
    """(width, height) in mm of page 1: its MediaBox ("Page size") or another box."""
    out = info(path, "-box", "-f", "1", "-l", "1")
    if name == "Page size":
        width, height = re.search(r"size:\s+([\d.]+) x ([\d.]+) pts", out).groups()
        return round(float(width) * 25.4 / 72, 1), round(float(height) * 25.4 / 72, 1)
    left, top, right, bottom = map(float, re.search(rf"{name}:\s+(.+)", out).group(1).split())
    return round((right - left) * 25.4 / 72, 1), round((bottom - top) * 25.4 / 72, 1)


def text(path, page):
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def names_of(registration):
    person = registration.person
    return [person.native_name, person.latin_name] if person.native_name else [person.latin_name]


def test_default_badges_on_a4_label_sheets(embassy, tmp_path):
    """No options: A4 sheets of 2 × 4, registered and attended people only, made well inside
    the worker timeout that docker/entrypoint.sh gives gunicorn."""
    wanted = expected()
    started = time.process_time()
    path = save(embassy.get(URL), tmp_path)
    timeout = int(re.search(r"--timeout \"\$\{GUNICORN_TIMEOUT:-(\d+)\}\"", ENTRYPOINT).group(1))
    assert timeout == 60 and time.process_time() - started < timeout / 3
    assert pages(path) == math.ceil(len(wanted) / 8)
    assert box_mm(path) == (210.0, 297.0)
    first, last = text(path, 1), text(path, pages(path))
    for name in names_of(wanted[0]) + [wanted[0].organisation.name]:
        assert name in first
    for name in names_of(wanted[-1]):
        assert name in last
    # The person's own script first: the Chinese name comes before the Latin one.
    chinese = next(r for r in wanted[:8] if r.person.native_name)
    assert first.index(chinese.person.native_name) < first.index(chinese.person.latin_name)
    everything = " ".join(text(path, page) for page in range(1, pages(path) + 1))
    # The demo draws names from a pool: some of those left out share one with a badge holder.
    left_out = set(
        Registration.objects.filter(forum__slug=SLUG, status__in=["cancelled", "invited"])
        .exclude(person__native_name__in=[r.person.native_name for r in wanted])
        .values_list("person__native_name", flat=True)
    )
    assert len(left_out) > 10
    assert not [name for name in left_out if name in everything]
    assert "no-store" in embassy.get(URL)["Cache-Control"]


def test_qr_codes_decode_to_the_badge_codes(embassy, tmp_path):
    import zxingcpp  # the test extra (pyproject.toml)
    from PIL import Image

    path = save(embassy.get(URL, {"country": "DK"}), tmp_path)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    found = {result.text for result in zxingcpp.read_barcodes(Image.open(png))}
    danes = [r for r in expected() if r.organisation.country == "DK"]
    codes = {registration.badge_code for registration in danes[:8]}
    assert len(found) == len(codes) == 8
    assert found == codes
    assert all(re.fullmatch(r"[A-Z2-7]{24}", code) for code in codes)


@pytest.mark.parametrize("layout", ["a4-2x5", "a7"])
def test_qr_codes_sit_in_their_cells_on_other_layouts_and_with_crop_marks(
    embassy, tmp_path, layout
):
    """The QR codes are drawn into the PDF at the place the layout gives them (not laid out
    by WeasyPrint): portrait cells, label sheets, and pages with a bleed for crop marks."""
    import zxingcpp
    from PIL import Image

    query = {"country": "DK", "layout": layout, "crop_marks": "on"}
    query["badge_status"] = list(badges.DEFAULT_STATUSES)
    path = save(embassy.get(URL, query), tmp_path)
    per_sheet = badges.LAYOUTS[layout].per_sheet
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    found = [result.text for result in zxingcpp.read_barcodes(Image.open(png))]
    danes = [r for r in expected() if r.organisation.country == "DK"]
    assert sorted(found) == sorted(r.badge_code for r in danes[:per_sheet])


@pytest.mark.parametrize("layout", ["a4-2x5", "a6", "a7", "tent"])
def test_every_layout_has_its_pages_and_size(embassy, tmp_path, layout):
    wanted = expected()
    query = {"layout": layout, "badge_status": list(badges.DEFAULT_STATUSES)}
    path = save(embassy.get(URL, query), tmp_path)
    assert pages(path) == math.ceil(len(wanted) / badges.LAYOUTS[layout].per_sheet)
    assert box_mm(path) == PAGE_MM[layout]
    first, last = text(path, 1), text(path, pages(path))
    for name in names_of(wanted[0]):
        assert name in first
    for name in names_of(wanted[-1]):
        assert name in last


def test_statuses_and_filters_choose_who_gets_one(embassy, tmp_path):
    invited = expected(["invited"])
    query = {"layout": "a7", "badge_status": ["invited"]}
    path = save(embassy.get(URL, query), tmp_path)
    assert pages(path) == len(invited) > 10
    assert invited[0].person.native_name in text(path, 1)
    # The attendee list's filters apply too: only the Danish organisations.
    query = {"country": "DK", "layout": "a6", "badge_status": ["registered"]}
    path = save(embassy.get(URL, query), tmp_path)
    danes = [r for r in expected(["registered"]) if r.organisation.country == "DK"]
    assert pages(path) == len(danes) > 3
    assert "Anders Kühnau" in " ".join(text(path, p) for p in range(1, len(danes) + 1))


def test_crop_marks(embassy, tmp_path):
    single = {"q": "Kühnau", "layout": "a6", "crop_marks": "on", "badge_status": "registered"}
    path = save(embassy.get(URL, single), tmp_path)
    assert box_mm(path, "TrimBox") == (105.0, 148.0)  # the badge, to be cut out of the bleed
    assert box_mm(path)[0] > 105 + 10
    sheet = {**single, "layout": "a4-2x4"}
    path = save(embassy.get(URL, sheet), tmp_path)
    assert box_mm(path) == (210.0, 297.0)  # drawn on the sheet, which keeps its size
    assert "Anders Kühnau" in text(path, 1)


def test_bad_options_answer_beside_the_field(embassy):
    response = embassy.get(URL, {"layout": "a3-poster", "badge_status": "registered"})
    assert response.status_code == 400
    assert response.context["options"].errors["layout"]
    assert "a3-poster" in response.content.decode()
    response = embassy.get(URL, {"layout": "a6"})  # no status ticked
    assert response.status_code == 400
    assert "Tick at least one status." in response.content.decode()
    response = embassy.get(URL, {"q": "nobody", "layout": "a6", "badge_status": "registered"})
    assert response.status_code == 400
    assert "Nobody in this list has the statuses ticked." in response.content.decode()


def test_options_page_carries_the_filter(embassy, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        page = embassy.get(f"/en/embassy/{SLUG}/badges/?country=DK&page=2")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<input type="hidden" name="country" value="DK">' in html
    assert 'name="page"' not in html
    assert 'value="a4-2x4"' in html and "105 × 74 mm" in html
    registered = sum(1 for r in expected(["registered"]) if r.organisation.country == "DK")
    assert f"Registered {registered}" in html
    attendees = embassy.get(f"/en/embassy/{SLUG}/attendees/?country=DK").content.decode()
    assert f"/en/embassy/{SLUG}/badges/?country=DK" in attendees


def test_badge_pdf_queries_do_not_grow(embassy, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = embassy.get(URL, {"q": "Kühnau", "layout": "a7", "badge_status": "registered"})
    assert response.status_code == 200


def test_every_registration_gets_its_own_code(db):
    codes = list(Registration.objects.values_list("badge_code", flat=True))
    assert len(codes) == len(set(codes)) > 300  # the demo's bulk-created registrations too
    people = Person.objects.bulk_create(
        [
            Person(given_name=f"N{n}", family_name="Code", email=f"c-{n}@example.org")
            for n in range(3)
        ]
    )
    made = Registration.objects.bulk_create([Registration(forum=forum(), person=p) for p in people])
    made.append(
        Registration.objects.create(
            forum=forum(), person=Person.objects.create(given_name="O", family_name="Ne")
        )
    )
    fresh = {r.badge_code for r in made}
    assert len(fresh) == 4 and not fresh & set(codes)
    assert all(len(code) * 5 >= 96 for code in fresh)  # base32: 5 bits a character


def test_long_texts_shrink_to_fit():
    layout = badges.LAYOUTS["a7"]
    short = badges.fitted_pt("Li Wang", layout.name_width, 30, 12)
    long = badges.fitted_pt("Bettina Balslev Sørensen-Kristiansen", layout.name_width, 30, 12)
    assert short == 30 and 12 <= long < 20
    assert badges.text_width_em("陈静") == pytest.approx(2 * 1.04)
    room = 20
    pt = badges.fitted_block_pt(["x " * 80, "y " * 80], layout.text_width, room, 8.5, 5.5)
    assert pt < 8.5


def test_cost_grows_linearly(db, settings):
    """200 badges cost about four times 50, not sixteen (the wrapping container's square).
    In this process: CPU time of the pool's children would not be counted."""
    settings.PDF_PROCESSES = 1
    every = list(Registration.objects.filter(forum__slug=SLUG).values_list("pk", flat=True))
    layout = badges.LAYOUTS["a4-2x4"]
    badges.pdf_bytes(forum(), Registration.objects.filter(pk__in=every[:8]), layout)  # warm-up

    def seconds(count):
        queryset = Registration.objects.filter(pk__in=every[:count]).order_by("pk")
        started = time.process_time()
        pdf = badges.pdf_bytes(forum(), queryset, layout)
        assert pdf.startswith(b"%PDF")
        return time.process_time() - started

    small = min(seconds(50) for _ in range(2))
    large = seconds(200)
    assert large / small < 7, (small, large)
