"""The console's pages against fakes: sign-in redirects, roles, CSRF, forms, outages."""

from __future__ import annotations

from tests.fakes.console_services import KEY, TICKET_ID, TOKEN
from tests.unit.console.conftest import console, csrf_of, sign_in

HTML = {"accept": "text/html"}


def test_a_staff_page_signed_out_redirects_to_sign_in_and_back(client):
    answer = client.get("/board?status=opened", headers=HTML)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/board%3Fstatus%3Dopened"
    sign_in(client, "u-dispatcher-1", "/board?status=opened")
    assert client.get("/board?status=opened", headers=HTML).status_code == 200


def test_sign_in_returns_only_to_a_path_of_the_console(client):
    page = client.get("/signin", headers=HTML)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        answer = client.post(
            "/signin/demo",
            data={"csrf": csrf_of(page.text), "person_id": "u-ops-1", "next": target},
        )
        assert answer.headers["location"] == "/", target
        page = client.get("/signin", headers=HTML)


def test_the_session_cookie_is_signed_http_only_and_same_site(client):
    sign_in(client, "u-student-1")
    cookie = client.get("/", headers=HTML).headers.get("set-cookie", "")
    assert "campus_session=" in cookie and "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    forged = client.cookies.get("campus_session", "")[:-4] + "AAAA"
    client.cookies.set("campus_session", forged, domain="console.test")
    assert client.get("/board", headers=HTML).status_code == 303  # a forged cookie: signed out


def test_a_requester_gets_the_403_page_on_the_dispatch_board(client):
    sign_in(client, "u-student-1")
    answer = client.get("/board", headers=HTML)
    assert answer.status_code == 403
    assert "此页面不适用于您的角色" in answer.text
    assert "/requests" in answer.text  # their own pages are still in the navigation


def test_a_form_without_its_csrf_token_is_refused(client, maintenance):
    client.get(f"/qr/{TOKEN}", headers=HTML)
    fields = {
        "category": "plumbing",
        "description": "漏水",
        "contact_name": "周",
        "contact_phone": "13900000009",
    }
    for given in ({}, {"csrf": "not-the-token"}):
        answer = client.post(f"/qr/{TOKEN}", data={**fields, **given}, headers=HTML)
        assert answer.status_code == 403 and "表单被拒绝" in answer.text
    assert not [c for c in maintenance.calls if c[0] == "POST"]  # nothing reached the service


def test_the_qr_form_files_with_photos_and_opens_the_follow_up_page(client, maintenance):
    form = client.get(f"/qr/{TOKEN}", headers=HTML)
    assert (
        form.status_code == 200 and 'capture="environment"' in form.text and "B01-301" in form.text
    )
    answer = client.post(
        f"/qr/{TOKEN}",
        data={
            "csrf": csrf_of(form.text),
            "category": "plumbing",
            "description": "水槽漏水",
            "contact_name": "周同学",
            "contact_phone": "13900000009",
        },
        files=[("photos", ("leak.jpg", b"\xff\xd8\xff\xe0fakejpeg", "image/jpeg"))],
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/follow/{TICKET_ID}"
    method, path, body, headers = next(c for c in maintenance.calls if c[1] == "/public/requests")
    assert b'filename="leak.jpg"' in body and b"fakejpeg" in body
    follow = client.get(f"/follow/{TICKET_ID}", headers=HTML)
    assert follow.status_code == 200 and KEY in follow.text and "已受理" in follow.text


def test_a_form_error_keeps_what_was_typed_and_names_the_field(client):
    form = client.get(f"/qr/{TOKEN}", headers=HTML)
    answer = client.post(
        f"/qr/{TOKEN}",
        data={
            "csrf": csrf_of(form.text),
            "category": "plumbing",
            "description": "实验室水槽下水管漏水",
            "contact_name": "周同学",
            "contact_phone": "12",
        },
        headers=HTML,
    )
    assert answer.status_code == 422
    assert "实验室水槽下水管漏水" in answer.text and 'value="周同学"' in answer.text
    assert 'id="e-contact_phone"' in answer.text and "您的手机号码" in answer.text


def test_a_rate_limit_is_friendly_text(client, maintenance):
    maintenance.rate_limited = True
    form = client.get(f"/qr/{TOKEN}", headers=HTML)
    fields = {
        "category": "plumbing",
        "description": "水槽漏水",
        "contact_name": "周",
        "contact_phone": "13900000009",
    }
    answer = client.post(f"/qr/{TOKEN}", data={"csrf": csrf_of(form.text), **fields}, headers=HTML)
    assert answer.status_code == 429 and "请稍后再试" in answer.text and "水槽漏水" in answer.text


def test_an_invalid_qr_code_is_a_page_not_json(client):
    answer = client.get("/qr/not-a-real-token", headers=HTML)
    assert answer.status_code == 403 and "此二维码无法使用" in answer.text


def test_following_up_rates_with_the_key_in_the_header(client, maintenance):
    maintenance.tickets[TICKET_ID]["status"] = "resolved"
    page = client.get(f"/follow/{TICKET_ID}?key={KEY}", headers=HTML)
    assert page.status_code == 303  # the key leaves the URL for the session
    page = client.get(f"/follow/{TICKET_ID}", headers=HTML)
    assert "评价并关闭" in page.text
    answer = client.post(
        f"/follow/{TICKET_ID}/rate", data={"csrf": csrf_of(page.text), "rating": "5"}
    )
    assert answer.status_code == 303
    _, _, body, headers = next(c for c in maintenance.calls if c[1].endswith("/close"))
    assert headers["x-follow-up-key"] == KEY and b'"rating":5' in body.replace(b" ", b"")
    assert "此报修已关闭" in client.get(f"/follow/{TICKET_ID}", headers=HTML).text


def test_a_service_that_is_down_shows_a_banner_not_a_stack_trace(maintenance):
    with console(maintenance, down=("maintenance",)) as http:
        sign_in(http, "u-dispatcher-1")
        answer = http.get("/board", headers=HTML)
    assert answer.status_code == 503
    assert "维修服务暂时没有响应" in answer.text and "Traceback" not in answer.text


def test_the_board_assigns_and_shows_the_sla_badge(client, maintenance):
    sign_in(client, "u-dispatcher-1")
    maintenance.tickets[TICKET_ID]["status"] = "triaged"
    board = client.get("/board", headers=HTML)
    assert "sla-" in board.text and "张师傅 Zhang" in board.text  # technician names from the demo
    answer = client.post(
        f"/board/{TICKET_ID}/assign",
        data={"csrf": csrf_of(board.text), "to": "team", "team_id": "water", "back": "/board"},
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/board"
    _, _, body, headers = next(c for c in maintenance.calls if c[1].endswith("/assign"))
    assert b'"team_id":"water"' in body.replace(b" ", b"")
    assert headers["authorization"].startswith("Bearer ")
    assert "已派工" in client.get("/board", headers=HTML).text


def test_the_inbox_badge_counts_unread_and_mark_read_clears_it(client):
    sign_in(client, "u-dispatcher-1")
    home = client.get("/", headers=HTML)
    assert 'class="badge"' in home.text
    inbox = client.get("/inbox", headers=HTML)
    assert "新报修" in inbox.text
    for note in ("n-1", "n-crit"):
        client.post(f"/inbox/{note}/read", data={"csrf": csrf_of(inbox.text), "back": "/inbox"})
    assert 'class="badge"' not in client.get("/", headers=HTML).text


def test_an_api_client_still_gets_problem_documents(client):
    answer = client.get("/no-such-page", headers={"accept": "application/json"})
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_the_technician_holds_with_a_reason_and_resumes(client, maintenance):
    sign_in(client, "u-tech-1")
    maintenance.tickets[TICKET_ID].update(status="in_progress", assignee_id="u-tech-1")
    work = client.get("/work", headers=HTML)
    assert "暂停" in work.text and "完成维修" in work.text
    token = csrf_of(work.text)
    refused = client.post(f"/work/{TICKET_ID}/hold", data={"csrf": token, "reason": "weather"})
    assert refused.status_code == 303 and not [c for c in maintenance.calls if "/hold" in c[1]]
    client.post(f"/work/{TICKET_ID}/hold", data={"csrf": token, "reason": "parts", "note": "等"})
    _, _, body, _ = next(c for c in maintenance.calls if c[1].endswith("/hold"))
    assert b'"reason":"parts"' in body.replace(b" ", b"")
    client.post(f"/work/{TICKET_ID}/resume", data={"csrf": token, "story": "c-open"})
    _, _, _, headers = next(c for c in maintenance.calls if c[1].endswith("/resume"))
    assert headers["x-correlation-id"] == "c-open"  # the order's story goes on


def test_the_requester_rates_a_resolved_request(client, maintenance):
    sign_in(client, "u-student-1")
    maintenance.tickets[TICKET_ID]["status"] = "resolved"
    page = client.get(f"/requests/{TICKET_ID}", headers=HTML)
    assert "评价并关闭" in page.text
    bad = client.post(
        f"/requests/{TICKET_ID}/rate", data={"csrf": csrf_of(page.text), "rating": "7"}
    )
    assert bad.status_code == 422 and 'id="e-rating"' in bad.text
    good = client.post(
        f"/requests/{TICKET_ID}/rate",
        data={"csrf": csrf_of(page.text), "rating": "4", "comment": "好"},
    )
    assert good.status_code == 303
    _, _, body, _ = next(c for c in maintenance.calls if c[1].endswith("/close"))
    assert b'"rating":4' in body.replace(b" ", b"")


def test_the_ops_page_shows_what_each_service_answers(client):
    sign_in(client, "u-ops-1")
    page = client.get("/ops", headers=HTML)
    assert page.status_code == 200
    row = page.text.split("维修服务", 1)[1].split("</tr>", 1)[0]
    assert "broker: 异常" in row and "store: 正常" in row  # alive, not ready
    canteen = page.text.split("食堂服务", 1)[1].split("</tr>", 1)[0]
    assert canteen.count("否") == 2 and "ConnectError" in canteen


def test_the_auditor_sees_a_story_and_the_whole_life_and_exports(client):
    sign_in(client, "u-auditor-1")
    search = client.get(f"/audit?subject={TICKET_ID}", headers=HTML)
    assert (
        search.text.count("maintenance.ticket.") >= 3
        and "/audit/export.csv?subject=" in search.text
    )
    story = client.get("/audit/story/c-triage", headers=HTML)
    assert 'class="depth-1"' in story.text  # assigned was caused by triaged
    assert "maintenance.ticket.opened.v1" in story.text  # the order's life, other chapters too
    assert "/audit/story/c-open" in story.text
    export = client.get(f"/audit/export.csv?subject={TICKET_ID}")
    assert export.status_code == 200 and export.text.startswith("seq,type")
    assert "attachment" in export.headers["content-disposition"]
    verify = client.get("/audit/verify", headers=HTML)
    assert "审计链完整" in verify.text
