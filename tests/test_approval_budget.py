"""A trip's approval (required before "confirmed" when the setting says so) and its budget:
planned against actual in DKK from the original currency, on the trip page, the overview and
in the finance department's export (CSV and XLSX, read back)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from delegations import workflow
from delegations.budget import all_trips_budget, trip_budget
from delegations.models import Approval, Cost, Delegation, Person

pytestmark = pytest.mark.django_db
BEIJING = "region-midtjylland-beijing-2016"
SHANGHAI = "region-midtjylland-shanghai-2027"


@pytest.fixture
def ready_shanghai():
    trip = Delegation.objects.get(slug=SHANGHAI)
    trip.memberships.update(answer="confirmed")
    return trip


def test_confirming_needs_an_approval_and_the_refusal_names_what_is_missing(ready_shanghai):
    with translation.override("en"), pytest.raises(workflow.MoveRefused) as refusal:
        workflow.advance(ready_shanghai, "confirmed")
    message = " ".join(refusal.value.messages)
    assert "deciding body" in message and "case number" in message
    assert "purpose as approved" in message
    Approval.objects.create(
        delegation=ready_shanghai,
        deciding_body="Regional Council",
        decided_on=dt.date(2027, 1, 20),
        case_number="1-30-72-1-27",
        approved_purpose="Renew the agreement",
    )
    workflow.advance(ready_shanghai, "confirmed")
    ready_shanghai.refresh_from_db()
    assert ready_shanghai.status == "confirmed"


def test_the_setting_can_switch_the_rule_off(ready_shanghai, settings):
    settings.TRIP_APPROVAL_REQUIRED = False
    workflow.advance(ready_shanghai, "confirmed")
    assert ready_shanghai.status == "confirmed"


def test_the_trip_page_says_why_it_cannot_be_confirmed(staff_client, ready_shanghai):
    html = staff_client.get(f"/en/staff/trips/{SHANGHAI}/").content.decode()
    assert 'value="confirmed" disabled' in html
    assert "Record the approval first" in html
    refused = staff_client.post(
        f"/en/staff/trips/{SHANGHAI}/move/", {"to": "confirmed"}, follow=True
    )
    assert "Record the approval first" in refused.content.decode()
    da = staff_client.get(f"/da/staff/trips/{SHANGHAI}/").content.decode()
    assert "Registrér først godkendelsen" in da


def test_dkk_from_the_original_currency_in_decimal():
    trip = Delegation.objects.get(slug=SHANGHAI)
    cost = Cost.objects.create(
        delegation=trip, category="hotel", currency="CNY", amount=Decimal("1234.57"),
        rate=Decimal("0.978450"),
    )  # fmt: skip
    assert cost.amount_dkk == Decimal("1207.97")  # 1207.9650… rounded half up to the øre
    cost.amount = Decimal("100.00")
    cost.save(update_fields=["amount"])
    cost.refresh_from_db()
    assert cost.amount_dkk == Decimal("97.85")
    with pytest.raises(ValidationError) as error:
        Cost(
            delegation=trip, category="hotel", currency="DKK", amount=Decimal("-1"), rate=2
        ).full_clean()
    assert "amount" in error.value.message_dict and "rate" in error.value.message_dict


def test_the_demo_budget_adds_up():
    with translation.override("en"):
        budget = trip_budget(Delegation.objects.get(slug=BEIJING))
    lines = dict(zip(Cost.Category.values, budget.categories, strict=True))
    assert lines["flights"].planned == Decimal("19500.00")
    assert lines["flights"].actual == Decimal("18637.50")
    assert lines["hotel"].planned == Decimal("10638.00")  # 3 × 3600 CNY × 0.985
    assert lines["hotel"].actual == Decimal("10126.44")  # 3 × 3450 CNY × 0.9784
    assert lines["interpretation"].planned == Decimal("0.00")
    assert budget.total.planned == sum(line.planned for line in budget.categories)
    people = dict(budget.travellers)
    assert people["Anders Kühnau"].planned == Decimal("6500.00") + Decimal("3546.00") + Decimal(
        "1650.00"
    )
    assert people["Shared"].actual == Decimal("2285.00") + Decimal("3913.60")
    assert all_trips_budget().total.actual == budget.total.actual


def test_totals_on_the_trip_page_and_the_overview(staff_client, django_assert_max_num_queries):
    html = staff_client.get(f"/en/staff/trips/{BEIJING}/").content.decode()
    budget = html.split('<section class="budget"', 1)[1].split("</section>", 1)[0]
    total = trip_budget(Delegation.objects.get(slug=BEIJING)).total
    assert "Per diem" in budget and "Anders Kühnau" in budget
    assert f"{total.planned:,.2f}" in budget and f"{total.actual:,.2f}" in budget
    overview = staff_client.get("/admin/delegations/delegation/overview/").content.decode()
    assert "Budget of the trips in play" in overview and f"{total.actual:,.2f}" in overview
    staff_client.get(f"/en/staff/trips/{BEIJING}/")
    with django_assert_max_num_queries(60) as before:
        staff_client.get(f"/en/staff/trips/{BEIJING}/")
    trip = Delegation.objects.get(slug=BEIJING)
    for number in range(10):
        person = Person.objects.create(given_name=f"T{number}", family_name="Traveller")
        Cost.objects.create(delegation=trip, traveller=person, category="other", amount=10)
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = staff_client.get(f"/en/staff/trips/{BEIJING}/").content.decode()
    assert "T9 Traveller" in html


def test_the_finance_export_reads_back(staff_client):
    trip = Delegation.objects.get(slug=BEIJING)
    Cost.objects.create(delegation=trip, category="other", description="=HYPERLINK(1)", amount=5)
    response = staff_client.get(f"/en/staff/trips/{BEIJING}/costs.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == Cost.objects.filter(delegation=trip).count()
    hotel = next(r for r in rows if r["Category"] == "Hotel" and r["Planned or actual"] == "Actual")
    assert hotel["Currency"] == "CNY" and hotel["Amount"] == "3450.00"
    assert hotel["Rate to DKK"] == "0.9784" and hotel["Amount in DKK"] == "3375.48"
    assert hotel["Case number"] == "1-30-72-45-16"
    assert any(r["Traveller"] == "Shared" for r in rows)
    assert any(r["Description"] == "'=HYPERLINK(1)" for r in rows)
    total = sum(Decimal(r["Amount in DKK"]) for r in rows if r["Planned or actual"] == "Actual")
    assert total == trip_budget(trip).total.actual
    xlsx = staff_client.get(f"/da/staff/trips/{BEIJING}/costs.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx))).active
    header = [cell.value for cell in sheet[1]]
    assert "Beløb i DKK" in header and "Kategori" in header
    assert sheet.max_row == len(rows) + 1
    assert staff_client.get(f"/en/staff/trips/{BEIJING}/costs.exe").status_code == 404
