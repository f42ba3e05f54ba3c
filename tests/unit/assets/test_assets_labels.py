"""Labels: an asset's QR label as SVG and PNG, and a 65-label sheet PDF from offset 10 whose
pages and codes are checked by reading the PDF back and decoding each code (zxing-cpp)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tests.unit.assets.support import AUDITOR, B01_MANAGER, MANAGER, register

CONSOLE = "http://127.0.0.1:8106"
MM = 72 / 25.4


def decoded(image: Image.Image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(image)]


async def test_one_label_as_svg_and_png_leads_to_the_asset_page(client):
    pc = await register(client)
    url = f"{CONSOLE}/assets/{pc['asset_id']}"
    svg = await client.get(f"/assets/{pc['asset_id']}/label", headers=AUDITOR)
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(svg.content)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "ZC-B01-0001" and texts[-1] == url and "联想" in texts[1]
    png = await client.get(
        f"/assets/{pc['asset_id']}/label", params={"format": "png"}, headers=AUDITOR
    )
    assert png.headers["content-type"] == "image/png"
    assert decoded(Image.open(io.BytesIO(png.content))) == [url]
    other = await register(client, tag="ZC-B02-0001", building_id="B02")
    assert (
        await client.get(f"/assets/{other['asset_id']}/label", headers=B01_MANAGER)
    ).status_code == 403


async def test_a_sheet_of_65_labels_from_offset_10(client):
    made = [await register(client, tag=f"ZC-LBL-{n:03d}", room_id="B01-205") for n in range(65)]
    made.append(await register(client, tag="ZC-LBL-OTHER", room_id="B01-206"))
    r = await client.get(
        "/labels/sheet",
        params={"building_id": "B01", "room_id": "B01-205", "layout": "a4-3x8", "offset": 10},
        headers=MANAGER,
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    # 24 labels a sheet: 14 left on the first, then 24, 24 and 3.
    assert len(pdf.pages) == 4
    per_page = [len(page.images) for page in pdf.pages]
    assert per_page == [14, 24, 24, 3]
    urls = [u for page in pdf.pages for img in page.images for u in decoded(img.image)]
    expected = {f"{CONSOLE}/assets/{a['asset_id']}" for a in made[:65]}
    assert len(urls) == 65 and set(urls) == expected
    # The first code sits in the eleventh slot (second column, fourth row): 1.5 mm into a
    # 70 × 37 mm label whose bottom is 148.5 mm up the page, centred in its height.
    data = pdf.pages[0].get_contents().get_data()
    placed = re.findall(rb"([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm\s*/\S+ Do", data)
    x, y = float(placed[0][2]), float(placed[0][3])
    assert abs(x - 71.5 * MM) < 0.5 and abs(y - 151.25 * MM) < 0.5, (x / MM, y / MM)


async def test_sheet_selections_layouts_and_offsets_are_checked(client):
    pc = await register(client)
    for params, field in (
        ({"building_id": "B01", "layout": "a4-9x9"}, "layout"),
        ({"building_id": "B01", "layout": "a4-3x8", "offset": 24}, "offset"),
        ({}, "building_id"),
        ({"asset_id": ["ast-nope"]}, "asset_id"),
    ):
        r = await client.get("/labels/sheet", params=params, headers=MANAGER)
        assert r.status_code == 422 and r.json()["field"] == field, (params, r.text)
    outside = await client.get("/labels/sheet", params={"building_id": "B09"}, headers=MANAGER)
    assert outside.status_code == 403
    listed = await client.get(
        "/labels/sheet", params={"asset_id": [pc["asset_id"]], "layout": "a4-5x13"}, headers=MANAGER
    )
    assert listed.status_code == 200
    pdf = PdfReader(io.BytesIO(listed.content))
    assert len(pdf.pages) == 1 and len(pdf.pages[0].images) == 1
