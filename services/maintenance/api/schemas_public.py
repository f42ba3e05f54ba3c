"""HTTP schemas of QR codes and the account-less public requests they open."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator, model_validator

from services.maintenance.api.deps import CODE_PATTERN
from services.maintenance.api.schemas import EMAIL_PATTERN, PHONE_PATTERN, Description, In
from services.maintenance.domain.qr import QrCode, ScannedPlace
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import CATEGORY_LABELS, Category
from shared.clock import iso
from shared.errors import Invalid
from shared.types import line


class PublicRequestIn(In):
    """The QR form: the token names the place, so no location fields are accepted. The contact
    is optional: a name and a phone number together (an e-mail besides), or none of them."""

    token: str = Field(min_length=10, max_length=512)
    category: Category
    description: Description  # type: ignore[valid-type]
    contact_name: line(60) | None = None  # type: ignore[valid-type]
    contact_phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    contact_email: str | None = Field(default=None, max_length=120, pattern=EMAIL_PATTERN)

    @field_validator("contact_name", "contact_phone", "contact_email", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        # A form's empty input is a field not given, not a name of no characters.
        return None if isinstance(value, str) and not value.strip() else value

    def contact(self) -> dict[str, str] | None:
        """The contact given, or None; a 422 naming the field when only part of it is."""
        name, phone, email = self.contact_name, self.contact_phone, self.contact_email
        if name is None and phone is None:
            if email is not None:
                raise Invalid("an e-mail goes with a name and a phone number", field="contact_name")
            return None
        if name is None:
            raise Invalid("give your name with your phone number", field="contact_name")
        if phone is None:
            raise Invalid("give your phone number with your name", field="contact_phone")
        return {"name": name, "phone": phone, **({"email": email} if email else {})}


class QrCodeCreate(In):
    """A QR code for a place or an asset."""

    location_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    label: line(120, 0) | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _one(self) -> QrCodeCreate:
        if (self.location_id is None) == (self.asset_tag is None):
            raise ValueError("give exactly one of location_id and asset_tag")
        return self


class PublicStepRead(BaseModel):
    """A step as a requester without an account sees it (no names)."""

    action: str
    at: str


class PublicTicketRead(BaseModel):
    """A request as its follow-up key shows it: status and history, no names or contacts."""

    ticket_id: str
    status: str
    category: str
    location_id: str
    created_at: str
    rating: int | None
    history: list[PublicStepRead]
    photos: int
    correlation_id: str | None = Field(
        description="the order's story: send it as X-Correlation-Id with a rating or reopening"
    )

    @classmethod
    def of(cls, t: Ticket) -> PublicTicketRead:
        """The public view of a ticket."""
        return cls(
            ticket_id=t.id,
            status=t.status.value,
            category=t.category.value,
            location_id=t.location_id,
            created_at=iso(t.created_at),
            rating=t.rating,
            history=[PublicStepRead(action=s.action, at=iso(s.at)) for s in t.steps],
            photos=len(t.photos),
            correlation_id=t.correlation_id,
        )


class PublicFiledRead(PublicTicketRead):
    """A request filed through a QR code, with the key to follow, rate and close it."""

    follow_up_key: str

    @classmethod
    def of(cls, t: Ticket, key: str) -> PublicFiledRead:  # type: ignore[override]
        """The public view of a new request and its follow-up key."""
        return cls(**PublicTicketRead.of(t).model_dump(), follow_up_key=key)


class QrCodeRead(BaseModel):
    """A minted code: the token to print on the sticker and the form URL it opens."""

    code_id: str
    kind: str
    target: str
    label: str | None
    token: str
    url: str

    @classmethod
    def of(cls, code: QrCode, token: str, url: str) -> QrCodeRead:
        """The answer of a mint."""
        return cls(
            code_id=code.id,
            kind=code.kind,
            target=code.target,
            label=code.label,
            token=token,
            url=url,
        )


class QrRevokedRead(BaseModel):
    """A withdrawn code."""

    code_id: str
    revoked_at: str

    @classmethod
    def of(cls, code: QrCode) -> QrRevokedRead:
        """The answer of a revocation."""
        assert code.revoked_at is not None
        return cls(code_id=code.id, revoked_at=iso(code.revoked_at))


class CategoryRead(BaseModel):
    """A trade a requester can choose, with its label."""

    id: str
    label: str


class QrPlaceRead(BaseModel):
    """What a scanned code names: the place with its names, and the categories to choose from."""

    kind: str
    target: str
    campus_id: str
    building_id: str
    building_name: str | None
    location_id: str
    floor: int | None
    floor_name: str | None
    room_id: str | None
    room_name: str | None
    asset_tag: str | None
    asset_name: str | None
    categories: list[CategoryRead]

    @classmethod
    def of(cls, scanned: ScannedPlace) -> QrPlaceRead:
        """The pre-fill of the QR form."""
        claim, place, names = scanned.claim, scanned.place, scanned.names
        return cls(
            kind=claim.kind,
            target=claim.target,
            campus_id=place.campus_id,
            building_id=place.building_id,
            building_name=names.building_name,
            location_id=place.location_id,
            floor=place.floor,
            floor_name=names.floor_name,
            room_id=place.room_id,
            room_name=names.room_name,
            asset_tag=place.asset_tag,
            asset_name=names.asset_name,
            categories=[CategoryRead(id=c.value, label=lbl) for c, lbl in CATEGORY_LABELS.items()],
        )
