"""GB/T 14885-2010 fixed-asset classification (固定资产分类与代码): the code and its gate."""

from __future__ import annotations

from shared.errors import Invalid

#: First digit of a GB/T 14885-2010 code: the 门类 (gate category).
GATES = {
    "1": "土地、房屋及构筑物 land, buildings and structures",
    "2": "通用设备 general equipment",
    "3": "专用设备 special equipment",
    "4": "文物和陈列品 cultural relics and exhibits",
    "5": "图书、档案 books and archives",
    "6": "家具、用具、装具及动植物 furniture, utensils, fittings, animals and plants",
}


def category_gate(code: str) -> str:
    """The gate (门类) of a 7-digit GB/T 14885 code (门类 大类 中类 小类); Invalid if malformed."""
    if len(code) != 7 or not code.isascii() or not code.isdigit():
        raise Invalid("category_code must be 7 digits (GB/T 14885-2010)", field="category_code")
    if code[0] not in GATES:
        raise Invalid(f"category_code gate {code[0]} is not one of 1-6", field="category_code")
    return GATES[code[0]]
