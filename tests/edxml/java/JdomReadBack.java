// Reads an edXML file with JDOM2 -- the XML library the reference VNPT edXML library is built
// on -- using the reference parser's lookup rules (edxml.md §2.1): the envelope namespace-strictly
// (root.getChild("edXMLEnvelope", QCVN namespace)), everything below it by local name, and
// AttachmentEncoded by local name among the root's children. Prints one "key=value" per line.
//
// This is NOT the reference implementation (EdXML102-0.0.3.jar is not distributed through any
// package registry); it checks that a JDOM2 consumer following the same rules reads
// vndocsign's output with the expected values.
//
// Run: java -cp /usr/share/java/jdom2.jar JdomReadBack.java FILE...
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;

public class JdomReadBack {
    static final Namespace NS = Namespace.getNamespace("http://www.mic.gov.vn/TBT/QCVN_102_2016");

    static Element child(Element parent, String name) {
        if (parent == null) return null;
        for (Element e : parent.getChildren()) if (e.getName().equals(name)) return e;
        return null;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextTrim();
    }

    static PrintStream OUT;

    static void out(String key, String value) {
        OUT.println(key + "=" + value.replace("\n", "\\n"));
    }

    public static void main(String[] args) throws Exception {
        OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        for (String path : args) {
            out("file", path);
            read(path);
        }
    }

    static void read(String path) throws Exception {
        SAXBuilder builder = new SAXBuilder();
        builder.setExpandEntities(false);
        Document doc = builder.build(new File(path));
        Element root = doc.getRootElement();
        Element envelope = root.getChild("edXMLEnvelope", NS);
        if (envelope == null) throw new IllegalStateException("no edXMLEnvelope in the QCVN namespace");
        Element header = child(envelope, "edXMLHeader");
        Element mh = child(header, "MessageHeader");
        out("from", text(child(mh, "From"), "OrganId"));
        for (Element e : mh.getChildren()) {
            if (e.getName().equals("To")) out("to", text(e, "OrganId"));
        }
        out("document_id", text(mh, "DocumentId"));
        out("code_number", text(child(mh, "Code"), "CodeNumber"));
        out("code_notation", text(child(mh, "Code"), "CodeNotation"));
        out("promulgation_date", text(child(mh, "PromulgationInfo"), "PromulgationDate"));
        out("subject", text(mh, "Subject"));
        out("type_name", text(child(mh, "DocumentType"), "TypeName"));
        out("priority", text(child(mh, "OtherInfo"), "Priority"));
        out("status_code", text(mh, "StatusCode"));
        out("timestamp", text(mh, "Timestamp"));
        out("response_for", text(child(mh, "ResponseFor"), "DocumentId"));
        Element trace = child(header, "TraceHeaderList");
        out("business_doc_type", text(child(trace, "Bussiness"), "BussinessDocType"));
        Element manifest = child(child(envelope, "edXMLBody"), "edXMLManifest");
        if (manifest != null) {
            for (Element r : manifest.getChildren()) out("reference", text(r, "ContentId"));
        }
        Element encoded = child(root, "AttachmentEncoded");
        if (encoded != null) {
            for (Element a : encoded.getChildren()) {
                byte[] data = Base64.getDecoder().decode(text(a, "ContentTransferEncoded"));
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                StringBuilder hex = new StringBuilder();
                for (byte b : sha.digest(data)) hex.append(String.format("%02x", b));
                out("attachment", text(a, "ContentId") + "|" + text(a, "AttachmentName") + "|"
                    + text(a, "ContentType") + "|" + data.length + "|" + hex);
            }
        }
    }
}
