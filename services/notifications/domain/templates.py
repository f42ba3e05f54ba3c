"""What a notification says, in zh-CN and English, for each consumed type. Pure text, no I/O.

One function per consumed type, listed with its type in `alerts.ALERTS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.notifications import consumed


@dataclass(frozen=True)
class Message:
    """Title and body in both product languages, plus the ids a client links to."""

    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    links: dict[str, str]


# Trades of the seeds (土建、水、电、暖); an unknown category is shown as sent.
_CATEGORY_ZH = {
    "civil": "土建",
    "plumbing": "水",
    "electrical": "电",
    "heating": "暖",
    "hvac": "暖通",
    "carpentry": "木工",
    "network": "网络",
    "other": "其他",
}
_CLOCK_ZH = {"response": "响应", "resolution": "修复", "contractor": "承包方响应"}
_REJECT_ZH = {
    "three_nos": "三无产品",
    "no_producer": "无生产者名称地址",
    "no_production_date": "无生产日期",
    "no_quality_certificate": "无合格证明",
    "spoiled": "腐烂变质",
    "expired": "已过保质期",
    "near_expiry": "剩余保质期不足",
    "pesticide_positive": "农残速测阳性",
    "supplier_unqualified": "供应商资质不合格",
}


def _place(building_id: str, room_id: str | None) -> str:
    return f"{building_id} {room_id}" if room_id else building_id


def ticket_opened(d: consumed.TicketOpened) -> Message:
    """A new repair request, where and of which trade."""
    place = _place(d.building_id, d.room_id)
    trade = _CATEGORY_ZH.get(d.category, d.category)
    return Message(
        title_zh=f"新报修：{place}（{trade}）",
        title_en=f"New repair request in {place} ({d.category})",
        body_zh=f"报修单 {d.ticket_id}，优先级 {d.priority}：{d.description}",
        body_en=f"Ticket {d.ticket_id}, priority {d.priority}: {d.description}",
        links={"ticket_id": d.ticket_id, "building_id": d.building_id},
    )


def ticket_assigned(d: consumed.TicketAssigned) -> Message:
    """A ticket is the assignee's now."""
    return Message(
        title_zh=f"新派工：报修单 {d.ticket_id}",
        title_en=f"Ticket {d.ticket_id} assigned to you",
        body_zh=f"{d.building_id} 的报修单 {d.ticket_id} 已派给您，请尽快到场。",
        body_en=f"Ticket {d.ticket_id} in {d.building_id} is yours; please go on site.",
        links={"ticket_id": d.ticket_id, "building_id": d.building_id},
    )


def ticket_resolved(d: consumed.TicketResolved) -> Message:
    """The requester's repair is done."""
    return Message(
        title_zh=f"您的报修已修好：{d.ticket_id}",
        title_en=f"Your repair request {d.ticket_id} is resolved",
        body_zh="维修已完成，请确认并为本次服务评价。",
        body_en="The repair is done; please confirm and rate the service.",
        links={"ticket_id": d.ticket_id, "building_id": d.building_id},
    )


def sla_breached(d: consumed.SlaBreached) -> Message:
    """A ticket ran out of one of its clocks."""
    clock_zh = _CLOCK_ZH.get(d.clock, d.clock)
    return Message(
        title_zh=f"报修单超时：{d.ticket_id}（{clock_zh}）",
        title_en=f"Ticket {d.ticket_id} breached its {d.clock} deadline",
        body_zh=f"{d.building_id} 的报修单 {d.ticket_id} {clock_zh}时限已过（截止 {d.due_at}）。",
        body_en=f"Ticket {d.ticket_id} in {d.building_id} was due by {d.due_at} ({d.clock}).",
        links={"ticket_id": d.ticket_id, "building_id": d.building_id},
    )


def device_flagged(d: consumed.DeviceFlagged) -> Message:
    """A device that keeps failing or misfiring."""
    return Message(
        title_zh=f"设备频繁报警：{d.device_tag}",
        title_en=f"Device {d.device_tag} flagged",
        body_zh=(
            f"{d.building_id} 的设备 {d.device_tag} {d.window_days} 天内 {d.count} 次：{d.reason}"
        ),
        body_en=(
            f"Device {d.device_tag} in {d.building_id}: {d.count} times in "
            f"{d.window_days} days ({d.reason})"
        ),
        links={"device_tag": d.device_tag, "building_id": d.building_id},
    )


def delivery_rejected(d: consumed.DeliveryRejected) -> Message:
    """A delivery line refused at receiving, with the reasons in Chinese."""
    item = d.item or f"#{d.line_no}"
    reasons_zh = "、".join(_REJECT_ZH.get(code, code) for code in d.reason_codes) or d.reason
    return Message(
        title_zh=f"进货验收拒收：{item}",
        title_en=f"Delivery line rejected: {item}",
        body_zh=f"送货单 {d.delivery_id} 第 {d.line_no} 行拒收，原因：{reasons_zh}",
        body_en=f"Delivery {d.delivery_id} line {d.line_no} rejected: {d.reason}",
        links={"delivery_id": d.delivery_id, "canteen_id": d.canteen_id},
    )


def stock_expiring(d: consumed.StockExpiring) -> Message:
    """A batch near its expiry date."""
    return Message(
        title_zh=f"库存临期：{d.item}",
        title_en=f"Stock near expiry: {d.item}",
        body_zh=f"批次 {d.batch_id} 的 {d.item} 将于 {d.expires_on} 到期，请优先领用或报损。",
        body_en=(
            f"{d.item} batch {d.batch_id} expires on {d.expires_on}: "
            "issue it first or write it off."
        ),
        links={"batch_id": d.batch_id, "canteen_id": d.canteen_id},
    )


def asset_damaged(d: consumed.AssetDamaged) -> Message:
    """An asset reported damaged, deliberately or not."""
    place = _place(d.building_id, d.room_id)
    return Message(
        title_zh=f"校产损坏{'（故意）' if d.deliberate else ''}：{d.tag}",
        title_en=f"Asset {d.tag} damaged{' deliberately' if d.deliberate else ''}",
        body_zh=f"{place} 的校产 {d.tag} 报损坏：{d.description}",
        body_en=f"Asset {d.tag} in {place} reported damaged: {d.description}",
        links={"asset_id": d.asset_id, "damage_id": d.damage_id, "building_id": d.building_id},
    )
