"""What a photo is: sniffed from its first bytes, never from the client's content type. Pure."""

from __future__ import annotations

import hashlib

from shared.errors import TooLarge, UnsupportedMedia

#: The formats a phone camera or browser produces that every client can show.
ALLOWED = ("image/jpeg", "image/png", "image/webp")
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
__all__ = ["ALLOWED", "EXTENSIONS", "UnsupportedMedia", "check_photo", "digest", "sniff_image"]


def sniff_image(head: bytes) -> str | None:
    """The image type of these leading bytes (JPEG, PNG or WebP), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def digest(data: bytes) -> str:
    """The content address of a photo (sha256, hex)."""
    return hashlib.sha256(data).hexdigest()


def check_photo(data: bytes, *, max_bytes: int, field: str) -> str:
    """The sniffed type of an acceptable photo; TooLarge (413) or UnsupportedMedia (415)."""
    if len(data) > max_bytes:
        raise TooLarge(f"photo is larger than {max_bytes} bytes", field=field)
    if not data:
        raise UnsupportedMedia("photo is empty", field=field)
    kind = sniff_image(data[:16])
    if kind is None:
        raise UnsupportedMedia("photo must be a JPEG, PNG or WebP image", field=field)
    return kind
