"""The reference SDK's header signing, checked against hand-derived known answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from vndocsign.transport import (
    hash_file_quirk,
    hub_timestamp,
    sign_headers,
    verify_headers,
)


def test_hash_file_quirk_drops_leading_zeros_per_byte() -> None:
    # sha256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    # Java Integer.toHexString(0xFF & b) prints 0x01 as "1", 0x03 as "3", 0x00 as "0".
    assert hash_file_quirk(b"abc") == (
        "ba7816bf8f"
        + "1"
        + "cfea414140de5dae2223b0"
        + "3"
        + "61a396177a9cb410ff61f2"
        + "0"
        + "15ad"
    )
    padded = hashlib.sha256(b"abc").hexdigest()
    assert len(hash_file_quirk(b"abc")) == len(padded) - 3


def test_timestamp_format_of_simple_date_format() -> None:
    moment = dt.datetime(2026, 11, 23, 15, 4, 5, 123456)
    assert hub_timestamp(moment) == "23112026T150405+0123"


def test_sign_headers_exactly() -> None:
    entries = [
        ("timestamp", "23112026T150405+0123"),
        ("systemid", "vxp.saas.02"),
        ("Content-Type", "application/json"),
        ("docId", "abc"),
        ("status", "done"),
    ]
    headers = sign_headers(entries, "bí mật")
    expected_json = (
        '{"XroadVnpt-timestamp":"23112026T150405+0123","XroadVnpt-systemid":"vxp.saas.02",'
        '"XroadVnpt-Content-Type":"application/json","XroadVnpt-docId":"abc",'
        '"XroadVnpt-status":"done"}'
    )
    assert headers["XroadVnpt-sign-header"] == expected_json
    assert headers["XroadVnpt-sign-header-key"] == "timestamp;systemid;Content-Type;docId;status"
    mac = hmac.new("bí mật".encode(), expected_json.encode(), hashlib.sha256).hexdigest()
    assert headers["XroadVnpt-hash-header"] == mac
    assert headers["Content-Type"] == "application/json"
    assert headers["XroadVnpt-docId"] == "abc"
    assert headers["User-Agent"] == "JAVASDKAgent/1.0.0 XRoad/VPCP"
    assert headers["XroadVnpt-version"] == "3.0.201608"
    assert json.loads(headers["XroadVnpt-sign-header"])["XroadVnpt-status"] == "done"


def test_gson_style_json_keeps_unicode_and_html() -> None:
    headers = sign_headers([("to", '["<a&b>", "Đ"]')], "k")
    assert headers["XroadVnpt-sign-header"] == '{"XroadVnpt-to":"[\\"<a&b>\\", \\"Đ\\"]"}'


def test_verify_headers() -> None:
    headers = sign_headers([("systemid", "s"), ("docId", "1")], "k")
    assert verify_headers(headers, "k") == {"systemid": "s", "docId": "1"}
    assert verify_headers(headers, "other") is None
    tampered = dict(headers, **{"XroadVnpt-docId": "2"})
    assert verify_headers(tampered, "k") is None
    forged = dict(headers, **{"XroadVnpt-sign-header": headers["XroadVnpt-sign-header"] + " "})
    assert verify_headers(forged, "k") is None
    assert verify_headers({}, "k") is None
