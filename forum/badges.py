"""Name badges and table tent cards as one PDF, in time proportional to their number.

Every sheet of paper is one block of fixed size, and every badge on it a cell of fixed size at
a fixed place (absolutely positioned, in millimetres). WeasyPrint lays each sheet out on its
own: no box spans pages, so no badge is ever cut by a page break, and each costs the same
however many come before it. (One wrapping flex container holding all badges made the cost
grow with the square of their number: 316 badges took 273 s; docs/benchmarks.md.)

Text never decides a size: names, organisations and roles get a type size computed here from
the room their lines have (`fitted_pt`, `fitted_block_pt`), so a long name shrinks instead of
pushing the QR code or the next badge away.

The QR code holds the registration's badge code and nothing else (forum.models.new_badge_code);
the door looks the registration up by it. It is not an element of the HTML: WeasyPrint's cost
for one image (fetched, decoded, converted, re-encoded, laid out, embedded as an object of its
own) was a third of a badge's. The dark modules are drawn as filled rectangles straight into
each page's PDF content at the end (`stamp_qr_codes`, WeasyPrint's `finisher` hook), at the
place the layout gives the code (`Layout.qr_origin`): vector, sharp at any printer's
resolution, and a few hundred bytes a code.
"""

import math
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from delegations.models import format_latin_name
from exporting import pdf_join
from exporting.base import first_filled, translated_names

from .models import Registration

PT_MM = 25.4 / 72  # one typographic point in millimetres
DEFAULT_STATUSES = (Registration.Status.REGISTERED, Registration.Status.ATTENDED)
# Line heights, as in static/css/badges.css.
HEADER_LEADING, NAME_LEADING, TEXT_LEADING = 1.25, 1.2, 1.25


@dataclass(frozen=True)
class Layout:
    """A kind of sheet: its paper, the grid of cells on it, and the type sizes of a badge.

    Lengths in millimetres, type sizes in points. The grid sits in the middle of the sheet,
    which is where label stock has its labels."""

    key: str
    label: str
    page_width: float
    page_height: float
    columns: int = 1
    rows: int = 1
    cell_width: float = 0  # default: the page divided by columns and rows
    cell_height: float = 0
    padding: float = 5
    qr: float = 0  # side of the QR code, quiet zone included; 0: none
    portrait: bool = False  # text centred above a centred QR code (else QR bottom right)
    header_pt: float = 7
    header_gap: float = 2.5  # between the header's rule and the names
    name_pt: float = 30  # the first (largest) name line
    second_pt: float = 17  # the other script's name
    text_pt: float = 8.5  # organisation, role
    tent: bool = False

    def __post_init__(self):
        if not self.cell_width:
            object.__setattr__(self, "cell_width", self.page_width / self.columns)
        if not self.cell_height:
            object.__setattr__(self, "cell_height", self.page_height / self.rows)

    @property
    def per_sheet(self):
        return 1 if self.tent else self.columns * self.rows

    @property
    def single(self):
        """One badge per page, the page as big as the badge."""
        return self.per_sheet == 1 and not self.tent

    @property
    def margin_left(self):
        return (self.page_width - self.columns * self.cell_width) / 2

    @property
    def margin_top(self):
        return (self.page_height - self.rows * self.cell_height) / 2

    def cell_origins(self):
        """(left, top) of each cell on a sheet, row by row."""
        return [
            (
                round(self.margin_left + column * self.cell_width, 2),
                round(self.margin_top + row * self.cell_height, 2),
            )
            for row in range(self.rows)
            for column in range(self.columns)
        ]

    @property
    def name_width(self):
        """Header and names run across the whole cell, above the QR code."""
        return self.cell_width - 2 * self.padding

    @property
    def text_width(self):
        """Organisation and role: beside the QR code in landscape cells."""
        if self.portrait or not self.qr:
            return self.name_width
        return self.name_width - self.qr - 3

    def sheets(self, count):
        return math.ceil(count / self.per_sheet)

    def qr_origin(self, cell):
        """(left, top) in mm on the sheet of the QR code (quiet zone included) of cell
        number `cell`: centred at the bottom in portrait cells, else at the bottom right."""
        left, top = self.cell_origins()[cell]
        if self.portrait:
            left += (self.cell_width - self.qr) / 2
        else:
            left += self.cell_width - self.padding - self.qr
        return left, top + self.cell_height - self.padding - self.qr


# Label stock: A4 sheets cut into labels without gaps between them. 2 × 4 labels of
# 105 × 74 mm (A4/8, e.g. Avery Zweckform 3427) leave 0.5 mm at top and bottom; 2 × 5 labels of
# 105 × 57 mm (e.g. Avery Zweckform 3425) leave 6 mm. Check other stock against these sizes:
# the cells are exactly this big and this far from the sheet's edge.
LAYOUTS = {
    layout.key: layout
    for layout in (
        Layout(
            "a4-2x4",
            _("A4 label sheet: 2 × 4 labels of 105 × 74 mm"),
            210,
            297,
            columns=2,
            rows=4,
            cell_width=105,
            cell_height=74,
            qr=22,
        ),
        Layout(
            "a4-2x5",
            _("A4 label sheet: 2 × 5 labels of 105 × 57 mm"),
            210,
            297,
            columns=2,
            rows=5,
            cell_width=105,
            cell_height=57,
            padding=4,
            qr=19,
            header_pt=6.5,
            header_gap=1.5,
            name_pt=24,
            second_pt=14,
            text_pt=8,
        ),
        Layout(
            "a6",
            _("A6, one badge per page (105 × 148 mm)"),
            105,
            148,
            padding=8,
            qr=30,
            portrait=True,
            header_pt=9,
            header_gap=6,
            name_pt=44,
            second_pt=24,
            text_pt=12,
        ),
        Layout(
            "a7",
            _("A7, one badge per page (74 × 105 mm)"),
            74,
            105,
            padding=5,
            qr=22,
            portrait=True,
            header_pt=7,
            header_gap=4,
            name_pt=30,
            second_pt=16,
            text_pt=8.5,
        ),
        Layout(
            "tent",
            _("Table tent cards: A4 landscape, folded in half"),
            297,
            210,
            cell_height=105,  # one half; the upper one is printed upside down
            padding=10,
            header_pt=11,
            header_gap=8,
            name_pt=72,
            second_pt=40,
            text_pt=16,
            tent=True,
        ),
    )
}
DEFAULT_LAYOUT = "a4-2x4"

# Advance widths in em of Noto Sans CJK SC Bold (the badges' font, which has Latin letters of
# its own), in classes; anything else Latin counts 0.6, anything wide (CJK) 1.
_EM = {
    **dict.fromkeys(" ", 0.23),
    **dict.fromkeys("ijlI.,:;'’|!", 0.33),
    **dict.fromkeys("frt()-/[]", 0.42),
    **dict.fromkeys("szc*?", 0.52),
    **dict.fromkeys("ABCKPRbdhnopqu", 0.66),
    **dict.fromkeys("DGHNOQU&", 0.76),
    **dict.fromkeys("mwMW%@", 0.93),
}


def text_width_em(text):
    """Estimated width of `text` in em; a little generous, so that what fits, fits."""
    width = 0.0
    for char in text:
        if char in _EM:
            width += _EM[char]
        elif unicodedata.east_asian_width(char) in "WF":
            width += 1.0
        else:
            base = unicodedata.normalize("NFD", char)[:1]  # ø, ü, é: as wide as their letter
            width += _EM.get(base, 0.6)
    return width * 1.04


def fitted_pt(text, width, largest, smallest):
    """The largest type size (points, in half-point steps, from `smallest` to `largest`) at
    which `text` fits on one line of `width` millimetres."""
    em = text_width_em(text)
    fitting = width / (em * PT_MM) if em else largest
    return max(smallest, min(largest, math.floor(fitting * 2) / 2))


def fitted_block_pt(texts, width, height, largest, smallest):
    """The largest type size at which `texts`, each starting a line and wrapping where it must,
    fill no more than `height` millimetres of lines `width` wide."""
    widths = [text_width_em(text) for text in texts]
    pt = largest
    while pt > smallest:
        # A wrapped text loses some of each line to the word that did not fit: count 10 %.
        rows = sum(
            1 if em * pt * PT_MM <= width else math.ceil(em * 1.1 * pt * PT_MM / width)
            for em in widths
        )
        if rows * pt * TEXT_LEADING * PT_MM <= height:
            return pt
        pt -= 0.5
    return smallest


def has_wide_script(text):
    return any(unicodedata.east_asian_width(char) in "WF" for char in text)


@dataclass
class Line:
    text: str
    pt: float
    wide: bool = False  # Chinese (or other CJK) text: lang="zh-Hans" in the PDF


@dataclass
class Badge:
    code: str
    names: list  # [Line]: the first is the largest
    lines: list  # organisation, role or delegation, each in both scripts: [str]
    lines_pt: float  # one type size for all of them


def _pair(latin, native):
    """A text and its other-script version, the latter only when it says something new."""
    latin, native = (latin or "").strip(), (native or "").strip()
    return [text for text in (latin, native if native != latin else "") if text]


def _names(layout, native, latin):
    """Native script (Chinese) first and largest when there is one, then the Latin name."""
    names = [name for name in (native, latin) if name][:2]
    largest = [layout.name_pt, layout.second_pt]
    smallest = [math.floor(layout.name_pt / 1.25) / 2, math.floor(layout.second_pt / 0.9) / 2]
    return [
        Line(
            name, fitted_pt(name, layout.name_width, largest[i], smallest[i]), has_wide_script(name)
        )
        for i, name in enumerate(names)
    ]


def header_height(layout, header_pt, header_rows):
    """Header text, the padding under it, its rule and the gap to the names."""
    return header_rows * header_pt * HEADER_LEADING * PT_MM + 0.8 + 0.2 + layout.header_gap


def room_for_lines(layout, names, header_mm):
    """Height left for organisation and role, under the names (and above a centred QR)."""
    names_mm = sum(name.pt * NAME_LEADING * PT_MM for name in names) + 0.3
    qr_mm = layout.qr + 3 if layout.portrait and layout.qr else 0
    return layout.cell_height - 2 * layout.padding - header_mm - names_mm - qr_mm - 2


def latin_language():
    """Latin-script texts (organisation, role) in the page's language, English for Chinese."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "en" if language.startswith("zh") else language


FIELDS = {
    "code": ["badge_code"],
    "badge_name": ["badge_name"],
    "given": ["person__given_name"],
    "family": ["person__family_name"],
    "order": ["person__name_order"],
    "native": ["person__native_name"],
    "organisation_native": ["organisation__name_native"],
}
TRANSLATED = {
    "position": "person__position",
    "organisation": "organisation__name",
    "delegation": "delegation__name",
}


def _values(queryset, language):
    """Plain values in one query: model instances with translated fields cost more."""
    fields = dict(FIELDS)
    for key, source in TRANSLATED.items():
        fields[key] = translated_names(source, language)
        fields[f"{key}_zh"] = [f"{source}_zh_hans"]
    names = [name for group in fields.values() for name in group]
    index = {key: [names.index(name) for name in group] for key, group in fields.items()}
    rows = queryset.prefetch_related(None).select_related(None).values_list(*names)
    for row in rows.iterator(chunk_size=2000):
        yield {key: first_filled(row[i] for i in positions) for key, positions in index.items()}


def badges(queryset, layout, header_mm):
    """One Badge per registration of `queryset`, in its order, from a single query."""
    for row in _values(queryset, latin_language()):
        native = row["native"]
        latin = format_latin_name(row["given"], row["family"], row["order"])
        badge_name = (row["badge_name"] or "").strip()
        if badge_name and has_wide_script(badge_name):
            native = badge_name  # the name on the badge, as the registration spells it
        elif badge_name:
            latin = badge_name
        names = _names(layout, native, latin)
        lines = _pair(row["organisation"], row["organisation_native"] or row["organisation_zh"])
        lines += _pair(row["position"], row["position_zh"]) or _pair(
            row["delegation"], row["delegation_zh"]
        )
        room = room_for_lines(layout, names, header_mm)
        pt = fitted_block_pt(lines, layout.text_width, room, layout.text_pt, 5.5)
        yield Badge(row["code"], names, lines, pt)


def header(forum, language, layout):
    """The forum's name in the Latin-script language and in Chinese, each phrase whole: on
    one line when both fit at nearly the full size, else a line each. (pt, rows, markup)"""
    with translation.override(language):
        latin = forum.name
    phrases = list(dict.fromkeys(p for p in (latin, forum.name_zh_hans) if p))
    width = layout.name_width
    pt = min(fitted_pt(phrase, width, layout.header_pt, 5) for phrase in phrases)
    together = " · ".join(phrases)
    single = fitted_pt(together, width, layout.header_pt, 5)
    if single >= min(pt, 0.85 * layout.header_pt):  # one line reads better, and costs less
        return single, 1, escape(together)
    # white-space: pre; a line break between the phrases, never inside one.
    return pt, len(phrases), "\n".join(escape(phrase) for phrase in phrases)


def qr_matrix(code):
    """The badge code as a QR code's modules, rows of booleans (True: dark), no quiet zone.

    Mask 0 for every code: all eight masks are valid and every reader reads them; choosing the
    best per code took 3 ms, a third of a badge's whole cost."""
    import segno

    return segno.make(code, error="m", micro=False, mask=0, boost_error=False).matrix


QUIET_ZONE = 4  # light modules around the code, part of Layout.qr's side


def qr_operators(code, left, top, side, page_height):
    """PDF content operators that fill the dark modules of `code`'s QR code, one rectangle
    per run of dark modules in a row, in a square of `side` points whose top left corner is
    `left`, `top` points from the page's top left (PDF's own space: y upwards, points)."""
    matrix = qr_matrix(code)
    module = side / (len(matrix) + 2 * QUIET_ZONE)
    x0, y0 = left + QUIET_ZONE * module, page_height - top - QUIET_ZONE * module
    out = []
    for y, row in enumerate(matrix):
        bottom = y0 - (y + 1) * module
        x, width = 0, len(row)
        while x < width:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < width and row[x]:
                x += 1
            out.append(
                f"{x0 + start * module:.3f} {bottom:.3f} {(x - start) * module:.3f} {module:.3f} re"
            )
    return "\n".join(out)


def stamp_qr_codes(document, pdf):
    """WeasyPrint's `finisher`: draw each page's QR codes (set by `mark_pages`) into the
    page's content. The page's own content is wrapped in q … Q first, so that the codes are
    drawn in the PDF's untransformed space (points from the bottom left of the page)."""
    kids = pdf.pages["Kids"][::3]  # pydyf lists each page as (number, 0, "R")
    for number, page in zip(kids, document.pages, strict=True):
        codes = getattr(page, "badge_qr_codes", ())
        if not codes:
            continue
        stream = pdf.objects[int(pdf.objects[number]["Contents"].split()[0])]
        height = page.height * 0.75  # CSS px to points
        drawn = [qr_operators(code, left, top, side, height) for code, left, top, side in codes]
        stream.stream.insert(0, b"q")
        stream.stream.append(b"Q\nq 0 g\n" + "\n".join(drawn).encode() + b"\nf Q")


def mark_pages(document, layout, sheet_codes):
    """Note on each page of `document` (one a sheet) which codes go where, in points."""
    mm = 72 / 25.4
    for page, codes in zip(document.pages, sheet_codes, strict=True):
        page.badge_qr_codes = [
            (code, left * mm, top * mm, layout.qr * mm)
            for cell, code in enumerate(codes)
            for left, top in [layout.qr_origin(cell)]
        ]


RESOURCE = "badge:"


def _resources(layout):
    """What the badges' HTML refers to, made when WeasyPrint asks: badge:marks (the crop
    marks of a sheet). Nothing else is fetched."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Resources(URLFetcher):
        def fetch(self, url, headers=None):
            kind = url.removeprefix(RESOURCE)
            if kind == "marks":
                body, mime_type = crop_marks_svg(layout).encode(), "image/svg+xml"
            else:
                raise ValueError(f"Not a badge resource: {url}")
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return Resources(allowed_protocols={"badge"}, fail_on_errors=True)


def size_class(pt):
    return f"f{round(pt * 2)}"  # half points: f17 is 8.5pt


def page_css(layout, crop_marks, header_pt, sizes):
    """The sheet's geometry, from `layout`: static/css/badges.css has the looks, this has
    every length, so that the cells are exactly where the stock has its labels. Positions and
    type sizes are classes rather than style attributes: WeasyPrint parses each attribute on
    its own, a class once."""
    page = [f"size: {layout.page_width}mm {layout.page_height}mm", "margin: 0"]
    if crop_marks and layout.single:
        # Printers' crop marks around the page; its TrimBox stays A6 or A7.
        page += ["marks: crop", "bleed: 6mm"]
    elif crop_marks and not layout.tent:
        page.append(f"background: url({RESOURCE}marks) no-repeat 0 0 / 100% 100%")
    rules = [
        f"@page {{ {'; '.join(page)} }}",
        f".sheet {{ width: {layout.page_width}mm; height: {layout.page_height}mm }}",
        f".badge {{ width: {layout.cell_width}mm; height: {layout.cell_height}mm;"
        f" padding: {layout.padding}mm }}",
        f".half {{ padding: {layout.padding}mm }}",
        f".name {{ width: {layout.name_width}mm }}",
        f".lines {{ width: {layout.text_width}mm }}",
        f".header {{ font-size: {header_pt}pt; margin-bottom: {layout.header_gap}mm }}",
    ]
    rules += [
        f".c{index} {{ left: {left}mm; top: {top}mm }}"
        for index, (left, top) in enumerate(layout.cell_origins())
    ]
    rules += [f".{size_class(pt)} {{ font-size: {pt}pt }}" for pt in sorted(sizes)]
    if layout.qr:
        # The QR code itself is drawn into the PDF (stamp_qr_codes), at Layout.qr_origin.
        if not layout.portrait:
            # Organisation and role at the bottom, beside the QR code.
            rules.append(f".lines {{ position: absolute; bottom: {layout.padding}mm }}")
    return "\n".join(rules)


def crop_marks_svg(layout):
    """Cutting marks for a sheet of several cells: a short cross at every corner of a cell
    (past the sheet's edge half of it is cut off, which leaves a tick). The same image for
    every sheet, which WeasyPrint reads once."""
    arm = 3
    xs = [layout.margin_left + c * layout.cell_width for c in range(layout.columns + 1)]
    ys = [layout.margin_top + r * layout.cell_height for r in range(layout.rows + 1)]
    path = "".join(
        f"M{x - arm:g} {y:g}H{x + arm:g}M{x:g} {y - arm:g}V{y + arm:g}" for x in xs for y in ys
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.page_width}mm"'
        f' height="{layout.page_height}mm"'
        f' viewBox="0 0 {layout.page_width} {layout.page_height}">'
        f'<path d="{path}" stroke="#000" stroke-width="0.15" fill="none"/></svg>'
    )


def _text_markup(badge, sizes):
    out = []
    for number, name in enumerate(badge.names):
        sizes.add(name.pt)
        lang = ' lang="zh-Hans"' if name.wide else ""
        kind = "name" if number == 0 else "name second"
        out.append(f'<p class="{kind} {size_class(name.pt)}"{lang}>{escape(name.text)}</p>')
    if badge.lines:
        sizes.add(badge.lines_pt)
        lines = "\n".join(escape(line) for line in badge.lines)  # pre-line: no <br> elements
        out.append(f'<p class="lines {size_class(badge.lines_pt)}">{lines}</p>')
    return "".join(out)


def body_markup(layout, items, header_markup, sizes, codes):
    """The sheets as HTML, written here rather than by a template, which cost more than
    WeasyPrint's layout of the same badges. Every text goes through escape(). The badge codes
    of each sheet are appended to `codes` (a list per sheet), for stamp_qr_codes."""
    top = f'<p class="header">{header_markup}</p>'
    if layout.tent:
        for badge in items:
            half = top + _text_markup(badge, sizes)
            codes.append([])
            yield (
                f'<div class="sheet"><div class="half upper">{half}</div>'
                f'<div class="half lower">{half}</div><div class="fold"></div></div>'
            )
        return
    sheet, on_sheet = [], []
    for badge in items:
        sheet.append(f'<div class="badge c{len(sheet)}">{top}{_text_markup(badge, sizes)}</div>')
        on_sheet.append(badge.code if layout.qr else None)
        if len(sheet) == layout.per_sheet:
            codes.append([code for code in on_sheet if code])
            yield f'<div class="sheet">{"".join(sheet)}</div>'
            sheet, on_sheet = [], []
    if sheet:
        codes.append([code for code in on_sheet if code])
        yield f'<div class="sheet">{"".join(sheet)}</div>'


# Sheets per WeasyPrint document. WeasyPrint keeps every laid-out line (Pango's, in C memory)
# until the whole document is painted: 0.12 MB a badge in one document. Each group of sheets
# is laid out, painted and written on its own, then the files are joined; memory stays that
# of one group however many badges there are (docs/benchmarks.md).
SHEETS_PER_DOCUMENT = 16


@dataclass
class Prepared:
    """The badges of a list as HTML sheets, and what every group of them shares."""

    layout: Layout
    sheets: list  # HTML of each sheet, every text escaped
    codes: list  # the badge codes on each sheet, cell by cell (for the QR codes)
    page_css: str
    body_class: str
    forum: object
    badge_count: int = 0

    def html(self, sheets, request=None):
        return render_to_string(
            "forum/embassy/badges.html",
            {
                "forum": self.forum,
                "page_css": self.page_css,
                "body_class": self.body_class,
                "body": mark_safe("\n".join(sheets)),  # every text in it went through escape()
            },
            request,
        )

    def groups(self, size=SHEETS_PER_DOCUMENT):
        return [self.sheets[i : i + size] for i in range(0, len(self.sheets), size)]

    def code_groups(self, size=SHEETS_PER_DOCUMENT):
        return [self.codes[i : i + size] for i in range(0, len(self.codes), size)]

    def badges_in(self, groups):
        """How many badges each group of sheets holds (the last sheet may have room left)."""
        left, counts = self.badge_count, []
        for group in groups:
            counts.append(min(left, len(group) * self.layout.per_sheet))
            left -= counts[-1]
        return counts


def prepare(forum, queryset, layout, crop_marks=False):
    """Every badge of `queryset` as sheet markup, from a single query."""
    header_pt, header_rows, header_markup = header(forum, latin_language(), layout)
    items = list(badges(queryset, layout, header_height(layout, header_pt, header_rows)))
    sizes, codes = set(), []
    sheets = list(body_markup(layout, items, header_markup, sizes, codes))
    classes = [layout.key, "portrait" if layout.portrait else "", "tent" if layout.tent else ""]
    classes.append("crop-marks" if crop_marks else "")
    return Prepared(
        layout=layout,
        sheets=sheets,
        codes=codes,
        page_css=page_css(layout, crop_marks, header_pt, sizes),
        body_class=" ".join(c for c in classes if c),
        forum=forum,
        badge_count=len(items),
    )


def write_pdf(forum, queryset, layout, target, crop_marks=False, request=None, progress=None):
    """Write the PDF of `queryset`'s badges (or tent cards) on `layout`'s sheets to the file
    `target`; returns the number of badges. `progress(done, total)` hears of the badges
    written, a group of sheets at a time."""
    prepared = prepare(forum, queryset, layout, crop_marks)
    groups = prepared.groups()
    if progress:
        progress(0, prepared.badge_count)
    parts = [
        (layout.key, prepared.html(group, request), codes)
        for group, codes in zip(groups, prepared.code_groups(), strict=True)
    ]
    pdf_join.write(
        parts,
        render_part,
        target,
        progress,
        prepared.badge_count,
        sizes=prepared.badges_in(groups),
        finisher=stamp_qr_codes,
    )
    return prepared.badge_count


def render_part(part, path):
    """One group of sheets: its PDF written to `path`, or (path None) its laid-out document.
    A module-level function: pdf_join may call it in another process."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    key, html, codes = part
    resources, stylesheet, fonts = _shared(key)
    document = HTML(string=html, url_fetcher=resources).render(
        stylesheets=[stylesheet], font_config=fonts
    )
    mark_pages(document, LAYOUTS[key], codes)
    if path is None:
        return document
    document.write_pdf(path, finisher=stamp_qr_codes)
    return None


_SHARED = {}


def _shared(key):
    """The resources, stylesheet and fonts of a layout, made once per process."""
    if key not in _SHARED:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        resources = _resources(LAYOUTS[key])
        fonts = FontConfiguration()
        stylesheet = CSS(
            filename=finders.find("css/badges.css"), url_fetcher=resources, font_config=fonts
        )
        _SHARED[key] = resources, stylesheet, fonts
    return _SHARED[key]


def pdf_bytes(forum, queryset, layout, crop_marks=False, request=None):
    """The PDF of `queryset`'s badges (or tent cards) on `layout`'s sheets, as bytes."""
    with tempfile.TemporaryDirectory(prefix="badges-") as folder:
        target = Path(folder) / "badges.pdf"
        write_pdf(forum, queryset, layout, target, crop_marks, request)
        return target.read_bytes()


def chosen(queryset, statuses):
    return queryset.filter(status__in=statuses)


class BadgeOptions(forms.Form):
    """What the badge page asks. Its names differ from the attendee filter's
    (forum/filters.py), whose values travel along in the same query string."""

    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=[(key, layout.label) for key, layout in LAYOUTS.items()],
        initial=DEFAULT_LAYOUT,
        widget=forms.RadioSelect,
    )
    crop_marks = forms.BooleanField(
        label=_("Crop marks"),
        required=False,
        help_text=_("For cutting plain paper; label stock needs none."),
    )
    badge_status = forms.MultipleChoiceField(
        label=_("Who gets one"),
        choices=Registration.Status.choices,
        initial=list(DEFAULT_STATUSES),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one status.")},
    )

    NAMES = ("layout", "crop_marks", "badge_status")

    @classmethod
    def from_query(cls, query):
        """The options in `query`; the defaults when it has none (a plain link to the PDF)."""
        if "layout" in query:
            return cls(query)
        return cls({"layout": DEFAULT_LAYOUT, "badge_status": list(DEFAULT_STATUSES)})

    def layout_chosen(self):
        return LAYOUTS[self.cleaned_data["layout"]]
