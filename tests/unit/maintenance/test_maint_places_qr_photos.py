"""Locations CSV parsing, QR tokens and photo sniffing, without I/O."""

from __future__ import annotations

import pytest

from services.maintenance.domain.locations import Kind, Location, parse_locations_csv
from services.maintenance.domain.photos import UnsupportedMedia, check_photo, sniff_image
from services.maintenance.domain.qr import (
    BadToken,
    QrClaim,
    check_follow_up_key,
    follow_up_key,
    mint_qr_token,
    verify_qr_token,
)
from shared.errors import TooLarge

HEADER = "campus_id,campus_name,building_id,building_name,floor,room_id,room_name\n"
SECRET = b"k" * 32


def test_csv_builds_the_hierarchy():
    text = (
        HEADER + "main,主校区,B01,一号楼,3,B01-301,实验室\nmain,,B01,,-1,B01-B101,\nmain,,B02,,,,\n"
    )
    wanted, errors = parse_locations_csv(text, {})
    assert errors == []
    by_id = {loc.id: loc for loc in wanted}
    assert by_id["main"].name == "主校区" and by_id["B01"].name == "一号楼"
    room = by_id["B01-301"]
    assert (room.kind, room.floor, room.building_id, room.parent_id) == (
        Kind.ROOM,
        3,
        "B01",
        "B01:F3",
    )
    assert by_id["B01:F-1"].name == "B1"
    assert by_id["B02"].kind is Kind.BUILDING


def test_csv_reports_every_bad_row_and_keeps_nothing():
    text = HEADER + (
        "main,,B01,,3,R1,\n"  # fine
        ",,B01,,3,R2,\n"  # no campus
        "main,,B01,,x,R3,\n"  # floor not a number
        "main,,,,3,R4,\n"  # floor without building
        "east,,B01,,3,R5,\n"  # B01 already on campus main
        "main,,B01,,4,R1,\n"  # R1 already on floor 3
        "main,,B0 1,,,,\n"  # bad code
    )
    wanted, errors = parse_locations_csv(text, {})
    assert wanted == []
    assert [(e.row, e.field) for e in errors] == [
        (3, "campus_id"),
        (4, "floor"),
        (5, "building_id"),
        (6, "building_id"),
        (7, "room_id"),
        (8, "building_id"),
    ]


def test_csv_checks_against_existing_places_and_header():
    existing = {"B01": Location("B01", Kind.BUILDING, "One", "main", building_id="B01")}
    _, errors = parse_locations_csv(HEADER + "east,,B01,,,,\n", existing)
    assert errors and "already a building" in errors[0].reason
    wanted, errors = parse_locations_csv(HEADER + "main,,B01,,,,\n", existing)
    assert errors == [] and {w.id: w.name for w in wanted}["B01"] == "One"  # name kept
    _, errors = parse_locations_csv("campus,building\nx,y\n", {})
    assert errors[0].field == "header"
    _, errors = parse_locations_csv(HEADER, {})
    assert errors[0].reason == "no data rows"


def test_qr_token_round_trip_and_forgery():
    claim = QrClaim("abc123", "location", "B01-301")
    token = mint_qr_token(SECRET, claim)
    assert verify_qr_token(SECRET, token) == claim
    payload, sig = token.split(".")
    forged = mint_qr_token(b"x" * 32, QrClaim("abc123", "location", "B09-999"))
    for bad in (forged, payload + "." + sig[:-2] + "AA", "nodot", "a.b.c", "", "é.é"):
        with pytest.raises(BadToken):
            verify_qr_token(SECRET, bad)
    other = mint_qr_token(SECRET, QrClaim("abc123", "location", "B09-999")).split(".")[0]
    with pytest.raises(BadToken):
        verify_qr_token(SECRET, other + "." + sig)  # a signature does not move to a new place


def test_follow_up_key_belongs_to_one_ticket():
    key = follow_up_key(SECRET, "WO-1")
    assert check_follow_up_key(SECRET, "WO-1", key)
    assert not check_follow_up_key(SECRET, "WO-2", key)
    assert not check_follow_up_key(SECRET, "WO-1", key[:-1] + "x")


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 10


def test_photos_are_judged_by_their_bytes():
    assert [sniff_image(x) for x in (JPEG, PNG, WEBP)] == ["image/jpeg", "image/png", "image/webp"]
    assert sniff_image(b"GIF89a....") is None
    assert check_photo(PNG, max_bytes=100, field="p") == "image/png"
    with pytest.raises(TooLarge):
        check_photo(JPEG + b"\x00" * 200, max_bytes=100, field="p")
    with pytest.raises(UnsupportedMedia) as info:
        check_photo(b"%PDF-1.7 ......", max_bytes=100, field="p")
    assert info.value.status == 415
    with pytest.raises(UnsupportedMedia):
        check_photo(b"", max_bytes=100, field="p")
