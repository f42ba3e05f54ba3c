"""The asset pages against the real assets service (SQLite, in process) and maintenance's fake:
register and search, an asset's page from its QR label with a fault report, label sheets,
the stock-take scanner taking typed tags and scanned label URLs, the reconciliation."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from services.assets.main import build as build_assets
from services.assets.settings import AssetsSettings
from services.console.main import build
from services.console.settings import ConsoleSettings
from tests.fakes.console_services import FakeMaintenance, transports
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}
PC = {
    "tag": "ZC-B01-0001",
    "name": "台式计算机 desktop",
    "category_code": "2010000",
    "building_id": "B01",
    "room_id": "B01-101",
    "purchase_value": "5200.00",
    "purchase_date": "2022-09-01",
}


@pytest.fixture
def maintenance() -> FakeMaintenance:
    return FakeMaintenance()


@pytest.fixture
def client(maintenance: FakeMaintenance, tmp_path) -> Iterator[TestClient]:
    assets = build_assets(AssetsSettings(store_url=f"sqlite:///{tmp_path / 'assets.db'}"))
    asyncio.run(assets.runtime.open_store())
    found = transports(maintenance)
    found["assets"] = httpx.ASGITransport(app=assets)
    app = build(ConsoleSettings(), transports=found)
    with TestClient(app, follow_redirects=False, base_url="http://console.test") as http:
        yield http
    asyncio.run(assets.runtime.store.close())


def post(http: TestClient, path: str, page_path: str, data: dict) -> httpx.Response:
    page = http.get(page_path, headers=HTML)
    return http.post(path, data={"csrf": csrf_of(page.text), **data}, headers=HTML)


def test_register_search_open_and_print(client):
    sign_in(client, "u-asset-manager-1", "/assets")
    empty = client.get("/assets", headers=HTML)
    assert empty.status_code == 200 and "资产台账" in empty.text
    bad = post(client, "/assets", "/assets", {**PC, "purchase_value": "abc"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    made = post(client, "/assets", "/assets", PC)
    assert made.status_code == 303, made.text
    page = client.get(made.headers["location"], headers=HTML)
    assert "ZC-B01-0001" in page.text and "¥5200.00" in page.text
    assert "登记" in page.text and "报修" in page.text
    found = client.get("/assets", params={"name": "台式"}, headers=HTML)
    assert made.headers["location"] in found.text
    pdf = client.get("/assets/labels.pdf", params={"building_id": "B01"}, headers=HTML)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_student_scanning_a_label_reports_a_fault(client, maintenance):
    sign_in(client, "u-asset-manager-1", "/assets")
    asset_page = post(client, "/assets", "/assets", PC).headers["location"]
    client.post("/signout", data={"csrf": csrf_of(client.get("/", headers=HTML).text)})
    sign_in(client, "u-student-1", asset_page)
    page = client.get(asset_page, headers=HTML)
    assert page.status_code == 200 and "f-tag" in page.text  # no access: the tag is typed
    data = {"tag": "ZC-B01-0001", "category": "electrical", "description": "开不了机 won't start"}
    sent = post(client, f"{asset_page}/fault", asset_page, data)
    assert sent.status_code == 303
    [call] = [c for c in maintenance.calls if c[:2] == ("POST", "/tickets")]
    assert b'"asset_tag":"ZC-B01-0001"' in call[2].replace(b" ", b"")


def test_the_stock_take_scanner_and_its_reconciliation(client):
    sign_in(client, "u-asset-manager-1", "/stocktakes")
    one = post(client, "/assets", "/assets", PC).headers["location"]
    post(client, "/assets", "/assets", {**PC, "tag": "ZC-B01-0002", "room_id": "B01-102"})
    started = post(client, "/stocktakes", "/stocktakes", {"building_id": "B01", "name": "春季盘点"})
    assert started.status_code == 303
    scan_path = started.headers["location"]
    scanner = client.get(scan_path, headers=HTML)
    assert "/static/assets-scanner.js" in scanner.text and "f-codes" in scanner.text
    codes = f"http://127.0.0.1:8106{one}\nZC-NEW-0001"
    done = post(client, scan_path, scan_path, {"room_id": "B01-101", "codes": codes})
    assert done.status_code == 303
    report_path = scan_path.removesuffix("/scan")
    report = client.get(report_path, headers=HTML).text
    assert re.search(r"盘亏（未找到） \(1\)", report) and "ZC-B01-0002" in report
    assert re.search(r"盘盈（账外） \(1\)", report) and "ZC-NEW-0001" in report
    assert re.search(r"账实相符 \(1\)", report)
    sent = post(client, f"{report_path}/submit", report_path, {})
    assert sent.status_code == 303
    assert "等待管理员审批" in client.get(report_path, headers=HTML).text
