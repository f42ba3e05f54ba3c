"""The console's use of maintenance's newer answers: place names and an optional contact on the
QR form, the board's SLA filter as a query, the technician register, each step in its story."""

from __future__ import annotations

from tests.fakes.console_services import KEY, TICKET_ID, TOKEN
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}


def _posted(maintenance, path: str) -> list[tuple[str, str, bytes, dict]]:
    return [c for c in maintenance.calls if c[0] == "POST" and c[1] == path]


def test_the_qr_form_shows_the_place_by_its_names(client):
    page = client.get(f"/qr/{TOKEN}", headers=HTML)
    assert page.status_code == 200
    place = page.text.split('class="place"', 1)[1].split("</section>", 1)[0]
    assert "化学楼" in place and "301 室" in place and "3F" in place
    assert "B01-301" in place  # the code stays beside the name, for the staff
    assert "（选填）" in page.text and 'name="contact_phone"' in page.text
    phone = page.text.split('id="f-contact_phone"', 1)[1].split(">", 1)[0]
    assert "required" not in phone


def test_a_qr_request_without_a_contact_is_followed_by_its_key(client, maintenance):
    form = client.get(f"/qr/{TOKEN}", headers=HTML)
    fields = {"category": "plumbing", "description": "水槽漏水", "contact_name": ""}
    answer = client.post(f"/qr/{TOKEN}", data={"csrf": csrf_of(form.text), **fields})
    assert answer.status_code == 303 and answer.headers["location"] == f"/follow/{TICKET_ID}"
    ((_, _, body, _),) = _posted(maintenance, "/public/requests")
    assert b"contact_" not in body  # nothing half-empty reaches maintenance
    follow = client.get(f"/follow/{TICKET_ID}", headers=HTML)
    assert KEY in follow.text


def test_half_a_contact_is_refused_before_it_reaches_maintenance(client, maintenance):
    form = client.get(f"/qr/{TOKEN}", headers=HTML)
    fields = {"category": "plumbing", "description": "水槽漏水", "contact_name": "周同学"}
    answer = client.post(f"/qr/{TOKEN}", data={"csrf": csrf_of(form.text), **fields}, headers=HTML)
    assert answer.status_code == 422
    assert 'id="e-contact_phone"' in answer.text and "姓名和手机号码请一起填写" in answer.text
    assert 'value="周同学"' in answer.text and "水槽漏水" in answer.text
    assert _posted(maintenance, "/public/requests") == []
    english = client.post(
        f"/qr/{TOKEN}",
        data={"csrf": csrf_of(form.text), **fields},
        headers={**HTML, "accept-language": "en"},
    )
    assert "Give your name and your phone number together, or neither." in english.text


def test_the_board_asks_maintenance_for_the_sla_state_and_shows_what_it_answers(
    client, maintenance
):
    sign_in(client, "u-dispatcher-1")
    board = client.get("/board?sla=at_risk", headers=HTML)
    assert board.status_code == 200
    query = maintenance.queries["/tickets"][-1]
    assert query["sla"] == ["at_risk", "breached"] and query["sort"] == ["priority"]
    # Whatever maintenance finds is shown: the console filters no page of its own.
    assert f'id="card-{TICKET_ID}"' in board.text
    client.get("/board?sla=breached", headers=HTML)
    assert maintenance.queries["/tickets"][-1]["sla"] == ["breached"]
    client.get("/board", headers=HTML)
    assert "sla" not in maintenance.queries["/tickets"][-1]


def test_the_technician_picker_lists_the_register_with_teams_and_load(client, maintenance):
    sign_in(client, "u-dispatcher-1")
    maintenance.tickets[TICKET_ID].update(status="triaged")
    board = client.get("/board", headers=HTML)
    picker = board.text.split(f'id="f-technician_id-{TICKET_ID}"', 1)[1].split("</select>", 1)[0]
    assert "张师傅 Zhang · 水暖班（在办 1 单）" in picker
    assert 'value="u-tech-1"' in picker and "李师傅 Li" in picker  # unnamed: the demo's name
    assert "u-tech-9" not in picker  # away: not offered
    assert maintenance.queries["/technicians"][-1] == {"campus_id": ["main"]}


def test_each_step_from_a_page_carries_the_order_story(client, maintenance):
    maintenance.tickets[TICKET_ID]["status"] = "resolved"
    client.get(f"/follow/{TICKET_ID}?key={KEY}", headers=HTML)
    page = client.get(f"/follow/{TICKET_ID}", headers=HTML)
    assert 'name="story" value="c-open"' in page.text
    client.post(
        f"/follow/{TICKET_ID}/rate",
        data={"csrf": csrf_of(page.text), "rating": "5", "story": "c-open"},
    )
    ((_, _, _, headers),) = _posted(maintenance, f"/public/requests/{TICKET_ID}/close")
    assert headers["x-correlation-id"] == "c-open" and headers["x-follow-up-key"] == KEY
    maintenance.tickets[TICKET_ID]["status"] = "resolved"
    sign_in(client, "u-student-1")
    mine = client.get(f"/requests/{TICKET_ID}", headers=HTML)
    assert 'name="story" value="c-open"' in mine.text
    client.post(
        f"/requests/{TICKET_ID}/reopen",
        data={"csrf": csrf_of(mine.text), "reason": "还在漏", "story": "c-open"},
    )
    ((_, _, _, headers),) = _posted(maintenance, f"/tickets/{TICKET_ID}/reopen")
    assert headers["x-correlation-id"] == "c-open"
