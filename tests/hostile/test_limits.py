"""The SDK-wide limits: documented, frozen, configurable, and each breach names its limit."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import attrs
import pytest

from vndocsign import edxml, policy
from vndocsign._limits import (
    DEFAULT_LIMITS,
    LIMIT_NAMES,
    LimitError,
    Limits,
    current_limits,
    limit_error,
    use_limits,
)
from vndocsign.errors import EdxmlError, VndocsignError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "limits.md"
FIELDS = [f.name for f in attrs.fields(Limits)]


def test_every_limit_is_named_and_documented_with_its_default() -> None:
    assert set(LIMIT_NAMES) == set(FIELDS)
    text = DOCS.read_text(encoding="utf-8")
    for name in FIELDS:
        row = re.search(rf"^\| `{name}` \| ([^|]+) \|", text, re.M)
        assert row is not None, name
        written = row.group(1).strip().replace(",", "")
        value = getattr(DEFAULT_LIMITS, name)
        if written.endswith("MiB"):
            assert value == int(written[:-3]) << 20, name
        elif written.endswith("GiB"):
            assert value == int(written[:-3]) << 30, name
        else:
            assert value == int(written), name


def test_limits_are_frozen_and_validated() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        DEFAULT_LIMITS.max_pages = 1  # type: ignore[misc]
    for bad in (0, -1, True, 1.5):
        with pytest.raises(LimitError) as info:
            Limits(max_pages=bad)  # type: ignore[arg-type]
        assert info.value.limit == "max_pages"


def test_use_limits_nests_and_stays_in_its_thread() -> None:
    seen: list[int] = []
    with use_limits(max_pages=10):
        with use_limits(max_objects=20) as inner:
            assert (inner.max_pages, inner.max_objects) == (10, 20)
        assert current_limits().max_objects == DEFAULT_LIMITS.max_objects
        worker = threading.Thread(target=lambda: seen.append(current_limits().max_pages))
        worker.start()
        worker.join()
    assert seen == [DEFAULT_LIMITS.max_pages]
    assert current_limits() is DEFAULT_LIMITS


def test_a_breach_names_the_limit_in_both_languages() -> None:
    with pytest.raises(LimitError) as info:
        Limits(max_pages=100).check("max_pages", 200_000)
    err = info.value
    assert err.details == {"limit": "max_pages", "maximum": 100, "value": 200_000}
    assert "max_pages=100" in err.en and "max_pages=100" in err.vi
    assert "pages in the page tree" in err.en and "số trang" in err.vi
    Limits(max_pages=100).check("max_pages", 100)  # at the limit is fine


def test_capability_limit_errors_are_both_kinds() -> None:
    err = limit_error("max_xml_depth", 64, value=65, error=edxml.EdxmlLimitError)
    assert isinstance(err, EdxmlError) and isinstance(err, LimitError)
    assert err.code == "edxml.limit" and err.to_dict()["details"]["limit"] == "max_xml_depth"
    assert issubclass(edxml.AttachmentLimitError, edxml.AttachmentError)
    assert issubclass(policy.ProfileLimitError, LimitError)
    assert issubclass(LimitError, VndocsignError)


def test_edxml_depth_and_elements_follow_the_sdk_limits() -> None:
    from tests.hostile._bombs import envelope

    data = envelope(b"%PDF-1.4\n").replace(
        b"<edXML:Subject>", b"<edXML:Subject>" + b"<a>" * 40 + b"</a>" * 40
    )
    edxml.read(data)
    with use_limits(max_xml_depth=20), pytest.raises(edxml.EdxmlLimitError) as info:
        edxml.read(data)
    assert isinstance(info.value, LimitError)
