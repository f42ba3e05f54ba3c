"""The import pages against the real assets service (SQLite, in process): an XLSX with three
bad cells is refused naming each (row, column, value, reason in zh-CN), nothing imported; its
valid rows go in from the report without a second upload; the result links the label sheet;
a GBK CSV imports; a broken file is named at the file field."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator

import httpx
import pytest
from openpyxl import Workbook
from starlette.testclient import TestClient

from services.assets.main import build as build_assets
from services.assets.settings import AssetsSettings
from services.console.api import imports as import_pages
from services.console.main import build
from services.console.settings import ConsoleSettings
from shared.auth import AuthSettings, mint_token
from tests.fakes.console_services import FakeMaintenance, transports
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MANAGER = {
    "Authorization": "Bearer "
    + mint_token(
        AuthSettings(),
        sub="u-asset-manager-1",
        roles=["asset_manager"],
        scopes={"building": ["B01", "B02"]},
    )
}
HEADER = [
    "tag",
    "name",
    "category_code",
    "building_id",
    "room_id",
    "department_id",
    "purchase_value",
    "purchase_date",
    "useful_life_years",
    "custodian_id",
]
#: (row, column key) -> the bad value: G5 not an amount, H9 not a date, D12 not in scope.
BAD = {(5, "purchase_value"): "abc", (9, "purchase_date"): "2024-13-01", (12, "building_id"): "B09"}


def rows(count: int) -> list[list[object]]:
    """`count` register rows (the header is row 1, so data rows are numbered from 2)."""
    out = []
    for n in range(2, count + 2):
        row = {
            "tag": f"ZC-IMP-{n:04d}",
            "name": f"椅子 chair {n}",
            "category_code": "6010000",
            "building_id": "B01",
            "room_id": f"B01-{100 + n}",
            "department_id": "",
            "purchase_value": "1800.00",
            "purchase_date": "2024-09-01",
            "useful_life_years": 15,
            "custodian_id": "",
        }
        for (bad_row, key), value in BAD.items():
            if bad_row == n:
                row[key] = value
        out.append([row[k] for k in HEADER])
    return out


def xlsx(data: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def world(tmp_path) -> Iterator[tuple[TestClient, TestClient]]:
    assets = build_assets(AssetsSettings(store_url=f"sqlite:///{tmp_path / 'assets.db'}"))
    asyncio.run(assets.runtime.open_store())
    wires = {**transports(FakeMaintenance()), "assets": httpx.ASGITransport(app=assets)}
    app = build(ConsoleSettings(), transports=wires)
    with TestClient(app, follow_redirects=False, base_url="http://console.test") as http:
        yield http, TestClient(assets, base_url="http://assets")
    asyncio.run(assets.runtime.store.close())


def upload(http: TestClient, content: bytes, name: str, media: str, **fields) -> httpx.Response:
    token = csrf_of(http.get("/imports", headers=HTML).text)
    return http.post(
        "/imports",
        data={"csrf": token, **fields},
        files={"file": (name, content, media)},
        headers=HTML,
    )


def registered(api: TestClient) -> list[str]:
    found = api.get("/assets", params={"building_id": "B01", "limit": 200}, headers=MANAGER)
    return [a["tag"] for a in found.json()["items"]]


def test_three_bad_cells_are_named_then_the_valid_rows_go_in(world):
    http, api = world
    sign_in(http, "u-asset-manager-1", "/imports")
    refused = upload(http, xlsx(rows(20)), "台账.xlsx", XLSX, mode="all")
    assert refused.status_code == 422
    page = refused.text
    assert "3 个单元格有误" in page and "未导入任何内容" in page
    assert "20 行中有 3 行存在错误单元格；17 行有效" in page
    cells = re.findall(r'<tr id="cell-([A-Z]+[0-9]+)">', page)
    assert cells == ["G5", "H9", "D12"]
    g5 = page[page.index('id="cell-G5"') :].split("</tr>")[0]
    assert "<td>5</td>" in g5 and "G · 原值" in g5 and "<code>abc</code>" in g5
    assert "不是以元为单位的金额。" in g5
    assert "不是日期：请写成 YYYY-MM-DD。" in page and "此楼宇不在您的管理范围内。" in page
    assert registered(api) == []  # nothing was imported
    kept = re.search(r'name="kept" value="([^"]+)"', page).group(1)
    assert "只导入 17 行有效数据" in page

    answer = http.post(
        "/imports",
        data={
            "csrf": csrf_of(page),
            "mode": "valid",
            "encoding": "",
            "kept": kept,
            "kept_name": "台账.xlsx",
        },
        headers=HTML,
    )
    assert answer.status_code == 303, answer.text
    result = http.get(answer.headers["location"], headers=HTML).text
    assert "已从 台账.xlsx 导入 20 行中的 17 行" in result and "已导入 17 项资产" in result
    assert re.findall(r'<tr id="cell-([A-Z]+[0-9]+)">', result) == ["G5", "H9", "D12"]
    import_id = answer.headers["location"].rsplit("/", 1)[1]
    assert f'name="import_id" value="{import_id}"' in result
    assert len(registered(api)) == 17 and "ZC-IMP-0005" not in registered(api)
    pdf = http.get(
        "/assets/labels.pdf", params={"import_id": import_id, "layout": "a4-3x8"}, headers=HTML
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    listed = http.get("/assets", params={"import_id": import_id}, headers=HTML).text
    assert listed.count('class="card"') == 17


def test_a_gbk_csv_with_chinese_headings_imports(world):
    http, api = world
    sign_in(http, "u-asset-manager-1", "/imports")
    text = "标签,名称,分类代码,楼宇,房间,原值,购置日期\r\n" + "".join(
        f"ZC-GBK-{n:04d},办公桌 第{n}张,6010000,B01,B01-201,1200.00,2023-05-04\r\n"
        for n in range(1, 6)
    )
    done = upload(http, text.encode("gbk"), "办公桌.csv", "text/csv", mode="all", encoding="gbk")
    assert done.status_code == 303, done.text
    result = http.get(done.headers["location"], headers=HTML).text
    assert "已导入 5 项资产" in result and "CSV · GBK" in result
    assert sorted(registered(api)) == [f"ZC-GBK-{n:04d}" for n in range(1, 6)]
    wrong = upload(
        http,
        text.replace("GBK", "GBX").encode("gbk"),
        "b.csv",
        "text/csv",
        mode="all",
        encoding="utf-8",
    )
    assert wrong.status_code == 422 and "文件不是 utf-8 编码" in wrong.text
    assert 'id="e-file"' in wrong.text and 'value="utf-8" checked' in wrong.text


def test_a_broken_file_no_file_a_large_refused_file_and_who_may(world, monkeypatch):
    http, api = world
    sign_in(http, "u-asset-manager-1", "/imports")
    broken = upload(http, b"not a workbook", "a.xlsx", XLSX, mode="valid")
    assert broken.status_code == 422 and "文件名为 .xlsx，但不是 XLSX 工作簿" in broken.text
    assert 'value="valid" checked' in broken.text  # the choice stays
    token = csrf_of(http.get("/imports", headers=HTML).text)
    none = http.post("/imports", data={"csrf": token, "mode": "all"}, headers=HTML)
    assert none.status_code == 422 and "请选择 XLSX 或 CSV 文件" in none.text
    monkeypatch.setattr(import_pages, "KEEP_MAX_BYTES", 10)
    refused = upload(http, xlsx(rows(12)), "big.xlsx", XLSX, mode="all")
    assert refused.status_code == 422 and 'name="kept"' not in refused.text
    assert "重新选择 big.xlsx" in refused.text and 'id="f-again"' in refused.text
    assert http.post("/imports", files={"file": ("a.csv", b"x", "text/csv")}).status_code == 403
    http.cookies.clear()
    sign_in(http, "u-auditor-1")
    assert http.get("/imports", headers=HTML).status_code == 403
