"""Bilingual name cards on common stock, in precedence order (WeasyPrint, Noto CJK).

- Tent cards: 210 × 148.5 mm, folded in half along the long side; both halves show the name,
  the upper one turned 180° so that it stands upright on the table. Two to an A4 sheet
  (portrait), or one to an A5 sheet (landscape).
- Place cards: 105 × 74.25 mm, eight to an A4 sheet, folded in half: the front shows the name
  and title, the back (turned) the table and seat when the card comes from a table plan.

Names in both scripts, each in its own order: the Latin name as the person writes it
(Person.latin_name: "Anders Kühnau", "Lü Ming'ou"), the native name as written (吕明欧).
A Chinese name is printed first for a person whose native name is in Han characters.
"""

from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .names import has_han

KINDS = ("tent", "place")
STOCKS = ("a4", "a5")


@dataclass
class Card:
    first: str  # the name printed large
    second: str  # the name in the other script, or ""
    first_lang: str
    second_lang: str
    title: str
    title_second: str
    organisation: str
    where: str = ""  # "Table 1 · Seat 2" on place cards from a table plan


def card(place, where=""):
    """A Card from a seating Place (delegations/seating.py)."""
    native = place.native_name or ""
    if native and has_han(native):
        first, second, first_lang, second_lang = native, place.latin_name, "zh-Hans", "en"
    else:
        first, second = place.latin_name, native
        first_lang, second_lang = "en", "zh-Hans" if has_han(native) else "en"
    title_second = place.title_native if place.title_native != place.title else ""
    return Card(
        first=first,
        second=second,
        first_lang=first_lang,
        second_lang=second_lang,
        title=place.title,
        title_second=title_second,
        organisation=place.organisation,
        where=where,
    )


def sheets(cards, kind, stock):
    per_sheet = 1 if (kind == "tent" and stock == "a5") else 2 if kind == "tent" else 8
    return [cards[i : i + per_sheet] for i in range(0, len(cards), per_sheet)] or [[]]


def html(cards, kind, stock, title):
    return render_to_string(
        "delegations/staff/name_cards.html",
        {"sheets": sheets(cards, kind, stock), "kind": kind, "stock": stock, "title": title},
    )


def pdf(cards, kind, stock, title):
    """The PDF's bytes."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    stylesheet = CSS(filename=finders.find("css/name-cards.css"))
    page = "A5 landscape" if (kind == "tent" and stock == "a5") else "A4 portrait"
    size = CSS(string=f"@page {{ size: {page}; margin: 0 }}")
    return HTML(string=html(cards, kind, stock, title)).write_pdf(stylesheets=[stylesheet, size])
