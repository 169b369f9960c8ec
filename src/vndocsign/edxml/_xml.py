"""XML plumbing for edXML: the hardened streaming parser and the JDOM-style serializer.

Why a custom serializer instead of ``lxml.etree.tostring``: the reference VNPT library writes
with JDOM2's pretty format (two-space indent, CRLF line ends, ``<a />`` for empty elements,
``&#xD;`` for carriage returns), and receivers have been seen to compare envelopes textually.
Emitting the bytes ourselves is the only way to be byte-for-byte identical, and it lets the
attachment payloads be streamed into the output instead of being held as one giant text node.

Why a splitter in front of the parser: base64 payloads of hundreds of MB must never become one
text node (``huge_tree=False`` refuses text nodes over 10 MB anyway). The :class:`Splitter`
streams each payload to a decoder as the bytes arrive and hands lxml only the small remainder,
which is then parsed with the full error reporting of a normal tree parse (namespace errors
included, which lxml's SAX-target mode silently drops).
"""

from __future__ import annotations

import abc
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

import attrs
from lxml import etree

from vndocsign.edxml._errors import (
    EdxmlLimitError,
    EdxmlParseError,
    EdxmlSecurityError,
    EdxmlWriteError,
)
from vndocsign.edxml._limits import Limits

__all__ = [
    "NS",
    "PREFIX",
    "STREAMED",
    "XLINK_NS",
    "XMLDSIG_NS",
    "Limits",
    "Node",
    "OpaqueElement",
    "PayloadSink",
    "Splitter",
    "check_encoding",
    "check_no_dtd",
    "local_name",
    "opaque_to_node",
    "parse_skeleton",
    "write_document",
]

#: The QCVN 102:2016 namespace every known implementation emits.
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX = "edXML"
XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Characters XML 1.0 cannot carry at all (not even as references).
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def local_name(tag: object) -> str:
    """``{ns}Name`` / ``edXML:Name`` (recover mode keeps broken prefixes) / ``Name`` -> ``Name``."""
    text = str(tag)
    return text.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


# ----------------------------------------------------------------------------------------
# Opaque XML (the Signature block): kept as read, written back unchanged.
# ----------------------------------------------------------------------------------------


@attrs.frozen
class OpaqueElement:
    """An XML subtree the SDK carries but does not interpret (``Signature``/``DigitalSignature``).

    The reference library copies placeholder XMLDSig values here; no hub verifies them. Keeping
    the subtree lets a received envelope be re-written without loss.
    """

    name: str
    namespace: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    text: str | None = None
    children: tuple[OpaqueElement, ...] = ()

    @classmethod
    def from_lxml(cls, element: Any) -> OpaqueElement:
        tag = str(element.tag)
        namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else None
        text = (element.text or "").strip() or None
        children = tuple(cls.from_lxml(child) for child in element if isinstance(child.tag, str))
        attributes = tuple((local_name(k), str(v)) for k, v in element.attrib.items())
        return cls(local_name(tag), namespace, attributes, text, children)

    def find(self, name: str) -> OpaqueElement | None:
        """First descendant (or self) with this local name."""
        if self.name == name:
            return self
        for child in self.children:
            found = child.find(name)
            if found is not None:
                return found
        return None


# ----------------------------------------------------------------------------------------
# Serializer
# ----------------------------------------------------------------------------------------

#: A payload writer: called with a function that accepts ASCII text chunks.
StreamWriter = Callable[[Callable[[bytes], None]], None]


@attrs.define
class Node:
    """One element to serialise. ``name`` carries the prefix (``edXML:From``) when there is one."""

    name: str
    text: str | None = None
    children: list[Node] = attrs.field(factory=list)
    attributes: list[tuple[str, str]] = attrs.field(factory=list)
    stream: StreamWriter | None = None

    def add(self, name: str, value: object | None = None) -> Node | None:
        """Append a text child; ``None``/empty values are omitted as the reference writer does."""
        if value is None:
            return None
        text = str(value).strip()
        if not text:
            return None
        node = Node(name, text)
        self.children.append(node)
        return node

    def child(self, name: str) -> Node:
        node = Node(name)
        self.children.append(node)
        return node


def _escape_text(text: str, eol: str) -> str:
    if _INVALID_XML_CHARS.search(text):
        raise EdxmlWriteError(
            f"Text contains a character XML cannot carry: {text[:60]!r}",
            f"Nội dung có ký tự XML không biểu diễn được: {text[:60]!r}",
            value=text[:200],
        )
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # JDOM2's Format.escapeText: CR as a reference (so the CR of a CRLF survives parsing),
    # LF as the line separator, characters beyond the BMP as lower-case hex references
    text = text.replace("\r", "&#xD;").replace("\n", eol)
    return _escape_astral(text)


def _escape_astral(text: str) -> str:
    if text.isascii() or not _ASTRAL.search(text):
        return text
    return _ASTRAL.sub(lambda m: f"&#x{ord(m.group(0)):x};", text)


def _escape_attr(text: str) -> str:
    if _INVALID_XML_CHARS.search(text):
        raise EdxmlWriteError(
            f"Attribute contains a character XML cannot carry: {text[:60]!r}",
            f"Thuộc tính có ký tự XML không biểu diễn được: {text[:60]!r}",
        )
    return _escape_astral(
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )


def iter_node(node: Node, depth: int, indent: str, eol: str) -> Iterator[bytes | Node]:
    pad = indent * depth
    attrs_text = "".join(f' {k}="{_escape_attr(v)}"' for k, v in node.attributes)
    if node.stream is not None:
        yield f"{pad}<{node.name}{attrs_text}>".encode()
        yield node  # the caller streams the payload here
        yield f"</{node.name}>{eol}".encode()
        return
    if node.children:
        yield f"{pad}<{node.name}{attrs_text}>{eol}".encode()
        for child in node.children:
            yield from iter_node(child, depth + 1, indent, eol)
        yield f"{pad}</{node.name}>{eol}".encode()
        return
    if node.text:
        body = _escape_text(node.text, eol)
        yield f"{pad}<{node.name}{attrs_text}>{body}</{node.name}>{eol}".encode()
        return
    yield f"{pad}<{node.name}{attrs_text} />{eol}".encode()


def _write(out: IO[bytes], block: bytes) -> None:
    out.write(block)


def write_document(
    out: IO[bytes], root: Node, *, indent: str = "  ", eol: str = "\r\n", buffer: int = 1 << 16
) -> None:
    """Write ``root`` as JDOM2 ``Format.getPrettyFormat()`` would (UTF-8, CRLF, 2 spaces)."""
    pending: list[bytes] = [f'<?xml version="1.0" encoding="UTF-8"?>{eol}'.encode()]
    size = len(pending[0])

    def flush() -> None:
        nonlocal size
        if pending:
            out.write(b"".join(pending))
            pending.clear()
            size = 0

    for piece in iter_node(root, 0, indent, eol):
        if isinstance(piece, Node):
            flush()
            assert piece.stream is not None
            piece.stream(lambda block: _write(out, block))
            continue
        pending.append(piece)
        size += len(piece)
        if size >= buffer:
            flush()
    flush()


def opaque_to_node(element: OpaqueElement, parent_ns: str | None) -> Node:
    """Turn an :class:`OpaqueElement` back into a :class:`Node`, declaring namespaces as needed."""
    node = Node(element.name, element.text)
    if element.namespace != parent_ns:
        node.attributes.append(("xmlns", element.namespace or ""))
    node.attributes.extend(element.attributes)
    node.children = [opaque_to_node(c, element.namespace) for c in element.children]
    return node


# ----------------------------------------------------------------------------------------
# Parser
# ----------------------------------------------------------------------------------------

_DANGEROUS = (b"<!doctype", b"<!entity", b"<!element", b"<!attlist", b"<!notation")


def check_no_dtd(skeleton: bytes) -> None:
    """Refuse DTDs before libxml2 sees them (billion laughs, XXE, parameter entities).

    Applied to the whole skeleton (the document without its base64 payloads), so a DTD
    anywhere, even where XML would not allow one, is refused.
    """
    lowered = skeleton.lower()
    for marker in _DANGEROUS:
        if marker in lowered:
            raise EdxmlSecurityError(
                "The document declares a DTD or entities; edXML never needs one, so it is "
                "refused (protection against entity expansion and external entities)",
                "Gói tin có khai báo DTD/thực thể; edXML không dùng DTD nên gói tin bị từ chối "
                "(chống tấn công mở rộng thực thể và thực thể ngoài)",
                construct=marker.decode().upper(),
            )


def check_encoding(head: bytes) -> None:
    """edXML is UTF-8; a UTF-16/32 document would defeat the byte-level splitting, refuse it."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
        raise EdxmlParseError(
            "Only UTF-8 (or ASCII-compatible) edXML is accepted; this looks like UTF-16/32",
            "Chỉ chấp nhận edXML mã hóa UTF-8; tệp này có vẻ là UTF-16/32",
        )


class PayloadSink(abc.ABC):
    """Receives the bytes of one streamed payload (see :class:`Splitter`)."""

    @abc.abstractmethod
    def write(self, data: bytes) -> None:
        """Take the next piece of the payload's text."""

    @abc.abstractmethod
    def close(self) -> Any:
        """The payload ended: return its result."""

    @abc.abstractmethod
    def abort(self) -> None:
        """Drop whatever was written (the parse failed)."""

    @abc.abstractmethod
    def mark_truncated(self) -> None:
        """The payload's element never ended: the input was cut short."""


#: Elements whose content is streamed out of the document instead of parsed.
STREAMED = ("ContentTransferEncoded", "AttachmentData")
_STREAM_START = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(?:" + b"|".join(n.encode() for n in STREAMED) + rb")"
    rb"(?:\s[^<>]*)?>"
)
_MAX_TAG = 8192
_CDATA = b"<![CDATA["


class Splitter:
    """Split a byte stream into a *skeleton* (the XML without payloads) and payload streams.

    The base64 text of every ``ContentTransferEncoded`` (and of the non-standard
    ``AttachmentData``) goes to a sink made by ``sink_factory`` as it arrives; the skeleton
    keeps the element, empty. Base64 has no ``<``, so a payload ends at the next ``<``. The
    skeleton, a few KB for any real envelope, is then parsed by lxml with every safety option
    and ``huge_tree=False``; the n-th streamed element of the skeleton owns the n-th result.
    """

    def __init__(self, sink_factory: Callable[[], PayloadSink], *, max_skeleton: int) -> None:
        self._factory = sink_factory
        self._max = max_skeleton
        self._pending = b""
        self._sink: PayloadSink | None = None
        self._in_cdata = False
        self.skeleton = bytearray()
        self.results: list[Any] = []

    def feed(self, chunk: bytes) -> None:
        data = self._pending + chunk if self._pending else chunk
        self._pending = b""
        pos = 0
        size = len(data)
        while pos < size:
            if self._sink is not None:
                pos = self._feed_payload(data, pos)
                if pos < 0:
                    return
                continue
            match = _STREAM_START.search(data, pos)
            if match is None:
                keep = data.rfind(b"<", pos)
                if keep == -1 or size - keep > _MAX_TAG or data.find(b">", keep) != -1:
                    keep = size
                self._append(data[pos:keep])
                self._pending = data[keep:]
                return
            self._append(data[pos : match.end()])
            pos = match.end()
            if not match.group(0).endswith(b"/>"):
                self._sink = self._factory()

    def _feed_payload(self, data: bytes, pos: int) -> int:
        """Stream payload text (plain or in CDATA sections); return the next position, or -1
        when ``data`` is used up (an incomplete marker is kept pending)."""
        assert self._sink is not None
        if self._in_cdata:
            end = data.find(b"]]>", pos)
            if end == -1:
                cut = max(pos, len(data) - 2)
                self._sink.write(data[pos:cut])
                self._pending = data[cut:]
                return -1
            self._sink.write(data[pos:end])
            self._in_cdata = False
            return end + 3
        lt = data.find(b"<", pos)
        if lt == -1:
            self._sink.write(data[pos:])
            return -1
        self._sink.write(data[pos:lt])
        rest = data[lt : lt + len(_CDATA)]
        if len(rest) < len(_CDATA) and _CDATA.startswith(rest):
            self._pending = data[lt:]
            return -1
        if rest == _CDATA:
            self._in_cdata = True
            return lt + len(_CDATA)
        self.results.append(self._sink.close())
        self._sink = None
        return lt

    def _append(self, data: bytes) -> None:
        self.skeleton += data
        if len(self.skeleton) > self._max:
            raise EdxmlLimitError(
                f"The envelope without its attachments is larger than {self._max} bytes",
                f"Phần đầu gói tin (không kể tệp đính kèm) lớn hơn {self._max} byte",
                limit="max_skeleton",
                maximum=self._max,
            )

    def close(self) -> None:
        if self._sink is not None:  # unterminated payload (truncated file)
            self._sink.mark_truncated()
            self.results.append(self._sink.close())
            self._sink = None
            self._pending = b""
        if self._pending:
            self._append(self._pending)
            self._pending = b""

    def abort(self) -> None:
        if self._sink is not None:
            self._sink.abort()
            self._sink = None
        for result in self.results:
            abort = getattr(result, "abort", None)
            if abort is not None:
                abort()


def parse_skeleton(skeleton: bytes, *, recover: bool, limits: Limits) -> tuple[Any, list[str]]:
    """Parse the payload-free document with the hardened parser; return (root, error texts)."""
    parser = etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(skeleton, parser)
    except etree.XMLSyntaxError as exc:
        raise EdxmlParseError(
            f"Not well-formed XML: {exc}",
            f"Không phải XML hợp lệ: {exc}",
            reason=str(exc),
        ) from None
    errors = [f"line {e.line}: {e.message}" for e in parser.error_log]
    if root is None:
        raise EdxmlParseError(
            "No XML element could be recovered from the input",
            "Không khôi phục được phần tử XML nào từ dữ liệu vào",
            errors=errors[:10],
        )
    count = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > limits.max_depth:
            raise EdxmlLimitError(
                f"Elements nested deeper than {limits.max_depth} levels",
                f"Phần tử lồng nhau sâu quá {limits.max_depth} cấp",
                limit="max_depth",
                maximum=limits.max_depth,
            )
        if count > limits.max_elements:
            raise EdxmlLimitError(
                f"More than {limits.max_elements} elements",
                f"Nhiều hơn {limits.max_elements} phần tử",
                limit="max_elements",
                maximum=limits.max_elements,
            )
        stack.extend((child, depth + 1) for child in element)
    return root, errors
