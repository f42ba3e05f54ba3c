"""HTTP schemas of dispatch: rules, teams, contractors, warranties, workload."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator, model_validator

from services.maintenance.api.deps import CODE_PATTERN
from services.maintenance.api.schemas import In, UserId
from services.maintenance.domain.dispatch import Contractor, Rule, Team, Warranty
from services.maintenance.domain.vocabulary import Category
from services.maintenance.settings import TargetSetting
from shared.types import Day, line


class RulePut(In):
    """Orders of a category (in a building, or anywhere on the campus) go to …"""

    campus_id: str = Field(pattern=CODE_PATTERN)
    category: Category
    building_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    technician_id: UserId | None = None  # type: ignore[valid-type]
    team_id: str | None = Field(default=None, pattern=CODE_PATTERN)

    @model_validator(mode="after")
    def _one(self) -> RulePut:
        if (self.technician_id is None) == (self.team_id is None):
            raise ValueError("name exactly one of technician_id and team_id")
        return self

    def to_rule(self, rule_id: str) -> Rule:
        """The domain rule."""
        return Rule(
            rule_id,
            self.campus_id,
            self.category,
            self.building_id,
            self.technician_id,
            self.team_id,
        )


class TeamPut(In):
    """A team of technicians."""

    campus_id: str = Field(pattern=CODE_PATTERN)
    name: line(120)  # type: ignore[valid-type]
    members: list[UserId] = Field(min_length=1, max_length=200)  # type: ignore[valid-type]

    @field_validator("members")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("members must be distinct user ids")
        return value


class ContractorPut(In):
    """An outside firm with its answer clock and escalation contact."""

    name: line(120)  # type: ignore[valid-type]
    technician_id: UserId  # type: ignore[valid-type]
    response: TargetSetting = TargetSetting(amount=24, unit="business_hours")
    escalate_to: UserId | None = None  # type: ignore[valid-type]


class WarrantyPut(In):
    """A building or asset under a contractor's warranty until a date."""

    contractor_id: str = Field(pattern=CODE_PATTERN)
    campus_id: str = Field(pattern=CODE_PATTERN)
    until: Day
    building_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    categories: list[Category] = Field(default=[], max_length=len(Category))

    @model_validator(mode="after")
    def _one(self) -> WarrantyPut:
        if (self.building_id is None) == (self.asset_tag is None):
            raise ValueError("give exactly one of building_id and asset_tag")
        return self


class RuleRead(BaseModel):
    """A dispatch rule."""

    id: str
    campus_id: str
    category: str
    building_id: str | None
    technician_id: str | None
    team_id: str | None

    @classmethod
    def of(cls, r: Rule) -> RuleRead:
        """The view of a rule."""
        return cls(
            id=r.id,
            campus_id=r.campus_id,
            category=r.category.value,
            building_id=r.building_id,
            technician_id=r.technician_id,
            team_id=r.team_id,
        )


class TeamRead(BaseModel):
    """A team of technicians."""

    id: str
    campus_id: str
    name: str
    members: list[str]

    @classmethod
    def of(cls, t: Team) -> TeamRead:
        """The view of a team."""
        return cls(id=t.id, campus_id=t.campus_id, name=t.name, members=list(t.members))


class TargetRead(BaseModel):
    """A time budget."""

    amount: float
    unit: str


class ContractorRead(BaseModel):
    """A contractor, its answer clock and who hears when it is late."""

    id: str
    name: str
    technician_id: str
    response: TargetRead
    escalate_to: str | None

    @classmethod
    def of(cls, c: Contractor) -> ContractorRead:
        """The view of a contractor."""
        return cls(
            id=c.id,
            name=c.name,
            technician_id=c.technician_id,
            response=TargetRead(amount=c.response.amount, unit=c.response.unit),
            escalate_to=c.escalate_to,
        )


class WarrantyRead(BaseModel):
    """A warranty on a building or an asset."""

    id: str
    contractor_id: str
    campus_id: str
    until: str
    building_id: str | None
    asset_tag: str | None
    categories: list[str]

    @classmethod
    def of(cls, w: Warranty) -> WarrantyRead:
        """The view of a warranty."""
        return cls(
            id=w.id,
            contractor_id=w.contractor_id,
            campus_id=w.campus_id,
            until=w.until.isoformat(),
            building_id=w.building_id,
            asset_tag=w.asset_tag,
            categories=[c.value for c in w.categories],
        )


class RuleList(BaseModel):
    """Rules of a campus."""

    items: list[RuleRead]


class TeamList(BaseModel):
    """Teams of a campus."""

    items: list[TeamRead]


class ContractorList(BaseModel):
    """Every contractor."""

    items: list[ContractorRead]


class WarrantyList(BaseModel):
    """Warranties of a campus."""

    items: list[WarrantyRead]


class WorkloadRead(BaseModel):
    """Open orders (assigned, in progress, on hold, reopened) per technician."""

    workload: dict[str, int]
