"""Labels: each asset's QR code (segno) encodes the URL of its page in the console, where a
repair can be reported from; one label as SVG or PNG, and sheets of labels as one PDF
(reportlab) on a chosen sheet layout, starting at an offset to use up a partly used sheet.

Chinese names are set in reportlab's built-in STSong-Light (a CID font the PDF viewer
supplies), so no font file ships with the service; the PNG label carries the tag only (a
font with Chinese glyphs would be needed for the name).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

import segno
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from shared.errors import Invalid

CJK_FONT = "STSong-Light"


@cache
def _fonts() -> None:
    """Register the CJK font once, on first use (nothing happens at import)."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


@dataclass(frozen=True)
class Layout:
    """A sheet of labels: page size, grid, label size, first label's corner, pitch (mm)."""

    name: str
    title: str
    page_w: float
    page_h: float
    cols: int
    rows: int
    label_w: float
    label_h: float
    left: float
    top: float
    pitch_x: float
    pitch_y: float

    @property
    def per_sheet(self) -> int:
        """Labels on one sheet."""
        return self.cols * self.rows


#: Common A4 label sheets (the sizes of the usual 3474 / L7160 / L7163 / L7651 stock).
LAYOUTS = {
    layout.name: layout
    for layout in (
        # name, title, page w, h, cols, rows, label w, h, left, top, pitch x, y
        Layout("a4-3x8", "A4 3×8 70×37", 210, 297, 3, 8, 70, 37, 0, 0.5, 70, 37),
        Layout("a4-3x7", "A4 3×7 63.5×38.1", 210, 297, 3, 7, 63.5, 38.1, 7.2, 15.15, 66, 38.1),
        Layout("a4-2x7", "A4 2×7 99.1×38.1", 210, 297, 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1),
        Layout("a4-5x13", "A4 5×13 38.1×21.2", 210, 297, 5, 13, 38.1, 21.2, 4.75, 10.7, 40.6, 21.2),
    )
}


@dataclass(frozen=True)
class LabelContent:
    """What one label shows."""

    url: str
    tag: str
    name: str
    place: str


def qr(url: str) -> segno.QRCode:
    """The QR code of a URL (error correction M: a label survives some scuffing)."""
    return segno.make(url, error="m", micro=False)


def label_svg(content: LabelContent) -> str:
    """One label as SVG: the code, the tag, the name and the place (the viewer's fonts)."""
    code = qr(content.url)
    size = code.symbol_size(scale=1, border=2)[0]
    dark = "".join(
        f"M{x} {y}h1v1h-1z"
        for y, row in enumerate(code.matrix_iter(scale=1, border=2))
        for x, on in enumerate(row)
        if on
    )
    path = f'<path fill="#000" d="{dark}"/>'
    height = size + 14
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size * 3} {height}" '
        f'width="{size * 3 * 4}" height="{height * 4}" role="img" '
        f'aria-label="{escape(content.tag)}">'
        f'<rect width="100%" height="100%" fill="#fff"/>{path}'
        f'<text x="{size + 2}" y="8" font-family="sans-serif" font-size="6" '
        f'font-weight="bold">{escape(content.tag)}</text>'
        f'<text x="{size + 2}" y="16" font-family="sans-serif" font-size="4">'
        f"{escape(content.name[:24])}</text>"
        f'<text x="{size + 2}" y="22" font-family="sans-serif" font-size="4">'
        f"{escape(content.place)}</text>"
        f'<text x="2" y="{height - 3}" font-family="monospace" font-size="3">'
        f"{escape(content.url)}</text></svg>"
    )


def label_png(content: LabelContent, scale: int = 8) -> bytes:
    """One label as PNG: the code with the tag printed under it."""
    code = qr(content.url)
    buf = io.BytesIO()
    code.save(buf, kind="png", scale=scale, border=4)
    image = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    font = ImageFont.load_default(size=scale * 4)
    canvas_ = Image.new("L", (image.width, image.height + scale * 6), 255)
    canvas_.paste(image, (0, 0))
    draw = ImageDraw.Draw(canvas_)
    width = draw.textlength(content.tag, font=font)
    draw.text(((image.width - width) / 2, image.height), content.tag, fill=0, font=font)
    out = io.BytesIO()
    canvas_.save(out, format="PNG")
    return out.getvalue()


def _fit(text: str, font: str, size: float, width: float) -> str:
    while text and pdfmetrics.stringWidth(text, font, size) > width:
        text = text[:-1]
    return text


def _draw_label(pdf: canvas.Canvas, content: LabelContent, x: float, y: float, lay: Layout):
    """One label with its lower-left corner at (x, y) in points."""
    pad = 1.5 * mm
    side = min(lay.label_h * mm - 2 * pad, lay.label_w * mm * 0.45)
    buf = io.BytesIO()
    qr(content.url).save(buf, kind="png", scale=6, border=2)
    buf.seek(0)
    pdf.drawImage(ImageReader(buf), x + pad, y + (lay.label_h * mm - side) / 2, side, side)
    tx = x + pad * 2 + side
    width = lay.label_w * mm - side - pad * 3
    size = 9 if lay.label_h > 30 else 6
    top = y + lay.label_h * mm - pad - size
    pdf.setFont("Helvetica-Bold", size)
    pdf.drawString(tx, top, _fit(content.tag, "Helvetica-Bold", size, width))
    pdf.setFont(CJK_FONT, size - 1)
    pdf.drawString(tx, top - size * 1.3, _fit(content.name, CJK_FONT, size - 1, width))
    pdf.drawString(tx, top - size * 2.5, _fit(content.place, CJK_FONT, size - 1, width))
    pdf.setFont(CJK_FONT, size - 2)
    pdf.drawString(tx, y + pad, _fit("校产 扫码报修 scan to report", CJK_FONT, size - 2, width))


def sheet_pdf(labels: Sequence[LabelContent], layout: Layout, offset: int = 0) -> bytes:
    """Labels in reading order from position `offset` of the first sheet, as one PDF."""
    if not 0 <= offset < layout.per_sheet:
        raise Invalid(f"offset must be from 0 to {layout.per_sheet - 1}", field="offset")
    if not labels:
        raise Invalid("no assets selected", field="selection")
    _fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(layout.page_w * mm, layout.page_h * mm), invariant=1)
    pdf.setTitle("校产标签 asset labels")
    for i, content in enumerate(labels):
        position = offset + i
        slot = position % layout.per_sheet
        if position and slot == 0:
            pdf.showPage()
        col, row = slot % layout.cols, slot // layout.cols
        x = (layout.left + col * layout.pitch_x) * mm
        y = (layout.page_h - layout.top - row * layout.pitch_y - layout.label_h) * mm
        _draw_label(pdf, content, x, y, layout)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def pages_for(count: int, layout: Layout, offset: int) -> int:
    """Sheets needed for `count` labels starting at `offset`."""
    return -(-(offset + count) // layout.per_sheet)
