"""The gift register: value with its DKK equivalent and the declaration, who on each side, a
checked private photo; on the trip page and the partner page; the export for the annual
declaration (read back); the admin with its filters and the delegation's inline."""

import csv
import datetime as dt
import io
import struct
import zlib
from decimal import Decimal

import openpyxl
import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from delegations.models import Delegation, DelegationMember, Gift, Organisation, Person
from delegations.photos import validate_photo
from tests.test_concurrent_edit import form_data
from tests.test_odd_input import admin_failures

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
TRIP_PAGE = f"/en/staff/trips/{BEIJING}/"
REGISTER = "/en/staff/gifts/"


def image_bytes(fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def png_claiming(width, height):
    """A PNG whose header claims `width` × `height` pixels (a decompression bomb's trick)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def pumch():
    return Organisation.objects.get(slug="pumch")


# --- the photo is checked by its content ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gift.png", image_bytes("PNG")),
        ("IMG_0001.JPG", image_bytes("JPEG")),
        ("gift.webp", image_bytes("WEBP")),
        ("named-wrongly.pdf", image_bytes("JPEG")),  # the content decides, not the name
    ],
)
def test_real_photos_are_accepted(name, content):
    validate_photo(SimpleUploadedFile(name, content))


TRUNCATED_PNG = image_bytes("PNG", (300, 300))[:200]
REFUSED = [
    ("nul.png", b"\x00" * 4096),
    ("page.png", b"<!doctype html><script>alert(1)</script>"),
    ("empty.jpg", b""),
    ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ("cut.png", TRUNCATED_PNG),
    ("letter.pdf", b"%PDF-1.4\n%%EOF\n"),
    ("anim.gif", image_bytes("GIF")),  # an image, but not a kind we keep
]


@pytest.mark.parametrize(("name", "content"), REFUSED)
def test_what_is_not_a_photo_is_refused_with_a_message(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_photo(SimpleUploadedFile(name, content))
    assert refused.value.code == "photo_type"
    assert "upload a JPEG, PNG or WebP image" in " ".join(refused.value.messages)


@pytest.mark.parametrize("size", [(8000, 8000), (100000, 100000)])
def test_a_photo_claiming_too_many_pixels_is_refused_before_it_is_decoded(size):
    with pytest.raises(ValidationError) as refused:
        validate_photo(SimpleUploadedFile("bomb.png", png_claiming(*size)))
    assert refused.value.code == "photo_pixels"
    assert "too many pixels" in refused.value.messages[0]


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.GIFT_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        validate_photo(SimpleUploadedFile("big.jpg", image_bytes("JPEG", (400, 400)) + b"x" * 2000))
    assert refused.value.code == "photo_too_large"
    assert "photos of up to 1000" in refused.value.messages[0]


def gift_form(client, url, **changes):
    data = form_data(client, url)
    data.update(changes)
    return data


def add_gift_data(client, pumch, photo):
    return gift_form(
        client,
        reverse("admin:delegations_gift_add"),
        description_en="Porcelain tea set",
        organisation=pumch.pk,
        direction="received",
        exchanged_on="2016-12-05",
        value="800",
        currency="CNY",
        rate="0.9784",
        photo=photo,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nul.png", b"\x00" * 2048, "not a photo we can keep"),
        ("page.html", b"<html><body>hi</body></html>", "not a photo we can keep"),
        ("bomb.png", png_claiming(100000, 100000), "too many pixels"),
        ("big.jpg", image_bytes("JPEG") + b"\x00" * 5000, "photos of up to"),
        ("na\x00me.png", b"\x00" * 64, "not a photo we can keep"),
    ],
)
def test_the_admin_shows_a_bad_photo_beside_the_field(
    staff_client, pumch, media, settings, name, content, message
):
    settings.GIFT_PHOTO_MAX_BYTES = 4000
    data = add_gift_data(staff_client, pumch, SimpleUploadedFile(name, content))
    response = staff_client.post(reverse("admin:delegations_gift_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["photo"], errors
    assert message in errors["photo"][0]
    html = response.content.decode()
    assert message in html.split('name="photo"')[0].rsplit("field-photo", 1)[1]  # beside it
    assert not Gift.objects.filter(description_en="Porcelain tea set").exists()
    assert not any(media.rglob("*.*"))


def test_a_photo_is_stored_privately_under_a_name_of_its_own(staff_client, pumch, media):
    upload = SimpleUploadedFile("../../etc/" + "x" * 300 + ".png", image_bytes("PNG"))
    data = add_gift_data(staff_client, pumch, upload)
    response = staff_client.post(reverse("admin:delegations_gift_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    gift = Gift.objects.get(description_en="Porcelain tea set")
    assert gift.photo.name.startswith("gifts/") and gift.photo.name.endswith(".png")
    assert len(gift.photo.name) == len("gifts/") + 32 + len(".png")
    assert (media / gift.photo.name).read_bytes() == image_bytes("PNG")
    assert gift.value_dkk == Decimal("782.72")  # 800 × 0.9784
    with pytest.raises(ValueError):
        _ = gift.photo.url  # no public address
    # Only regional staff see it, through the view that checks who asks.
    url = reverse("documents:gift_photo", args=[gift.pk])
    shown = staff_client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == image_bytes("PNG")
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown["Content-Security-Policy"]
    assert "no-store" in shown["Cache-Control"]
    delegate = Client()
    delegate.force_login(Person.objects.get(email="anders.kuhnau@example.org").user)
    assert delegate.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    # The change page links the view, never /media/.
    change = staff_client.get(reverse("admin:delegations_gift_change", args=[gift.pk]))
    assert url in change.content.decode() and "/media/" not in change.content.decode()


def test_a_replaced_photo_is_removed_from_disk(
    staff_client, pumch, media, django_capture_on_commit_callbacks
):
    gift = Gift(organisation=pumch, description="Tea", exchanged_on=dt.date(2016, 12, 5))
    gift.photo = SimpleUploadedFile("a.png", image_bytes("PNG"))
    with django_capture_on_commit_callbacks(execute=True):
        gift.save()
    first = media / gift.photo.name
    assert first.exists()
    gift.photo = SimpleUploadedFile("b.jpg", image_bytes("JPEG"))
    with django_capture_on_commit_callbacks(execute=True):
        gift.save()
    assert not first.exists() and (media / gift.photo.name).exists()
    assert gift.photo.name.endswith(".jpg")


def test_a_photo_saved_from_code_is_named_by_its_content(staff_client, pumch, media):
    gift = Gift.objects.create(
        organisation=pumch, description="Tea", exchanged_on=dt.date(2016, 12, 5)
    )
    gift.photo.save("tea.png", ContentFile(image_bytes("JPEG")))
    assert gift.photo.name.startswith("gifts/") and gift.photo.name.endswith(".jpg")
    # Unchecked content saved from code is never served as an image, only as a download.
    gift.photo.save("page.jpg", ContentFile(b"<html><script>alert(1)</script>"))
    assert gift.photo.name.endswith(".bin")
    response = staff_client.get(reverse("documents:gift_photo", args=[gift.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


# --- value, DKK and declaration --------------------------------------------------------


def test_the_dkk_equivalent_is_counted_like_a_costs(pumch):
    gift = Gift.objects.create(
        organisation=pumch,
        description="Vase",
        exchanged_on=dt.date(2016, 12, 4),
        value=Decimal("1234.56"),
        currency="CNY",
        rate=Decimal("0.978400"),
    )
    assert gift.value_dkk == Decimal("1207.89")  # 1207.893504, half up to the øre
    gift.value = None
    gift.save(update_fields=["value"])
    gift.refresh_from_db()
    assert gift.value_dkk is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": Decimal("-1")}, "value", "cannot be negative"),
        ({"currency": "DKK", "rate": Decimal("2")}, "rate", "An amount in DKK has the rate 1"),
        ({"currency": "dkr"}, "currency", "three-letter code"),
        ({"declared_on": dt.date(2017, 1, 1)}, "declared", "tick “declared”"),
        ({"rate": Decimal("0")}, "rate", "more than zero"),
    ],
)
def test_rules_of_a_gift_are_explained_beside_the_field(pumch, changes, field, message):
    gift = Gift(organisation=pumch, description="Vase", exchanged_on=dt.date(2016, 12, 4))
    for name, value in changes.items():
        setattr(gift, name, value)
    with pytest.raises(ValidationError) as refused:
        gift.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


# --- the trip page and the partner page ------------------------------------------------


def section(html, start, end="</section>"):
    return html.split(start, 1)[1].split(end, 1)[0]


def test_the_trip_page_shows_gifts_given_and_received(staff_client):
    html = staff_client.get(TRIP_PAGE).content.decode()
    gifts = section(html, '<section class="gifts"')
    given = section(gifts, 'class="gift-list gifts-given"', "</ul>")
    received = section(gifts, 'class="gift-list gifts-received"', "</ul>")
    assert "Book on Aarhus University Hospital" in given and "450.00 DKK" in given
    assert "Christian Boel" in given and "Zhang" in given  # our side and theirs
    assert "Visit to PUMCH" in given
    assert "Cloisonné vase" in received
    assert "1,200.00 CNY" in received and "1,174.08 DKK" in received
    assert "16 Jan 2017" in received or "Jan. 16, 2017" in received
    assert "Region Midtjylland gift register" in received
    assert "Not declared" in given
    assert "Estimated value: 450.00 DKK" in gifts
    assert f"{reverse('staff:gift_register')}?year=2016" in gifts


def test_the_trip_page_says_when_a_received_gift_is_not_declared(staff_client):
    Gift.objects.filter(description_en="Cloisonné vase").update(declared=False, declared_on=None)
    html = staff_client.get(TRIP_PAGE).content.decode()
    assert "1 gift received is not declared yet." in section(html, '<section class="gifts"')


def test_the_trip_pages_queries_do_not_grow_with_gifts(
    staff_client, pumch, django_assert_max_num_queries
):
    staff_client.get(TRIP_PAGE)
    with django_assert_max_num_queries(60) as before:
        staff_client.get(TRIP_PAGE)
    count = len(before.captured_queries)
    trip = Delegation.objects.get(slug=BEIJING)
    people = [member.person for member in DelegationMember.objects.filter(delegation=trip)]
    for number in range(8):
        Gift.objects.create(
            organisation=pumch,
            delegation=trip,
            description=f"Extra gift {number}",
            exchanged_on=dt.date(2016, 12, 5),
            direction="received" if number % 2 else "given",
            our_person=people[number % len(people)],
            person=Person.objects.get(email__startswith="zhang"),
            value=Decimal("100"),
            currency="CNY",
            rate=Decimal("0.97"),
        )
    with django_assert_max_num_queries(count):
        html = staff_client.get(TRIP_PAGE).content.decode()
    assert "Extra gift 7" in html


def test_the_partner_page_shows_the_gifts_new_fields(staff_client):
    shanghai = Organisation.objects.get(slug="shanghai-municipality")
    html = staff_client.get(f"/en/staff/partners/{shanghai.pk}/?kind=gift").content.decode()
    timeline = section(html, '<ol class="timeline">', "</ol>")
    assert "Silk painting of the Bund" in timeline
    assert "Ceremony for the renewed agreement" in timeline
    assert "2,800.00 CNY" in timeline and "2,688.00 DKK" in timeline
    assert "Anders Kühnau" in timeline  # our side
    assert "徐虹" in timeline  # theirs, in both scripts
    assert "Region Midtjylland gift register" in timeline
    assert "Not declared" in timeline  # the glass bowl given


# --- the export for the annual declaration ---------------------------------------------


def body(response):
    return b"".join(response.streaming_content)


def xlsx_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_the_register_exports_a_years_gifts_as_xlsx(staff_client):
    response = staff_client.get("/en/staff/gifts/register.xlsx?year=2016")
    assert response.status_code == 200
    assert 'filename="gifts-2016-' in response["Content-Disposition"]
    rows = xlsx_rows(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Date", "Given or received", "Gift"]
    assert {"Estimated value", "Currency", "Value in DKK", "Declared", "Partner", "Trip"} <= set(
        header
    )
    assert len(body) == 2  # the Beijing trip's two gifts; 2022's are another year
    cell = {name: position for position, name in enumerate(header)}
    vase = next(row for row in body if row[cell["Gift"]] == "Cloisonné vase")
    assert vase[cell["Given or received"]] == "Received from them"
    assert vase[cell["Estimated value"]] == "1200.00"
    assert vase[cell["Currency"]] == "CNY"
    assert vase[cell["Rate to DKK"]] == "0.9784"
    assert vase[cell["Value in DKK"]] == "1174.08"
    assert vase[cell["Declared"]] == "Yes"
    assert vase[cell["Declared on"]] == "2017-01-16"
    assert vase[cell["Declared where"]] == "Region Midtjylland gift register"
    assert vase[cell["On our side"]] == "Christian Boel"
    assert "Zhang" in vase[cell["On their side"]]
    assert "Peking Union" in vase[cell["Partner"]] or "PUMCH" in vase[cell["Partner"]]
    assert vase[cell["Trip"]] == Delegation.objects.get(slug=BEIJING).name_en
    assert vase[cell["Occasion"]] == "Visit to PUMCH"


def test_the_register_filters_direction_and_declared_in_csv(staff_client):
    response = staff_client.get(
        "/en/staff/gifts/register.csv?year=2022&direction=received&declared=yes"
    )
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[2] for row in rows[1:]] == ["Silk painting of the Bund"]
    not_declared = staff_client.get("/en/staff/gifts/register.csv?declared=no&direction=given")
    text = body(not_declared).decode("utf-8-sig")
    names = [row[2] for row in list(csv.reader(io.StringIO(text)))[1:]]
    assert "Holmegaard glass bowl" in names and "Book on Aarhus University Hospital" in names
    assert "Silk painting of the Bund" not in names and "Cloisonné vase" not in names


def test_the_export_is_in_the_readers_language_and_keeps_formulas_as_text(staff_client, pumch):
    Gift.objects.create(
        organisation=pumch,
        description_en='=HYPERLINK("http://x")',
        description_zh_hans="茶具",
        exchanged_on=dt.date(2016, 12, 6),
    )
    rows = xlsx_rows(staff_client.get("/zh-hans/staff/gifts/register.xlsx?year=2016"))
    assert "茶具" in [row[2] for row in rows[1:]]
    # A Chinese reader gets the Chinese name first, in Chinese brackets; others the Latin one.
    cells = {cell for row in rows[1:] for cell in row if cell}
    assert "张伟（Zhang Wei）" in cells, cells
    english = xlsx_rows(staff_client.get("/en/staff/gifts/register.xlsx?year=2016"))
    book = openpyxl.load_workbook(
        io.BytesIO(body(staff_client.get("/en/staff/gifts/register.xlsx?year=2016")))
    )
    formulas = [c for row in book.active.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert any(str(row[2]).endswith('HYPERLINK("http://x")') for row in english[1:])
    assert "Zhang Wei (张伟)" in {cell for row in english[1:] for cell in row if cell}


@pytest.mark.parametrize(
    "query", ["year=abc", "year=99999999999999999999999", "direction=sideways", "declared=maybe"]
)
def test_odd_filters_show_the_page_with_the_error_not_a_500(staff_client, query):
    response = staff_client.get(f"/en/staff/gifts/register.xlsx?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_register_page_lists_the_year_with_its_total(
    staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = staff_client.get(f"{REGISTER}?year=2022")
    html = response.content.decode()
    assert "2 gifts, estimated value 3,838.00 DKK" in html  # 1,150 + 2,800 × 0.96
    assert "Holmegaard glass bowl" in html and "Silk painting of the Bund" in html
    assert "/en/staff/gifts/register.xlsx?year=2022" in html
    # The current year is chosen when none is asked for.
    assert response.status_code == 200
    assert staff_client.get(REGISTER).status_code == 200


# --- the admin -------------------------------------------------------------------------


def test_the_gift_list_filters_by_year_direction_and_declared(staff_client):
    url = reverse("admin:delegations_gift_changelist")
    html = staff_client.get(url).content.decode()
    assert "?year=2016" in html and "?year=2022" in html
    assert "declared__exact=1" in html and "direction__exact=received" in html
    listed = staff_client.get(f"{url}?year=2016&declared__exact=1").context["cl"].result_list
    assert [gift.description for gift in listed] == ["Cloisonné vase"]
    searched = staff_client.get(f"{url}?q=register").context["cl"].result_list
    assert {gift.description for gift in searched} == {
        "Silk painting of the Bund",
        "Cloisonné vase",
    }


def test_the_delegation_page_lists_its_gifts_in_one_line_each(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    html = staff_client.get(
        reverse("admin:delegations_delegation_change", args=[trip.pk])
    ).content.decode()
    vase = Gift.objects.get(description_en="Cloisonné vase")
    row = html.split(f"/admin/delegations/gift/{vase.pk}/change/?return_to=", 1)[0]
    row = row.rsplit("<tr", 1)[1]
    assert "Cloisonné vase" in row and "1,200.00 CNY" in row and "declared" in row
    assert 'name="gifts-TOTAL_FORMS"' in html  # new gifts: their full form
    assert 'enctype="multipart/form-data"' in html


def test_a_gift_is_added_from_the_delegation_page(staff_client, pumch, media):
    trip = Delegation.objects.get(slug=BEIJING)
    url = reverse("admin:delegations_delegation_change", args=[trip.pk])
    page = staff_client.get(url).content.decode()
    from tests.test_bulk_entry import form_data as page_form

    data = page_form(page)
    data.update(
        {
            "gifts-TOTAL_FORMS": "1",
            "gifts-0-description_en": "Lego set",
            "gifts-0-organisation": str(pumch.pk),
            "gifts-0-direction": "given",
            "gifts-0-exchanged_on": "2016-12-04",
            "gifts-0-value": "300",
            "gifts-0-currency": "DKK",
            "gifts-0-rate": "1",
            "gifts-0-photo": SimpleUploadedFile("lego.jpg", image_bytes("JPEG")),
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][0].formset
    ]
    gift = Gift.objects.get(description_en="Lego set")
    assert gift.delegation == trip and gift.photo.name.endswith(".jpg")


def test_the_gift_admin_never_answers_500_to_odd_values(staff_client, media):
    model_admin = admin.site._registry[Gift]
    assert admin_failures(staff_client, Gift, model_admin) == []
