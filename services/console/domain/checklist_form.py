"""A checklist template's form of item rows: what the page shows and the canteen's body.

The canteen checks every item again (points, ids) and has the last word; these name the row a
manager must correct without a round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.console.domain.canteen_setup import CODE, Rows, short_id
from services.console.domain.vocabulary import N_

#: At most this many items a checklist (the canteen's own limit).
MAX_ITEMS = 100


def items_from(form: Any) -> Rows:
    """A checklist form's items (`item-<i>-text`, `-points`, `-equipment`, `-tag`, `-id`); a
    row without a text is dropped."""
    found = Rows(rows=[])
    for i in range(MAX_ITEMS):
        text = str(form.get(f"item-{i}-text", "")).strip()
        points = str(form.get(f"item-{i}-points", "")).strip()
        kept = str(form.get(f"item-{i}-id", "")).strip()
        tag = str(form.get(f"item-{i}-tag", "")).strip()
        place = str(form.get(f"item-{i}-place", "")).strip()
        equipment = form.get(f"item-{i}-equipment") == "on"
        row = {"index": i, "item_id": kept, "text": text, "points": points,
               "equipment": equipment, "equipment_tag": tag, "place": place}  # fmt: skip
        if not text:
            continue
        found.rows.append(row)
        if len(text) > 200:
            found.errors[f"item-{i}-text"] = N_("At most 200 characters.")
        if not points.isdigit() or not 1 <= int(points) <= 100:
            found.errors[f"item-{i}-points"] = N_("Points from 1 to 100.")
        if tag and not CODE.match(tag):
            found.errors[f"item-{i}-tag"] = N_("A tag of letters, digits and -.")
        if len(place) > 100:
            found.errors[f"item-{i}-place"] = N_("At most 100 characters.")
        item_id = kept if CODE.match(kept) and len(kept) <= 40 else short_id("i", text)
        if any(b["item_id"] == item_id for b in found.body):
            found.errors[f"item-{i}-text"] = N_("This item is on the list already.")
        found.body.append(
            {
                "item_id": item_id,
                "text": text,
                "points": int(points) if points.isdigit() else 0,
                "equipment": equipment,
                "equipment_tag": tag or None,
                "place": place or None,
            }
        )
    if not found.body:
        found.errors["item-0-text"] = N_("A checklist needs at least one item.")
    return found


def item_rows(template: Mapping[str, Any] | None, blank: int = 3) -> list[dict[str, Any]]:
    """A checklist form's rows: each item, then `blank` empty rows to add some."""
    rows = [
        {
            "index": i,
            "item_id": it["item_id"],
            "text": it["text"],
            "points": str(it["points"]),
            "equipment": it["equipment"],
            "equipment_tag": it.get("equipment_tag") or "",
            "place": it.get("place") or "",
        }
        for i, it in enumerate((template or {}).get("items", ()))
    ]
    return with_blank_items(rows, blank)


def with_blank_items(rows: list[dict[str, Any]], blank: int) -> list[dict[str, Any]]:
    """The rows and `blank` empty ones after them (to add items)."""
    start = max((r["index"] for r in rows), default=-1) + 1
    return rows + [
        {
            "index": start + k,
            "item_id": "",
            "text": "",
            "points": "",
            "equipment": False,
            "equipment_tag": "",
            "place": "",
        }  # fmt: skip
        for k in range(min(blank, MAX_ITEMS - start))
    ]
