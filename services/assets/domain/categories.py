"""GB/T 14885-2010 fixed-asset classification (固定资产分类与代码) as data, with useful lives.

A code has 7 digits: 门类 (1) 大类 (2) 中类 (2) 小类 (2). The table holds the gates and the
大类 a university registers; a deeper code takes the entry of its 大类, then of its gate.
Default useful lives are the minimums of the depreciation table in the application guide of
政府会计准则第3号——固定资产 (财会〔2017〕4号): computers and office equipment 6 years,
vehicles and simple buildings 8, machinery 10, instruments 5, furniture 15, utensils and
fittings 5, steel-concrete buildings 50 (brick 30: override at registration). Straight line,
no residual value. Land, cultural relics and exhibits, books and archives, and animals and
plants are not depreciated (准则第3号 第十五条): their book value stays their cost.

Capitalisation (事业单位财务规则, 2012 wording as adopted in universities' asset rules): an
item with more than one year of life and a unit value of at least ¥1,000 (¥1,500 for
specialised equipment, gate 3) is a fixed asset; below that it is registered as a low-value
item (低值易耗品) and not depreciated. The thresholds are settings, not constants here.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import Invalid


@dataclass(frozen=True)
class Category:
    """An entry of the classification: its code, name and depreciation default."""

    code: str
    name: str
    #: None: not depreciated by the standard (land, relics, books, animals and plants).
    default_life_years: int | None
    depreciated: bool = True

    @property
    def gate(self) -> str:
        """The 门类 digit."""
        return self.code[0]

    @property
    def specialised(self) -> bool:
        """专用设备 (gate 3): the higher capitalisation threshold applies."""
        return self.gate == "3"


def _c(code: str, name: str, life: int | None, depreciated: bool = True) -> Category:
    return Category(code, name, life, depreciated)


#: Gates (门类), each with the default of a code whose 大类 is not listed below.
GATES: dict[str, Category] = {
    "1": _c("1000000", "土地、房屋及构筑物 land, buildings and structures", 50),
    "2": _c("2000000", "通用设备 general equipment", 5),
    "3": _c("3000000", "专用设备 special equipment", 10),
    "4": _c("4000000", "文物和陈列品 cultural relics and exhibits", None, False),
    "5": _c("5000000", "图书、档案 books and archives", None, False),
    "6": _c("6000000", "家具、用具、装具及动植物 furniture, utensils, fittings, flora, fauna", 15),
}

#: 大类 a university registers, keyed by their 7-digit code.
CLASSES: dict[str, Category] = {
    c.code: c
    for c in (
        _c("1010000", "土地 land", None, False),
        _c("1020000", "房屋 buildings (steel-concrete 50; brick 30; simple 8)", 50),
        _c("1030000", "构筑物 structures", 8),
        _c("2010000", "计算机设备及软件 computers and software", 6),
        _c("2020000", "办公设备 office equipment", 6),
        _c("2030000", "车辆 vehicles", 8),
        _c("2040000", "图书档案设备 library and archive equipment", 5),
        _c("2050000", "机械设备 machinery", 10),
        _c("2060000", "电气设备 electrical equipment", 5),
        _c("2070000", "雷达、无线电和卫星导航设备 radar, radio and satellite navigation", 10),
        _c("2080000", "通信设备 communication equipment", 5),
        _c("2090000", "广播、电视、电影设备 broadcast, television and film equipment", 5),
        _c("2100000", "仪器仪表 instruments and meters", 5),
        _c("2110000", "电子和通信测量仪器 electronic and communication measuring instruments", 5),
        _c("2120000", "计量标准器具及量具、衡器 measuring standards, gauges and scales", 5),
        _c("3120000", "食品加工专用设备 food processing equipment (canteens)", 10),
        _c("3200000", "医疗设备 medical equipment", 5),
        _c("3220000", "安全生产设备 safety equipment", 10),
        _c("3240000", "环境污染防治设备 pollution control equipment", 10),
        _c("3310000", "专用仪器仪表 special instruments (laboratories)", 5),
        _c("3320000", "文艺设备 performing-arts equipment", 5),
        _c("3330000", "体育设备 sports equipment", 5),
        _c("3340000", "娱乐设备 recreation equipment", 5),
        _c("6010000", "家具用具 furniture", 15),
        _c("6020000", "被服装具 bedding, clothing and fittings", 5),
        _c("6030000", "特种用途动物 animals for special purposes", None, False),
        _c("6040000", "特种用途植物 plants for special purposes", None, False),
    )
}


def check_code(code: str) -> str:
    """A well-formed 7-digit code under a known gate; Invalid (naming the field) otherwise."""
    if len(code) != 7 or not code.isascii() or not code.isdigit():
        raise Invalid("category_code must be 7 digits (GB/T 14885-2010)", field="category_code")
    if code[0] not in GATES:
        raise Invalid(f"category_code gate {code[0]} is not one of 1-6", field="category_code")
    return code


def category_of(code: str) -> Category:
    """The most precise entry for a code: the code itself, its 大类, else its gate."""
    check_code(code)
    return CLASSES.get(code) or CLASSES.get(code[:3] + "0000") or GATES[code[0]]


def category_gate(code: str) -> str:
    """The name of the gate (门类) of a code."""
    return GATES[check_code(code)[0]].name


def all_categories() -> list[Category]:
    """Every gate and 大类, by code."""
    return sorted([*GATES.values(), *CLASSES.values()], key=lambda c: c.code)


@dataclass(frozen=True)
class Thresholds:
    """Capitalisation thresholds in fen per unit (configurable in the settings)."""

    general_fen: int = 100_000
    specialised_fen: int = 150_000


@dataclass(frozen=True)
class Depreciation:
    """How a new asset is carried: its life and whether it is a low-value item."""

    useful_life_years: int | None
    low_value: bool


def carrying(
    category: Category, value_fen: int, life_override: int | None, thresholds: Thresholds
) -> Depreciation:
    """Life and class of a new asset: the override or the category's default life; low value
    when under the threshold or with a life of one year or less; None life: not depreciated."""
    life = life_override if life_override is not None else category.default_life_years
    if category.depreciated and life is None:
        raise Invalid(
            f"category {category.code} has no default useful life; give useful_life_years",
            field="useful_life_years",
        )
    threshold = thresholds.specialised_fen if category.specialised else thresholds.general_fen
    low_value = value_fen < threshold or (life is not None and life <= 1)
    if not category.depreciated:
        # Land, relics, books: kept at cost whatever their value (准则第3号 第十五条).
        return Depreciation(None, False)
    return Depreciation(life, low_value)
