"""Excel and CSV: a 1,000-row workbook with three bad cells is refused naming them, the clean
one imports every row, GBK and UTF-8 CSV import, valid rows only on request, and exports."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from services.assets.domain.imports import COLUMNS
from tests.unit.assets.support import ADMIN, AUDITOR, B01_MANAGER, MANAGER, ok, register, types_of

HEADER = [c.title for c in COLUMNS]


def row(n: int) -> list:
    building = ("B01", "B02", "B03")[n % 3]
    return [
        f"ZC-IMP-{n:05d}",
        f"学生椅 chair {n}" if n % 2 else f"台式计算机 desktop {n}",
        "6010000" if n % 2 else 2010000,  # Excel keeps a code typed as a number
        building,
        f"{building}-{100 + n % 40}",
        "D-PHYS",
        180 if n % 2 else "5200.00",
        "2022-09-01",
        None,
        "u-teacher-1" if n % 10 == 0 else None,
    ]


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name: str, **form) -> dict:
    return {"files": {"file": (name, content)}, "data": {k: str(v) for k, v in form.items()}}


async def test_a_thousand_rows_with_three_bad_cells_are_refused_naming_them(client):
    rows = [row(n) for n in range(1000)]
    rows[8][6] = "abc"  # sheet row 10, column G (purchase value)
    rows[498][7] = "2025-13-01"  # row 500, column H (purchase date)
    rows[996][2] = "7010000"  # row 998, column C (category code)
    r = await client.post("/imports", **upload(workbook(rows), "register.xlsx"), headers=MANAGER)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert [(e["cell"], e["field"]) for e in problem["errors"]] == [
        ("G10", "purchase_value"),
        ("H500", "purchase_date"),
        ("C998", "category_code"),
    ]
    assert problem["errors"][0]["value"] == "abc" and problem["errors"][0]["reason"]
    assert problem["refused_cells"] == 3 and problem["rows"] == 1000
    assert await types_of(client) == []

    clean = [row(n) for n in range(1000)]
    record = ok(
        await client.post("/imports", **upload(workbook(clean), "register.xlsx"), headers=MANAGER),
        201,
    )
    assert (record["rows"], record["imported"], record["skipped"]) == (1000, 1000, 0)
    assert record["format"] == "xlsx" and record["buildings"] == ["B01", "B02", "B03"]
    types = await types_of(client)
    assert types.count("assets.asset.registered.v1") == 1000
    assert types.count("assets.asset.assigned.v1") == 100
    assert types[-1] == "assets.import.completed.v1"
    page = ok(
        await client.get("/assets", params={"import_id": record["import_id"]}, headers=AUDITOR)
    )
    assert len(page["items"]) == 50 and page["next_cursor"]
    chair = ok(await client.get("/assets/by-tag/ZC-IMP-00001", headers=AUDITOR))
    assert chair["low_value"] is True and chair["useful_life_years"] == 15
    pc = ok(await client.get("/assets/by-tag/ZC-IMP-00000", headers=AUDITOR))
    assert pc["category_code"] == "2010000" and pc["custody"]["custodian_id"] == "u-teacher-1"
    # The same file again: every tag is taken now.
    again = await client.post("/imports", **upload(workbook(clean[:3]), "x.xlsx"), headers=MANAGER)
    assert [e["reason"] for e in again.json()["errors"]] == ["already registered"] * 3


async def test_gbk_and_utf8_csv_import_and_valid_rows_only(client):
    lines = [HEADER, row(1), row(2)]
    text = io.StringIO()
    csv.writer(text).writerows(lines)
    gbk = text.getvalue().encode("gbk")
    record = ok(await client.post("/imports", **upload(gbk, "台账.csv"), headers=MANAGER), 201)
    assert (record["format"], record["encoding"], record["imported"]) == ("csv", "gbk", 2)
    name = ok(await client.get("/assets/by-tag/ZC-IMP-00001", headers=AUDITOR))["name"]
    assert name == "学生椅 chair 1"

    mixed = [HEADER, row(3), [*row(4)[:6], "-5", *row(4)[7:]], row(5)]
    text = io.StringIO()
    csv.writer(text).writerows(mixed)
    utf8 = text.getvalue().encode("utf-8-sig")
    refused = await client.post("/imports", **upload(utf8, "a.csv"), headers=MANAGER)
    assert refused.status_code == 422 and refused.json()["errors"][0]["cell"] == "G3"
    partial = ok(
        await client.post("/imports", **upload(utf8, "a.csv", valid_only=True), headers=MANAGER),
        201,
    )
    assert (partial["encoding"], partial["imported"], partial["skipped"]) == ("utf-8", 2, 1)
    assert partial["errors"][0]["cell"] == "G3"
    shown = ok(await client.get(f"/imports/{partial['import_id']}", headers=AUDITOR))
    assert shown["imported"] == 2


async def test_refusals_name_the_header_scope_and_duplicates(client):
    bad_header = workbook([])
    book = load_workbook(io.BytesIO(bad_header))
    book.active["B1"] = "颜色 colour"
    out = io.BytesIO()
    book.save(out)
    r = await client.post("/imports", **upload(out.getvalue(), "h.xlsx"), headers=MANAGER)
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} >= {"header", "name"}
    dupes = [row(3), row(3), row(4)]  # row(3) is in B01, row(4) in B02
    r = await client.post("/imports", **upload(workbook(dupes), "d.xlsx"), headers=B01_MANAGER)
    reasons = {(e["cell"], e["reason"]) for e in r.json()["errors"]}
    assert ("A3", "tag also in row 2") in reasons
    assert ("D4", "not in your buildings") in reasons
    garbage = await client.post(
        "/imports", **upload(b"\xff\xfe\x00garbage", "x.csv"), headers=MANAGER
    )
    assert garbage.status_code == 422
    fake = await client.post("/imports", **upload(b"PK\x03\x04broken", "x.xlsx"), headers=MANAGER)
    assert fake.status_code == 422 and fake.json()["field"] == "file"
    assert (
        await client.post("/imports", **upload(b"x", "x.csv"), headers=AUDITOR)
    ).status_code == 403
    assert await types_of(client) == []


async def test_export_a_search_as_xlsx_and_gbk_csv_and_import_it_again(client):
    await register(client)
    await register(
        client, tag="ZC-B02-0001", building_id="B02", room_id="B02-1", name="=HYPERLINK(x)"
    )
    xlsx = await client.get("/assets/export", params={"format": "xlsx"}, headers=AUDITOR)
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("标签 tag", "名称 name", "分类代码 category_code")
    assert [v[0] for v in values[1:]] == ["ZC-B01-0001", "ZC-B02-0001"]
    assert values[1][-1] == "3033.33" and values[2][1] == "'=HYPERLINK(x)"
    gbk = await client.get(
        "/assets/export",
        params={"format": "csv", "encoding": "gbk", "building_id": "B01"},
        headers=ADMIN,
    )
    text = gbk.content.decode("gbk")
    assert text.splitlines()[1].startswith("ZC-B01-0001,台式计算机")
    assert len(text.splitlines()) == 2
    # An export imports again (here into another building's tags).
    book = load_workbook(io.BytesIO(xlsx.content))
    ws = book.active
    ws.delete_cols(11, 2)
    ws["A2"], ws["A3"] = "ZC-COPY-1", "ZC-COPY-2"
    ws["B3"] = "复制 copy"
    out = io.BytesIO()
    book.save(out)
    again = ok(
        await client.post("/imports", **upload(out.getvalue(), "e.xlsx"), headers=MANAGER), 201
    )
    assert again["imported"] == 2
