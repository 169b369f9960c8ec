"""The writer's layout: the reference VNPT library's, byte for byte, and its options.

``EXAMPLE_EDOC`` / ``EXAMPLE_STATUS`` are the assembled examples of the project's edXML
reference (§5.1, §5.2), themselves checked against files written by the reference library;
the model below must serialise to exactly these bytes (LF line ends; CRLF is tested apart).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from lxml import etree

from tests.edxml.conftest import PDF
from vndocsign import edxml
from vndocsign.edxml import (
    Attachment,
    Bussiness,
    Code,
    DocumentTypeInfo,
    ElementOrder,
    Envelope,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    StatusMessage,
    TraceHeader,
    TraceHeaderList,
    WriterOptions,
)
from vndocsign.model import OfficialDocument, Secrecy

EXAMPLE_EDOC = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:OrganizationInCharge>Văn phòng Chính phủ</edXML:OrganizationInCharge>
          <edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName>
          <edXML:OrganAdd>Số 1 Hoàng Hoa Thám, Quận Ba Đình, Hà Nội</edXML:OrganAdd>
          <edXML:Email>vpcp@gov.vn</edXML:Email>
          <edXML:Telephone>8043100</edXML:Telephone>
          <edXML:Website>vpcp.vn</edXML:Website>
        </edXML:From>
        <edXML:To>
          <edXML:OrganId>000.00.00.H41</edXML:OrganId>
          <edXML:OrganizationInCharge>UBND Tỉnh Nghệ An</edXML:OrganizationInCharge>
          <edXML:OrganName>UBND Tỉnh Nghệ An</edXML:OrganName>
          <edXML:OrganAdd>Số 03, đường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An</edXML:OrganAdd>
        </edXML:To>
        <edXML:DocumentId>000.00.00.G22,2024/05/10,123/VPCP-TTĐT</edXML:DocumentId>
        <edXML:Code>
          <edXML:CodeNumber>123</edXML:CodeNumber>
          <edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation>
        </edXML:Code>
        <edXML:PromulgationInfo>
          <edXML:Place>Hà Nội</edXML:Place>
          <edXML:PromulgationDate>2024/05/10</edXML:PromulgationDate>
        </edXML:PromulgationInfo>
        <edXML:DocumentType>
          <edXML:Type>1</edXML:Type>
          <edXML:TypeDetail>0</edXML:TypeDetail>
          <edXML:TypeName>Công văn</edXML:TypeName>
        </edXML:DocumentType>
        <edXML:Subject>V/v kết nối, liên thông phần mềm quản lý văn bản</edXML:Subject>
        <edXML:Content>V/v kết nối, liên thông phần mềm quản lý văn bản</edXML:Content>
        <edXML:SignerInfo>
          <edXML:Competence>KT. BỘ TRƯỞNG</edXML:Competence>
          <edXML:Position>Thứ trưởng</edXML:Position>
          <edXML:FullName>Nguyễn Văn A</edXML:FullName>
        </edXML:SignerInfo>
        <edXML:DueDate>2024/05/20</edXML:DueDate>
        <edXML:OtherInfo>
          <edXML:Priority>0</edXML:Priority>
          <edXML:SphereOfPromulgation>Liên thông văn bản quốc gia</edXML:SphereOfPromulgation>
          <edXML:TyperNotation>TVC</edXML:TyperNotation>
          <edXML:PromulgationAmount>2</edXML:PromulgationAmount>
          <edXML:PageAmount>3</edXML:PageAmount>
          <edXML:Direction>false</edXML:Direction>
          <edXML:Appendixes>
            <edXML:Appendix>Phụ lục I</edXML:Appendix>
          </edXML:Appendixes>
        </edXML:OtherInfo>
        <edXML:SteeringType>1</edXML:SteeringType>
        <edXML:ToPlaces>
          <edXML:Place>Các bộ, cơ quan ngang bộ</edXML:Place>
          <edXML:Place>Lưu: VT</edXML:Place>
        </edXML:ToPlaces>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:TraceHeader>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Timestamp>2024/05/10 09:15:00</edXML:Timestamp>
        </edXML:TraceHeader>
        <edXML:Bussiness>
          <edXML:BussinessDocType>0</edXML:BussinessDocType>
          <edXML:BussinessDocReason>Văn bản điện tử mới</edXML:BussinessDocReason>
          <edXML:Paper>0</edXML:Paper>
          <edXML:StaffInfo>
            <edXML:Department>Văn thư văn phòng</edXML:Department>
            <edXML:Staff>Nguyễn Thị B</edXML:Staff>
            <edXML:Email>vanthu@gov.vn</edXML:Email>
            <edXML:Mobile>84912000001</edXML:Mobile>
          </edXML:StaffInfo>
        </edXML:Bussiness>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        <edXML:Reference>
          <edXML:ContentId>cid:7f0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11</edXML:ContentId>
          <edXML:ContentType>application/pdf</edXML:ContentType>
          <edXML:Description>Văn bản ký số</edXML:Description>
          <edXML:AttachmentName>123_VPCP-TTDT.signed.pdf</edXML:AttachmentName>
        </edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:7f0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11</ContentId>
      <AttachmentName>123_VPCP-TTDT.signed.pdf</AttachmentName>
      <Description>Văn bản ký số</Description>
      <ContentType>application/pdf</ContentType>
      <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">JVBERi0xLjQK</edXML:ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>
"""

EXAMPLE_STATUS = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.00.H41</edXML:OrganId>
          <edXML:OrganizationInCharge>UBND Tỉnh Nghệ An</edXML:OrganizationInCharge>
          <edXML:OrganName>UBND Tỉnh Nghệ An</edXML:OrganName>
          <edXML:OrganAdd>Số 03, đường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An</edXML:OrganAdd>
        </edXML:From>
        <edXML:ResponseFor>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Code>123/VPCP-TTĐT</edXML:Code>
          <edXML:DocumentId>000.00.00.G22,2024/05/10,123/VPCP-TTĐT</edXML:DocumentId>
          <edXML:PromulgationDate>2024/05/10</edXML:PromulgationDate>
        </edXML:ResponseFor>
        <edXML:StaffInfo>
          <edXML:Department>Văn thư văn phòng</edXML:Department>
          <edXML:Staff>Trần Văn C</edXML:Staff>
          <edXML:Email>vanthu@nghean.gov.vn</edXML:Email>
          <edXML:Mobile>84912000002</edXML:Mobile>
        </edXML:StaffInfo>
        <edXML:StatusCode>03</edXML:StatusCode>
        <edXML:Description>Văn thư: Tiếp nhận văn bản điện tử, \
vào sổ văn bản đến của đơn vị</edXML:Description>
        <edXML:Timestamp>2024/05/10 10:02:11</edXML:Timestamp>
      </edXML:MessageHeader>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML>
"""

LF = WriterOptions(line_ending="\n")

VPCP = Organization(
    organ_id="000.00.00.G22",
    organization_in_charge="Văn phòng Chính phủ",
    organ_name="Văn phòng Chính phủ",
    organ_add="Số 1 Hoàng Hoa Thám, Quận Ba Đình, Hà Nội",
    email="vpcp@gov.vn",
    telephone="8043100",
    website="vpcp.vn",
)
NGHE_AN = Organization(
    organ_id="000.00.00.H41",
    organization_in_charge="UBND Tỉnh Nghệ An",
    organ_name="UBND Tỉnh Nghệ An",
    organ_add="Số 03, đường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An",
)
SUBJECT = "V/v kết nối, liên thông phần mềm quản lý văn bản"


def example_envelope() -> Envelope:
    return Envelope(
        header=MessageHeader(
            from_=VPCP,
            to=[NGHE_AN],
            document_id="000.00.00.G22,2024/05/10,123/VPCP-TTĐT",
            code=Code("123", "VPCP-TTĐT"),
            promulgation=PromulgationInfo(place="Hà Nội", date=dt.date(2024, 5, 10)),
            document_type=DocumentTypeInfo(type=1, type_detail=0, type_name="Công văn"),
            subject=SUBJECT,
            content=SUBJECT,
            signer=SignerInfo(
                competence="KT. BỘ TRƯỞNG", position="Thứ trưởng", full_name="Nguyễn Văn A"
            ),
            due_date=dt.date(2024, 5, 20),
            other_info=OtherInfo(
                priority=0,
                sphere_of_promulgation="Liên thông văn bản quốc gia",
                typer_notation="TVC",
                promulgation_amount=2,
                page_amount=3,
                direction=False,
                appendixes=["Phụ lục I"],
            ),
            steering_type=1,
            to_places=["Các bộ, cơ quan ngang bộ", "Lưu: VT"],
        ),
        trace=TraceHeaderList(
            headers=[
                TraceHeader(organ_id="000.00.00.G22", timestamp=dt.datetime(2024, 5, 10, 9, 15))
            ],
            bussiness=Bussiness.new(
                staff=StaffInfo(
                    department="Văn thư văn phòng",
                    staff="Nguyễn Thị B",
                    email="vanthu@gov.vn",
                    mobile="84912000001",
                )
            ),
        ),
        attachments=[
            Attachment.from_bytes(
                "123_VPCP-TTDT.signed.pdf",
                b"%PDF-1.4\n",
                description="Văn bản ký số",
                content_id="cid:7f0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11",
            )
        ],
    )


def example_status() -> StatusMessage:
    return StatusMessage(
        from_=Organization(
            organ_id="000.00.00.H41",
            organization_in_charge="UBND Tỉnh Nghệ An",
            organ_name="UBND Tỉnh Nghệ An",
            organ_add="Số 03, đường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An",
        ),
        status_code="03",
        response_for=ResponseFor(
            organ_id="000.00.00.G22",
            code="123/VPCP-TTĐT",
            document_id="000.00.00.G22,2024/05/10,123/VPCP-TTĐT",
            promulgation_date=dt.date(2024, 5, 10),
        ),
        staff=StaffInfo(
            department="Văn thư văn phòng",
            staff="Trần Văn C",
            email="vanthu@nghean.gov.vn",
            mobile="84912000002",
        ),
        description="Văn thư: Tiếp nhận văn bản điện tử, vào sổ văn bản đến của đơn vị",
        timestamp=dt.datetime(2024, 5, 10, 10, 2, 11),
    )


def test_edoc_example_byte_for_byte() -> None:
    assert edxml.to_bytes(example_envelope(), LF).decode("utf-8") == EXAMPLE_EDOC


def test_status_example_byte_for_byte() -> None:
    assert edxml.to_bytes(example_status(), LF).decode("utf-8") == EXAMPLE_STATUS


def test_default_line_ending_is_crlf_like_jdom() -> None:
    data = edxml.to_bytes(example_status())
    assert data == EXAMPLE_STATUS.replace("\n", "\r\n").encode("utf-8")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\r\n<edXML xmlns=')


def test_examples_read_back_to_the_same_model() -> None:
    assert edxml.read(EXAMPLE_EDOC.encode()) == example_envelope()
    assert edxml.read(EXAMPLE_STATUS.encode()) == example_status()


def test_layout_facts() -> None:
    text = edxml.to_bytes(example_envelope()).decode()
    # one namespace, three declarations: root default, envelope prefix, payload prefix
    assert text.count('xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"') == 1
    assert text.count('xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"') == 2
    assert "<edXML:Bussiness>" in text and "Business" not in text
    assert "<edXML:TyperNotation>" in text and "<edXML:OrganAdd>" in text
    assert text.index("</edXML:edXMLEnvelope>") < text.index("<AttachmentEncoded>")
    assert text.count("cid:7f0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11") == 2
    assert "<edXML:Fax>" not in text  # empty fields are omitted
    assert "<edXML:PromulgationDate>2024/05/10</edXML:PromulgationDate>" in text
    assert "<edXML:Timestamp>2024/05/10 09:15:00</edXML:Timestamp>" in text


def test_qcvn_order_option(envelope: Envelope) -> None:
    env = Envelope(
        header=MessageHeader(
            from_=VPCP,
            to=[NGHE_AN],
            document_id="X,2024/05/10,1/A",
            code=Code("1", "A"),
            subject="S",
            to_places=["P"],
            other_info=OtherInfo(priority=1),
            steering_type=2,
            response_for=[
                ResponseFor(
                    organ_id="O",
                    code="9/B",
                    document_id="O,2024/01/01,9/B",
                    promulgation_date=dt.date(2024, 1, 1),
                )
            ],
        ),
        attachments=envelope.attachments,
    )
    root = etree.fromstring(edxml.to_bytes(env, WriterOptions(order=ElementOrder.QCVN)))
    ns = {"e": edxml.NS}
    header = root.find(".//e:MessageHeader", ns)
    names = [etree.QName(c).localname for c in header]
    assert names == [
        "From",
        "To",
        "Code",
        "Subject",
        "ToPlaces",
        "OtherInfo",
        "ResponseFor",
        "SteeringType",
        "DocumentId",
    ]
    rf = [etree.QName(c).localname for c in header.find("e:ResponseFor", ns)]
    assert rf == ["OrganId", "Code", "PromulgationDate", "DocumentId"]
    ref = [etree.QName(c).localname for c in root.find(".//e:Reference", ns)]
    assert ref == ["Description", "AttachmentName", "ContentType", "ContentId"]
    default = etree.fromstring(edxml.to_bytes(env))
    names = [etree.QName(c).localname for c in default.find(".//e:MessageHeader", ns)]
    assert names == [
        "From",
        "To",
        "DocumentId",
        "Code",
        "Subject",
        "OtherInfo",
        "ResponseFor",
        "SteeringType",
        "ToPlaces",
    ]
    # both orders read back to the same message and pass the project schema
    for options in (WriterOptions(), WriterOptions(order=ElementOrder.QCVN)):
        data = edxml.to_bytes(env, options)
        assert edxml.read(data) == env
        assert not [p for p in edxml.validate(data).problems if p.code == "schema"]


def test_zip_wrapper_option_follows_the_reference_rule() -> None:
    text_file = Attachment.from_bytes(
        "bien-ban.txt", "Biên bản họp".encode(), content_id="0b0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11"
    )
    pdf = Attachment.from_bytes("a.pdf", PDF)
    env = Envelope(
        header=MessageHeader(from_=VPCP, to=[NGHE_AN], subject="S"), attachments=[text_file, pdf]
    )
    plain = edxml.read(edxml.to_bytes(env))
    assert [a.content_type for a in plain.attachments] == ["text/plain", "application/pdf"]
    assert plain.attachments[0].zip_entry_name is None

    wrapped_bytes = edxml.to_bytes(env, WriterOptions(wrap_other_types=True))
    assert wrapped_bytes == edxml.to_bytes(env, WriterOptions(wrap_other_types=True))
    wrapped = edxml.read(wrapped_bytes)
    txt, pdf_back = wrapped.attachments
    assert txt.content_type == "application/zip"
    assert txt.zip_entry_name == "0b0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11.txt"
    assert txt.read_bytes() == "Biên bản họp".encode()
    assert txt.transfer is not None
    with zipfile.ZipFile(io.BytesIO(txt.transfer.read_bytes())) as archive:
        assert archive.namelist() == ["0b0c2d8e-3f5a-4c41-9d7e-2b6f1c0a9e11.txt"]
    assert pdf_back.content_type == "application/pdf" and pdf_back.zip_entry_name is None
    # re-writing keeps the wrapper exactly as it travelled
    assert edxml.to_bytes(wrapped) == wrapped_bytes


def test_reference_content_types_for_office_files() -> None:
    att = Attachment.from_bytes("cong-van.docx", b"PK\x03\x04xx")
    assert att.content_type == "application/docx"
    assert Attachment.from_bytes("x.pdf", PDF).content_type == "application/pdf"


def test_text_escaping_and_invalid_characters() -> None:
    env = Envelope(header=MessageHeader(from_=VPCP, to=[NGHE_AN], subject='A & B <C> "D"'))
    data = edxml.to_bytes(env)
    assert b'<edXML:Subject>A &amp; B &lt;C&gt; "D"</edXML:Subject>' in data
    assert edxml.read(data).header.subject == 'A & B <C> "D"'
    bad = Envelope(header=MessageHeader(from_=VPCP, to=[NGHE_AN], subject="bell \x07"))
    with pytest.raises(edxml.EdxmlWriteError):
        edxml.to_bytes(bad)


def test_from_document(document: OfficialDocument, envelope: Envelope) -> None:
    h = envelope.header
    assert h.document_id == "000.00.00.G22,2024/05/10,123/VPCP-TTĐT"
    assert (h.code.number, h.code.notation) == ("123", "VPCP-TTĐT")  # type: ignore[union-attr]
    assert h.promulgation == PromulgationInfo(place="Hà Nội", date=dt.date(2024, 5, 10))
    assert h.document_type is not None and h.document_type.type_name == "Công văn"
    assert h.signer == SignerInfo(
        competence="KT. BỘ TRƯỞNG", position="THỨ TRƯỞNG", full_name="Nguyễn Văn A"
    )
    assert h.other_info is not None
    assert (h.other_info.page_amount, h.other_info.promulgation_amount) == (3, 2)
    assert h.to_places == ("Các bộ, cơ quan ngang bộ", "Lưu: VT")
    assert h.from_.organ_name == "Văn phòng Chính phủ"
    assert envelope.business_doc_type is edxml.BusinessDocType.NEW
    report = edxml.validate(envelope)
    assert report.ok, report.problems
    assert not report.problems


def test_from_document_refuses_secret_and_drafts(document: OfficialDocument) -> None:
    import attrs

    from vndocsign.errors import EdxmlError

    secret = attrs.evolve(document, secrecy=Secrecy.MAT)

    with pytest.raises(EdxmlError, match="secret"):
        Envelope.from_document(secret, to=["000.00.00.H41"])
    draft = attrs.evolve(document, number="/VPCP-TTĐT")
    with pytest.raises(EdxmlError, match="issued"):
        Envelope.from_document(draft, to=["000.00.00.H41"])
    with pytest.raises(EdxmlError, match="recipient"):
        Envelope.from_document(document)


def test_from_document_streams_files(document: OfficialDocument, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(PDF * 1000)
    env = Envelope.from_document(document, [pdf], to=["000.00.00.H41"])
    out = tmp_path / "out.edxml"
    report = edxml.write(env, out)
    import hashlib

    assert report.attachments[0].sha256 == hashlib.sha256(PDF * 1000).hexdigest()
    back = edxml.read(out)
    assert back.attachments[0].read_bytes() == PDF * 1000


def test_status_helpers(envelope: Envelope) -> None:
    status = StatusMessage.for_envelope(
        envelope, 3, from_="000.00.00.H41", timestamp=dt.datetime(2024, 5, 11, 8, 0)
    )
    assert status.status_code is StatusCode.ACCEPTED
    assert status.description == "Đã tiếp nhận"
    assert status.response_for == ResponseFor(
        organ_id="000.00.00.G22",
        code="123/VPCP-TTĐT",
        promulgation_date=dt.date(2024, 5, 10),
        document_id="000.00.00.G22,2024/05/10,123/VPCP-TTĐT",
    )
    by_id = StatusMessage.for_document_id(
        "000.00.00.G22,2024/05/10,123/VPCP-TTĐT",
        "06",
        from_="000.00.00.H41",
        timestamp=dt.datetime(2024, 5, 11, 8, 0),
    )
    assert by_id.response_for == status.response_for
    assert by_id.status_code is StatusCode.FINISHED
    assert edxml.read(edxml.to_bytes(by_id)) == by_id
    assert StatusCode.parse("7") == "7"  # unknown codes are kept as the raw text
    assert StatusCode.parse(3) is StatusCode.ACCEPTED  # known ones are zero-padded


@pytest.mark.parametrize("code", ["01", "02", "03", "04", "05", "06", "13", "15", "16"])
def test_every_status_code_has_a_meaning(code: str) -> None:
    status = StatusCode(code)
    assert status.vi and status.en
    assert status.sent_by_original_sender == (code == "13")


def test_bussiness_variants_round_trip() -> None:
    variants = [
        Bussiness.revoke("000.00.00.G22,2024/05/01,100/VPCP-TTĐT"),
        Bussiness.update(
            "000.00.00.G22,2024/05/01,100/VPCP-TTĐT",
            receivers=[edxml.Receiver(organ_id="000.00.00.H14", receiver_type=1)],
        ),
        Bussiness.replace(
            [
                edxml.ReplacementInfo(
                    document_id="000.00.00.G22,2024/05/01,100/A", organ_ids=["000.00.00.H41"]
                )
            ]
        ),
    ]
    for business in variants:
        env = Envelope(
            header=MessageHeader(from_=VPCP, to=[NGHE_AN], subject="S"),
            trace=TraceHeaderList(bussiness=business),
        )
        data = edxml.to_bytes(env)
        assert edxml.read(data) == env
        assert b"<edXML:BussinessDocType>" in data


def test_write_to_path_is_atomic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.edxml"
    missing = Attachment(name="gone.pdf", content=edxml.Payload(path=tmp_path / "gone.pdf"))
    env = Envelope(
        header=MessageHeader(from_=VPCP, to=[NGHE_AN], subject="S"), attachments=[missing]
    )
    with pytest.raises(edxml.EdxmlWriteError):
        edxml.write(env, target)
    assert list(tmp_path.iterdir()) == []
