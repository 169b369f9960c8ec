// The reference VNPT SDK (../shared/peers/vnpt-sdkvxp) driven from the interoperability tests.
// Compiled at test time into a temporary folder; never packaged.
//
//   parse-ed FILE...        EdXmlParser: one JSON object per line with every value it read
//   parse-status FILE...    StatusXmlParser: the same for status messages
//   build OUTDIR ATTDIR     EdXmlBuilder + StatusXmlBuilder: envelopes exercising the builder's quirks
//   client ENDPOINT SYSTEMID SECRET STOREDIR ACTION [ARG...]   the SDKVXP HTTP client
import com.vnpt.xml.base.Content;
import com.vnpt.xml.base.attachment.Attachment;
import com.vnpt.xml.base.builder.BaseXmlBuilder;
import com.vnpt.xml.base.header.*;
import com.vnpt.xml.ed.Ed;
import com.vnpt.xml.ed.header.Code;
import com.vnpt.xml.ed.header.DocumentType;
import com.vnpt.xml.ed.header.MessageHeader;
import com.vnpt.xml.ed.header.OtherInfo;
import com.vnpt.xml.ed.header.PromulgationInfo;
import com.vnpt.xml.ed.parser.EdXmlParser;
import com.vnpt.xml.status.Status;
import com.vnpt.xml.status.builder.StatusXmlBuilder;
import com.vnpt.xml.status.header.MessageStatus;
import com.vnpt.xml.status.parser.StatusXmlParser;
import com.vpcp.services.AgencyServiceImp;
import com.vpcp.services.KnobstickServiceImp;
import com.vpcp.services.VnptProperties;
import com.vpcp.services.model.*;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.MessageDigest;
import java.text.SimpleDateFormat;
import java.util.*;

public class RefPeer {
    static String q(Object value) {
        if (value == null) return "null";
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        if (value instanceof Date) return q(new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss").format((Date) value));
        if (value instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            for (Object e : ((Map<?, ?>) value).entrySet()) {
                Map.Entry<?, ?> en = (Map.Entry<?, ?>) e;
                if (sb.length() > 1) sb.append(',');
                sb.append(q(en.getKey())).append(':').append(q(en.getValue()));
            }
            return sb.append('}').toString();
        }
        if (value instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : (List<?>) value) {
                if (sb.length() > 1) sb.append(',');
                sb.append(q(item));
            }
            return sb.append(']').toString();
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    static String sha256(File file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new FileInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : md.digest()) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    static Map<String, Object> org(Organization o) {
        if (o == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("organ_id", o.getOrganId());
        m.put("organization_in_charge", o.getOrganizationInCharge());
        m.put("organ_name", o.getOrganName());
        m.put("organ_add", o.getOrganAdd());
        m.put("email", o.getEmail());
        m.put("telephone", o.getTelephone());
        m.put("fax", o.getFax());
        m.put("website", o.getWebsite());
        return m;
    }

    static Map<String, Object> responseFor(ResponseFor r) {
        if (r == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("organ_id", r.getOrganId());
        m.put("code", r.getCode());
        m.put("promulgation_date", r.getPromulgationDate());
        m.put("document_id", r.getDocumentId());
        return m;
    }

    static Map<String, Object> staff(StaffInfo s) {
        if (s == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("department", s.getDepartment());
        m.put("staff", s.getStaff());
        m.put("email", s.getEmail());
        m.put("mobile", s.getMobile());
        return m;
    }

    static void parseEd(String path) throws Exception {
        Ed ed;
        try (InputStream in = new FileInputStream(path)) {
            ed = EdXmlParser.getInstance().parse(in);
        }
        MessageHeader h = (MessageHeader) ed.getHeader().getMessageHeader();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", path);
        m.put("from", org(h.getFrom()));
        List<Object> to = new ArrayList<>();
        for (Organization o : h.getToes()) to.add(org(o));
        m.put("to", to);
        m.put("document_id", h.getDocumentId());
        m.put("code_number", h.getCode() == null ? null : h.getCode().getCodeNumber());
        m.put("code_notation", h.getCode() == null ? null : h.getCode().getCodeNotation());
        PromulgationInfo p = h.getPromulgationInfo();
        m.put("place", p == null ? null : p.getPlace());
        m.put("promulgation_date", p == null ? null : p.getPromulgationDate());
        DocumentType t = h.getDocumentType();
        m.put("type", t == null ? null : t.getType());
        m.put("type_detail", t == null ? null : t.getTypeDetail());
        m.put("type_name", t == null ? null : t.getTypeName());
        m.put("subject", h.getSubject());
        m.put("content", h.getContent());
        SignerInfo s = h.getSignerInfo();
        m.put("competence", s == null ? null : s.getCompetence());
        m.put("position", s == null ? null : s.getPosition());
        m.put("full_name", s == null ? null : s.getFullName());
        m.put("due_date", h.getDueDate());
        m.put("to_places", h.getToPlaces());
        OtherInfo o = h.getOtherInfo();
        m.put("priority", o == null ? null : o.getPriority());
        m.put("sphere_of_promulgation", o == null ? null : o.getSphereOfPromulgation());
        m.put("typer_notation", o == null ? null : o.getTyperNotation());
        m.put("promulgation_amount", o == null ? null : o.getPromulgationAmount());
        m.put("page_amount", o == null ? null : o.getPageAmount());
        m.put("appendixes", o == null ? null : o.getAppendixes());
        m.put("steering_type", h.getSteeringType());
        List<Object> rfs = new ArrayList<>();
        if (h.getResponseFor() != null) for (ResponseFor r : h.getResponseFor()) rfs.add(responseFor(r));
        m.put("response_for", rfs);
        TraceHeaderList trace = ed.getHeader().getTraceHeaderList();
        if (trace != null) {
            List<Object> th = new ArrayList<>();
            for (TraceHeader x : trace.getTraceHeaders()) th.add(Arrays.asList(x.getOrganId(), x.getTimestamp()));
            m.put("trace", th);
            Bussiness b = trace.getBussiness();
            if (b != null) {
                m.put("business_doc_type", b.getBussinessDocType());
                m.put("business_doc_reason", b.getBussinessDocReason());
                m.put("business_document_id", b.getDocumentId());
                m.put("paper", b.getPaper());
                List<Object> staffs = new ArrayList<>();
                if (b.getStaffInfo() != null) for (StaffInfo si : b.getStaffInfo()) staffs.add(staff(si));
                m.put("business_staff", staffs);
            }
        }
        List<Object> atts = new ArrayList<>();
        for (Attachment a : ed.getAttachments()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("content_id", a.getContentId());
            am.put("name", a.getName());
            am.put("description", a.getDescription());
            am.put("content_type", a.getContentType());
            File f = a.getContent();
            am.put("file", f == null ? null : f.getName());
            am.put("size", f == null ? null : f.length());
            am.put("sha256", f == null ? null : sha256(f));
            atts.add(am);
        }
        m.put("attachments", atts);
        System.out.println("@@" + q(m));
    }

    static void parseStatus(String path) throws Exception {
        Status st;
        try (InputStream in = new FileInputStream(path)) {
            st = StatusXmlParser.parse(in);
        }
        MessageStatus h = (MessageStatus) st.getHeader().getMessageHeader();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", path);
        m.put("from", org(h.getFrom()));
        m.put("response_for", responseFor(h.getResponseFor()));
        m.put("staff", staff(h.getStaffInfo()));
        m.put("status_code", h.getStatusCode());
        m.put("description", h.getDescription());
        m.put("timestamp", h.getTimestamp());
        System.out.println("@@" + q(m));
    }

    static Date date(String text) throws Exception {
        return new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").parse(text);
    }

    static void build(String outDir, String attDir) throws Exception {
        Organization from = new Organization("000.00.00.G22", "Văn phòng Chính phủ", "Văn phòng Chính phủ",
                "Số 1 Hoàng Hoa Thám, Hà Nội", "vpcp@gov.vn", "8043100", "8043101", "vpcp.vn");
        MessageHeader h = new MessageHeader();
        h.setFrom(from);
        h.addTo(new Organization("000.00.00.H41", "UBND Tỉnh Nghệ An", "vanthu@nghean.gov.vn"));
        h.addTo(new Organization("000.00.00.H14", "UBND Tỉnh Cao Bằng", "vanthu@caobang.gov.vn"));
        h.setDocumentId("000.00.00.G22,2024/05/10,123/VPCP-TTĐT");
        h.setCode(new Code("123", "VPCP-TTĐT"));
        h.setPromulgationInfo(new PromulgationInfo("Hà Nội", date("2024-05-10 00:00:00")));
        h.setDocumentType(new DocumentType(1, 0, "Công văn"));
        h.setSubject("  V/v kết nối 😀 liên thông  ");
        h.setContent("Dòng 1\r\nDòng 2\nDòng 3");
        h.setSignerInfo(new SignerInfo("KT. BỘ TRƯỞNG", "Thứ trưởng", "Nguyễn Văn A"));
        h.setDueDate(date("2024-05-20 00:00:00"));
        h.addToPlace("Các bộ, cơ quan ngang bộ");
        h.addToPlace("Lưu: VT");
        h.setOtherInfo(new OtherInfo(1, "Liên thông văn bản quốc gia", "TVC", 2, 3));
        h.setSteeringType(1);
        h.addResponseFor(new ResponseFor("000.00.00.H41", "45/UBND-VX", date("2024-05-01 00:00:00"),
                "000.00.00.H41,2024/05/01,45/UBND-VX"));
        TraceHeaderList trace = new TraceHeaderList();
        trace.addTraceHeader(new TraceHeader("000.00.00.G22", date("2024-05-10 09:15:00")));
        Bussiness b = new Bussiness(null, "0", "Văn bản điện tử mới", "0");
        b.addStaffInfo(new StaffInfo("Văn thư văn phòng", null, "Nguyễn Thị B", null, "vanthu@gov.vn", "84912000001"));
        trace.setBussiness(b);
        List<Attachment> atts = new ArrayList<>();
        for (String name : new String[] {"van-ban.pdf", "bien ban.txt", "phu luc.docx", "HO SO.ZIP"}) {
            atts.add(new Attachment("cid:" + name.hashCode(), name, "Tệp " + name,
                    new File(attDir, name)));
        }
        Ed ed = new Ed(new Header(h, trace), atts);
        Content built = BaseXmlBuilder.build(ed, outDir);
        Files.move(built.getContent().toPath(), Paths.get(outDir, "ref-edoc.edxml"),
                StandardCopyOption.REPLACE_EXISTING);
        MessageStatus ms = new MessageStatus(
                new ResponseFor("000.00.00.G22", "123/VPCP-TTĐT", date("2024-05-10 00:00:00"),
                        "000.00.00.G22,2024/05/10,123/VPCP-TTĐT"),
                new Organization("000.00.00.H41", "UBND Tỉnh Nghệ An", "vanthu@nghean.gov.vn"),
                "03", "Văn thư: Tiếp nhận văn bản", new StaffInfo("Văn thư", "Trần Văn C"));
        ms.setTimestamp(date("2024-05-10 10:02:11"));
        Content status = StatusXmlBuilder.build(new Status(new Header(ms)), outDir);
        Files.move(status.getContent().toPath(), Paths.get(outDir, "ref-status.edxml"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    static void client(String[] a) throws Exception {
        VnptProperties props = new VnptProperties(a[1], a[2], a[3], a[4], 3, 2);
        KnobstickServiceImp k = new KnobstickServiceImp(props);
        AgencyServiceImp agencies = new AgencyServiceImp(props);
        Map<String, Object> m = new LinkedHashMap<>();
        String action = a[5];
        BasicResult result;
        switch (action) {
            case "send": {
                SendEdocResult r = k.sendEdoc(a[6], a[7]);
                m.put("doc_id", r.getDocID());
                result = r;
                break;
            }
            case "inbox": {
                GetReceivedEdocResult r = k.getReceivedEdocList(a[6]);
                List<Object> items = new ArrayList<>();
                if (r.getKnobsticks() != null) for (Knobstick x : r.getKnobsticks()) {
                    items.add(Arrays.asList(x.getId(), x.getFrom(), x.getTo(), x.getMessageType(),
                            x.getServiceType(), x.getStatus(), x.getStatusDesc(), x.getCreatedTime(),
                            x.getUpdatedTime()));
                }
                m.put("items", items);
                result = r;
                break;
            }
            case "fetch":
            case "download": {
                GetEdocResult r = action.equals("fetch") ? k.getEdoc(a[6]) : k.downloadEdoc(a[6]);
                m.put("file_path", r.getFilePath());
                m.put("sha256", r.getFilePath() == null ? null : sha256(new File(r.getFilePath())));
                result = r;
                break;
            }
            case "status": {
                result = k.updateStatus(a[6]);
                break;
            }
            case "sent": {
                GetSendEdocResult r = k.getSentEdocList(a[6]);
                List<Object> items = new ArrayList<>();
                if (r.getStatusResult() != null) for (StatusResult x : r.getStatusResult()) {
                    items.add(Arrays.asList(x.getSenderDocId(), x.getFromCode(), x.getToCode(),
                            x.getMessageType(), x.getSendStatus(), x.getReceiveStatus(), x.getTitle(),
                            x.getNotation(), x.getSentTime()));
                }
                m.put("items", items);
                result = r;
                break;
            }
            case "agencies": {
                GetAgenciesResult r = agencies.getAgenciesList(a[6]);
                List<Object> items = new ArrayList<>();
                if (r.getAgencies() != null) for (com.vpcp.services.model.Agency x : r.getAgencies()) {
                    items.add(Arrays.asList(x.getCode(), x.getName(), x.getId(), x.getPid(), x.getMail()));
                }
                m.put("items", items);
                result = r;
                break;
            }
            default:
                throw new IllegalArgumentException(action);
        }
        m.put("status", result == null ? null : result.getStatus());
        m.put("error_code", result == null ? null : result.getErrorCode());
        m.put("error_desc", result == null ? null : result.getErrorDesc());
        System.out.println("@@" + q(m));
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "parse-ed":
                for (int i = 1; i < args.length; i++) parseEd(args[i]);
                break;
            case "parse-status":
                for (int i = 1; i < args.length; i++) parseStatus(args[i]);
                break;
            case "build":
                build(args[1], args[2]);
                break;
            case "client":
                client(args);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
