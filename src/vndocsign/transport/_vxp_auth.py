"""The reference SDK's HMAC-SHA256 header signing (``VnptService.addXroadVnptHashHeader``).

Exactly as SDKVXP-2.0.1 does it (edxml.md §6.3):

1. entries: ``timestamp`` (``ddMMyyyy'T'HHmmss+SSSS``), ``systemid``, ``Content-Type``, every
   key of the per-call JSON header, and for ``sendEdoc`` the ``hash-file``;
2. each entry is sent as header ``XroadVnpt-<name>``, collected into a JSON object under the
   same prefixed name, and its bare name appended to a ``;``-separated key list;
   ``Content-Type`` is also sent as itself;
3. ``XroadVnpt-sign-header-key`` = the key list, ``XroadVnpt-sign-header`` = the compact JSON
   (Gson ``JsonObject.toString()``: no spaces, no HTML escaping, non-ASCII kept);
4. ``XroadVnpt-hash-header`` = hex HMAC-SHA256 of the sign-header, keyed by the UTF-8 secret.

The **hash-file quirk**: the SDK prints each SHA-256 byte with ``Integer.toHexString(0xFF & b)``,
i.e. *without zero padding* — ``0x0a`` becomes ``"a"``, so the value is usually shorter than 64
characters. The hub expects that string, so :func:`hash_file_quirk` reproduces it.

The Java SDK keeps its header map in an instance field, so keys of one call leak into the next
and the timestamp is fixed per service object; that is a bug, not protocol, and is not copied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from typing import IO

__all__ = [
    "PREFIX",
    "USER_AGENT",
    "VERSION",
    "SignedHeaders",
    "hash_file_quirk",
    "hash_file_quirk_stream",
    "hub_timestamp",
    "parse_hub_timestamp",
    "sign_headers",
    "verify_headers",
]

PREFIX = "XroadVnpt-"
USER_AGENT = "JAVASDKAgent/1.0.0 XRoad/VPCP"
VERSION = "3.0.201608"

SignedHeaders = dict[str, str]


def hub_timestamp(moment: dt.datetime) -> str:
    """Java ``SimpleDateFormat("ddMMyyyy'T'HHmmss+SSSS")``: ``+`` then milliseconds, 4 digits."""
    return f"{moment:%d%m%Y}T{moment:%H%M%S}+{moment.microsecond // 1000:04d}"


_STAMP = re.compile(r"^(\d{2})(\d{2})(\d{4})T(\d{2})(\d{2})(\d{2})(?:\+(\d{1,4}))?$")


def parse_hub_timestamp(text: str | None) -> dt.datetime | None:
    """``ddMMyyyy'T'HHmmss+SSSS`` -> naive wall-clock time (the stamp carries no zone);
    ``None`` for anything else."""
    match = _STAMP.match((text or "").strip())
    if match is None:
        return None
    day, month, year, hour, minute, second, millis = match.groups()
    try:
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(millis or 0) % 1000 * 1000,
        )
    except ValueError:
        return None


def hash_file_quirk(data: bytes) -> str:
    """SHA-256 as the SDK sends it: lowercase hex, **no zero padding per byte**."""
    return "".join(format(b, "x") for b in hashlib.sha256(data).digest())


def hash_file_quirk_stream(stream: IO[bytes], chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    for block in iter(lambda: stream.read(chunk), b""):
        h.update(block)
    return "".join(format(b, "x") for b in h.digest())


def _gson(obj: Mapping[str, str]) -> str:
    text = json.dumps(dict(obj), ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _mac(secret: str, message: str) -> str:
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_headers(entries: Iterable[tuple[str, str]], secret: str) -> SignedHeaders:
    """The HTTP headers for one call (``entries`` in the order they are signed)."""
    headers: SignedHeaders = {}
    signed: dict[str, str] = {}
    names: list[str] = []
    for name, value in entries:
        text = "" if value is None else str(value)
        headers[f"{PREFIX}{name}"] = text
        signed[f"{PREFIX}{name}"] = text
        names.append(name)
        if name == "Content-Type":
            headers["Content-Type"] = text
    sign_header = _gson(signed)
    headers[f"{PREFIX}sign-header-key"] = ";".join(names)
    headers[f"{PREFIX}sign-header"] = sign_header
    headers[f"{PREFIX}hash-header"] = _mac(secret, sign_header)
    headers["User-Agent"] = USER_AGENT
    headers[f"{PREFIX}version"] = VERSION
    return headers


def verify_headers(headers: Mapping[str, str], secret: str) -> dict[str, str] | None:
    """Hub side: check the HMAC and that every signed header was sent as signed.

    ``headers`` must be looked up case-insensitively by the caller's mapping (HTTP). Returns the
    signed entries without prefix (``{"systemid": ..., "docId": ...}``) or ``None``.
    """
    sign_header = headers.get(f"{PREFIX}sign-header")
    given = headers.get(f"{PREFIX}hash-header")
    keys = headers.get(f"{PREFIX}sign-header-key")
    if sign_header is None or given is None or keys is None:
        return None
    if not hmac.compare_digest(_mac(secret, sign_header), given.strip().lower()):
        return None
    try:
        signed = json.loads(sign_header)
    except ValueError:
        return None
    if not isinstance(signed, dict):
        return None
    out: dict[str, str] = {}
    for name in keys.split(";"):
        if not name:
            continue
        value = signed.get(f"{PREFIX}{name}")
        if value is None or headers.get(f"{PREFIX}{name}") != value:
            return None
        out[name] = value
    return out
