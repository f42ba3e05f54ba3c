"""Bodies that are not JSON: multipart forms with photos, CSV files."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from services.maintenance.settings import MaintenanceSettings
from shared.errors import Invalid, TooLarge, UnsupportedMedia

#: Room for the form fields and multipart framing around the photos.
FORM_OVERHEAD = 256 * 1024
MAX_CSV_BYTES = 5 * 1024 * 1024


def photo_slots(settings: MaintenanceSettings) -> int:
    """How many photos one form may carry."""
    return max(1, settings.photos_per_ticket)


def form_limit(settings: MaintenanceSettings) -> int:
    """The largest form with photos: every slot full, plus the fields (never below the default)."""
    biggest = photo_slots(settings) * settings.photo_max_bytes + FORM_OVERHEAD
    return max(biggest, settings.http_max_body_bytes)


def validate(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """Validate form data as a body would be: 422 naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


def _declared_length(request: Request) -> int | None:
    length = request.headers.get("content-length")
    return int(length) if length is not None and length.isdigit() else None


async def read_form(
    request: Request, settings: MaintenanceSettings
) -> tuple[dict[str, str], list[bytes]]:
    """Form fields and the `photos` files, refusing oversize bodies before parsing them."""
    cap, slots = settings.photo_max_bytes, photo_slots(settings)
    limit = slots * cap + FORM_OVERHEAD
    length = _declared_length(request)
    if length is not None and length > limit:
        raise TooLarge(f"request body over {limit} bytes", field="body")
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise UnsupportedMedia("send multipart/form-data (or a urlencoded form without photos)")
    fields: dict[str, str] = {}
    uploads: list[bytes] = []
    async with request.form(max_files=slots + 1, max_fields=40) as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key != "photos":
                    raise Invalid(f"unexpected file field {key}", field=key)
                if len(uploads) >= slots:
                    raise Invalid(f"at most {slots} photos", field="photos")
                data = await value.read(cap + 1)
                if len(data) > cap:
                    raise TooLarge(
                        f"photo is larger than {cap} bytes", field=f"photos.{len(uploads)}"
                    )
                uploads.append(data)
            elif key in fields:
                raise Invalid(f"field {key} given twice", field=key)
            else:
                fields[key] = value
    return fields, uploads


async def read_csv(request: Request) -> str:
    """A UTF-8 CSV sent as text/csv, or as the `file` field of a multipart form."""
    length = _declared_length(request)
    if length is not None and length > MAX_CSV_BYTES:
        raise TooLarge(f"CSV over {MAX_CSV_BYTES} bytes", field="body")
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=5) as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise Invalid("no file in field `file`", field="file")
            raw = await upload.read(MAX_CSV_BYTES + 1)
    elif kind.startswith(("text/csv", "text/plain")):
        raw = await request.body()
    else:
        raise UnsupportedMedia("send text/csv, or multipart/form-data with a `file` field")
    if len(raw) > MAX_CSV_BYTES:
        raise TooLarge(f"CSV over {MAX_CSV_BYTES} bytes", field="body")
    try:
        return raw.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError:
        raise Invalid("the CSV must be UTF-8", field="body") from None
