"""A real local hub (HTTP on 127.0.0.1) and two agencies' clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.edxml.test_writer import example_envelope
from vndocsign import edxml
from vndocsign.transport import LocalHubServer, VxpTransport

G22, H41 = "000.00.00.G22", "000.00.00.H41"
SYSTEMS = {"vxp.g22": ("secret-g22", G22), "vxp.h41": ("secret-h41", H41)}


@pytest.fixture
def hub() -> Iterator[LocalHubServer]:
    with LocalHubServer(SYSTEMS) as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def vpcp(hub: LocalHubServer, sleeps: list[float]) -> Iterator[VxpTransport]:
    with VxpTransport(hub.url, "vxp.g22", "secret-g22", timeout=5, sleep=sleeps.append) as c:
        yield c


@pytest.fixture
def nghe_an(hub: LocalHubServer, sleeps: list[float]) -> Iterator[VxpTransport]:
    with VxpTransport(hub.url, "vxp.h41", "secret-h41", timeout=5, sleep=sleeps.append) as c:
        yield c


@pytest.fixture
def envelope_bytes() -> bytes:
    return edxml.to_bytes(example_envelope())
