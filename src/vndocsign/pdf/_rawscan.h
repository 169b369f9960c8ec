/* The page scan's tight loops (issue 17), included by _fastchars.c (one extension module).
 *
 * content_runs: the text a content stream shows, as (font resource name, codes) runs, for
 *   the "new document?" marker (vndocsign.pdf._pagescan). A proper PDF tokenizer (nested
 *   parentheses, escapes, comments, inline dictionaries); returns None for an inline image,
 *   a stray ')' or '>', an unterminated string or a q nesting past 512.
 * a85decode: ASCII85Decode (reportlab writes content as [/ASCII85Decode /FlateDecode]).
 * parse_value / parse_object: one PDF value / indirect object (vndocsign.pdf._rawobj, the same
 *   values as its Python reader); None / -2 when it is not read exactly here.
 * fold_codes: a string's codes through a font's table of folded texts (the page marker).
 *
 * Every loop is linear in its input; nothing here allocates more than its input's size
 * (plus Python's objects for the values it returns).
 */

static PyObject *raw_ref_type = NULL;  /* vndocsign.pdf._rawobj.Ref */
static PyObject *raw_name_type = NULL; /* vndocsign.pdf._rawobj.Name (str: names are built as str) */

typedef struct {
    unsigned char *p;
    Py_ssize_t len, cap;
} rbuf;

/* Room in out for `extra` more bytes (the capacity at least doubles). */
static int reserve(rbuf *out, Py_ssize_t extra) {
    Py_ssize_t need = out->len + extra;
    if (need <= out->cap) return 0;
    Py_ssize_t cap = need > 2 * out->cap ? need : 2 * out->cap;
    unsigned char *p = (unsigned char *)realloc(out->p, (size_t)cap);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    out->p = p;
    out->cap = cap;
    return 0;
}

static inline int rbuf_put(rbuf *b, unsigned char c) {
    if (b->len == b->cap && reserve(b, b->cap ? b->cap : 256)) return -1;
    b->p[b->len++] = c;
    return 0;
}

static signed char hex_value[256]; /* -1: not a hex digit */

static inline int hexval(unsigned char c) { return hex_value[c]; }

/* character classes, one table lookup each (the tokenizer's inner loops) */
#define C_WS 1
#define C_DELIM 2
#define C_NUM 4 /* a character of a number: 0-9 . - + (regular: no other class bit) */
static unsigned char char_class[256];

static void init_classes(void) {
    const char *ws = "\0\t\n\f\r ", *delim = "()<>[]{}/%";
    for (int k = 0; k < 256; k++)
        hex_value[k] = (signed char)(k >= '0' && k <= '9'   ? k - '0'
                                     : k >= 'a' && k <= 'f' ? k - 'a' + 10
                                     : k >= 'A' && k <= 'F' ? k - 'A' + 10
                                                            : -1);
    for (int k = 0; k < 6; k++) char_class[(unsigned char)ws[k]] |= C_WS;
    for (const char *d = delim; *d; d++) char_class[(unsigned char)*d] |= C_DELIM;
    for (const char *d = "0123456789.-+"; *d; d++) char_class[(unsigned char)*d] |= C_NUM;
}

static inline int is_ws(unsigned char c) { return char_class[c] & C_WS; }
static inline int is_delim(unsigned char c) { return char_class[c] & C_DELIM; }
static inline int is_regular(unsigned char c) { return (char_class[c] & (C_WS | C_DELIM)) == 0; }


/* A literal string whose '(' is just before s[i]: its bytes into out (if not NULL).
 * Returns the index after the closing ')', -1 if unterminated, -2 on memory error. */
static Py_ssize_t lit_string(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, rbuf *out) {
    int depth = 1;
#define PUT(ch)                                                  \
    do {                                                         \
        if (out != NULL && rbuf_put(out, (unsigned char)(ch))) { \
            return -2;                                           \
        }                                                        \
    } while (0)
    while (i < n) {
        unsigned char c = s[i++];
        if (c == '\\') {
            if (i >= n) return -1;
            c = s[i++];
            switch (c) {
            case 'n': PUT('\n'); break;
            case 'r': PUT('\r'); break;
            case 't': PUT('\t'); break;
            case 'b': PUT('\b'); break;
            case 'f': PUT('\f'); break;
            case '\r':
                if (i < n && s[i] == '\n') i++;
                break;
            case '\n': break;
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0', k = 1;
                    while (k < 3 && i < n && s[i] >= '0' && s[i] <= '7') {
                        v = v * 8 + (s[i++] - '0');
                        k++;
                    }
                    PUT(v & 0xFF);
                } else {
                    PUT(c); /* \( \) \\ and an unknown escape: the character itself */
                }
            }
        } else if (c == '(') {
            depth++;
            PUT(c);
        } else if (c == ')') {
            if (--depth == 0) return i;
            PUT(c);
        } else if (c == '\r') {
            if (i < n && s[i] == '\n') i++;
            PUT('\n');
        } else {
            PUT(c);
        }
    }
#undef PUT
    return -1;
}

/* A hex string whose '<' is just before s[i] (as lit_string). */
static Py_ssize_t hex_string(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, rbuf *out) {
    int hi = -1;
    while (i < n) {
        unsigned char c = s[i++];
        if (c == '>') {
            if (hi >= 0 && out != NULL && rbuf_put(out, (unsigned char)(hi << 4))) return -2;
            return i;
        }
        int v = hexval(c);
        if (v < 0) {
            if (is_ws(c)) continue;
            return -1;
        }
        if (hi < 0) {
            hi = v;
        } else {
            if (out != NULL && rbuf_put(out, (unsigned char)(hi << 4 | v))) return -2;
            hi = -1;
        }
    }
    return -1;
}

/* hex_string into a buffer with room for (n - i) / 2 + 1 more bytes (the tokenizer's, sized
 * to the whole stream): no capacity check per byte. */
static Py_ssize_t hex_into(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, rbuf *out) {
    unsigned char *dst = out->p + out->len;
    int hi = -1;
    /* two digits at a time while there are (Word's <0057004C...>); the loop below reads
     * the rest -- whitespace, an odd digit, the closing '>' -- from a byte boundary */
    while (i + 1 < n) {
        int a = hex_value[s[i]], b = hex_value[s[i + 1]];
        if ((a | b) < 0) break;
        *dst++ = (unsigned char)(a << 4 | b);
        i += 2;
    }
    while (i < n) {
        unsigned char c = s[i++];
        int v = hex_value[c];
        if (v >= 0) {
            if (hi < 0) {
                hi = v;
            } else {
                *dst++ = (unsigned char)(hi << 4 | v);
                hi = -1;
            }
            continue;
        }
        if (c == '>') {
            if (hi >= 0) *dst++ = (unsigned char)(hi << 4);
            out->len = dst - out->p;
            return i;
        }
        if (!is_ws(c)) return -1;
    }
    return -1;
}

typedef struct {
    const unsigned char *p; /* NULL: no font set (or not a plain name) */
    Py_ssize_t len;
} fontref;

static int same_font(fontref a, fontref b) {
    if (a.p == NULL || b.p == NULL) return a.p == b.p;
    return a.len == b.len && memcmp(a.p, b.p, (size_t)a.len) == 0;
}

/* What the tokenizer does with each string shown (outside inline dictionaries): 0 to go on,
 * 1 to give up (the caller returns None), -1 on a Python error. */
typedef struct sink sink;
struct sink {
    int (*shown)(sink *k, fontref font, const unsigned char *codes, Py_ssize_t len);
};

#define MAX_Q 512

/* A Tf size as the Python reading takes it: [-+]?[0-9.]+ with a digit other than 0
 * (anything else: no font known; PDFium drops the text of a zero size). */
static int is_size(const unsigned char *tok, Py_ssize_t len) {
    Py_ssize_t k = (tok[0] == '+' || tok[0] == '-') ? 1 : 0;
    int nonzero = 0;
    if (k == len) return 0;
    for (; k < len; k++) {
        if (!((tok[k] >= '0' && tok[k] <= '9') || tok[k] == '.')) return 0;
        if (tok[k] >= '1' && tok[k] <= '9') nonzero = 1;
    }
    return nonzero;
}

/* What the operand before an operator was (a show operator shows only a string, or for TJ an
 * array, right before it: PDFium reads "(a) (b) Tj" as "b" and "(a) 1 Tj" as nothing). */
enum { K_NONE, K_STRING, K_ARRAY, K_NAME, K_OTHER };

/* true, false or null (the keywords a content stream may hold as operands) */
static inline int is_keyword(const unsigned char *tok, Py_ssize_t len) {
    return (len == 4 && (memcmp(tok, "true", 4) == 0 || memcmp(tok, "null", 4) == 0)) ||
           (len == 5 && memcmp(tok, "false", 5) == 0);
}

static inline int is_number_char(unsigned char c) { return char_class[c] & C_NUM; }

/* The content stream s[0:n]: what each show operator (Tj ' " TJ) shows handed to k->shown
 * with the font set by the last Tf (q/Q save and restore it). Returns 0, 1 (not read exactly
 * here: an inline image, a stray ')' or '>', an unterminated string, a nested array, a name
 * shown as text, q nested past MAX_Q, or the sink gave up) or -1 (a Python error). */
/* The text state q/Q save and restore, with the scale of the CTM (|det|, composed by cm). */
typedef struct {
    fontref font;
    double size, tz, ctm;
} gstate;

/* A numeric token as a double (NaN if it does not read as one). Content streams hold
 * thousands of numbers a page: a plain decimal of at most 15 digits is read as an exact
 * integer divided by an exact power of ten, one correctly rounded division -- the value
 * strtod returns, without its cost (a fifth of the tokenizer's time on Word pages). */
static double number_at(const unsigned char *tok, Py_ssize_t len) {
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    Py_ssize_t k = (len > 0 && (tok[0] == '-' || tok[0] == '+')) ? 1 : 0;
    int digits = 0, fraction = -1, simple = k < len;
    long long mantissa = 0;
    for (Py_ssize_t at = k; at < len && simple; at++) {
        unsigned char c = tok[at];
        if (c >= '0' && c <= '9') {
            if (++digits > 15) simple = 0;
            mantissa = mantissa * 10 + (c - '0');
            if (fraction >= 0) fraction++;
        } else if (c == '.' && fraction < 0) {
            fraction = 0;
        } else {
            simple = 0;
        }
    }
    if (simple && digits > 0) {
        double v = (double)mantissa / pow10[fraction > 0 ? fraction : 0];
        return tok[0] == '-' ? -v : v;
    }
    char buf[64];
    if (len <= 0 || len >= (Py_ssize_t)sizeof buf) return NAN;
    memcpy(buf, tok, (size_t)len);
    buf[len] = 0;
    char *end;
    double v = strtod(buf, &end);
    return end == buf + len ? v : NAN;
}

/* |det| of the 6 numbers before a cm or Tm (0: not six numbers, which PDFium would not use) */
static double matrix_scale(const unsigned char *const *tok, const Py_ssize_t *len, int count) {
    if (count != 6) return 0.0;
    /* "1 0 0 1 x y" (every Tm of Word and LibreOffice): 1 without reading four numbers */
    if (len[0] == 1 && len[1] == 1 && len[2] == 1 && len[3] == 1 && tok[0][0] == '1' &&
        tok[1][0] == '0' && tok[2][0] == '0' && tok[3][0] == '1')
        return 1.0;
    double a = number_at(tok[0], len[0]), b = number_at(tok[1], len[1]);
    double c = number_at(tok[2], len[2]), d = number_at(tok[3], len[3]);
    double det = fabs(a * d - b * c);
    return det == det ? det : 0.0; /* NaN: 0 */
}

/* PDFium drops text drawn under 0.01 pt in both directions; the scan cannot place characters,
 * so a page showing text whose size (font size × the scale of the text and current matrices
 * × Tz) is under this gives up and is read by PDFium. */
#define MIN_SHOWN_SIZE 0.1

static int tokenize(const unsigned char *s, Py_ssize_t n, sink *k) {
    rbuf pending = {NULL, 0, 0};
    fontref font = {NULL, 0}, name = {NULL, 0};
    gstate stack[MAX_Q];
    double size = 0.0, tz = 100.0, ctm = 1.0, tm = 1.0;
    const unsigned char *num_tok[6];
    Py_ssize_t num_len[6];
    int nums = 0; /* numeric operands in a row right before the next operator (last 6 kept) */
    int depth_q = 0, dict_depth = 0, arr_depth = 0, rc = 0, last = K_NONE;
    Py_ssize_t operands = 0, name_at = -1, num_at = -1, pend_strings = 0, i = 0;
    const unsigned char *num_last = NULL; /* the last number or keyword (operand num_at) */
    Py_ssize_t num_last_len = 0;
    /* the strings of one operand are never longer than the stream: one allocation */
    pending.cap = n > 0 ? n : 1;
    pending.p = (unsigned char *)malloc((size_t)pending.cap);
    if (pending.p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    while (rc == 0) {
        while (i < n && is_ws(s[i])) i++; /* the whitespace after a token: one pass a token */
        if (i >= n) break;
        unsigned char c = s[i];
        if (arr_depth > 0 && is_number_char(c)) { /* TJ's kerning: skipped in a tight loop */
            while (i < n && (char_class[s[i]] & (C_NUM | C_WS))) i++;
            operands++;
            continue;
        }
        if (is_delim(c) && c != '/') { /* every delimiter but '/' ends in this block */
            if (c == '%') {
                while (i < n && s[i] != '\n' && s[i] != '\r') i++;
                continue;
            }
            if (c == '(' || (c == '<' && !(i + 1 < n && s[i + 1] == '<'))) {
                rbuf *into = NULL;
                if (dict_depth == 0) {
                    if (arr_depth == 0) { /* a new operand; else one more string of the array */
                        pending.len = 0;
                        pend_strings = 0;
                        last = K_STRING;
                    }
                    into = &pending;
                }
                Py_ssize_t at = c == '(' ? lit_string(s, i + 1, n, into)
                                : into != NULL ? hex_into(s, i + 1, n, into)
                                               : hex_string(s, i + 1, n, NULL);
                if (at == -2) {
                    rc = -1;
                    break;
                }
                if (at < 0) {
                    rc = 1;
                    break;
                }
                if (dict_depth == 0) pend_strings++;
                i = at;
                operands++;
                nums = 0;
                continue;
            }
            if (c == '<') {
                if (dict_depth == 0 && arr_depth == 0) last = K_OTHER;
                dict_depth++;
                i += 2;
                continue;
            }
            if (c == '>') {
                if (i + 1 < n && s[i + 1] == '>' && dict_depth > 0) {
                    dict_depth--;
                    i += 2;
                    operands++;
                    continue;
                }
                rc = 1;
                break;
            }
            if (c == ')') {
                rc = 1;
                break;
            }
            if (c == '[') {
                if (dict_depth == 0) {
                    if (arr_depth > 0) {
                        rc = 1; /* a nested array: PDFium shows none of it */
                        break;
                    }
                    pending.len = 0;
                    pend_strings = 0;
                    last = K_ARRAY;
                }
                arr_depth++;
                i++;
                continue;
            }
            if (c == ']') {
                if (arr_depth > 0) arr_depth--;
                i++;
                operands++;
                nums = 0;
                continue;
            }
            if (c == '{' || c == '}') {
                i++;
                continue;
            }
        }
        Py_ssize_t j = i + 1;
        while (j < n && is_regular(s[j])) j++;
        if (c == '/') {
            if (dict_depth == 0 && arr_depth == 0) {
                name.p = s + i + 1;
                name.len = j - i - 1;
                name_at = operands;
                last = K_NAME;
            }
            operands++;
            nums = 0;
            i = j;
            continue;
        }
        Py_ssize_t len = j - i;
        const unsigned char *tok = s + i;
        i = j;
        if (is_number_char(c) ||
            ((c == 't' || c == 'f' || c == 'n') && is_keyword(tok, len))) {
            num_at = operands; /* whether it is a size is asked only at Tf */
            num_last = tok;
            num_last_len = len;
            if (dict_depth == 0 && arr_depth == 0) {
                last = K_OTHER;
                if (is_number_char(c)) {
                    if (nums == 6) { /* keep the last six */
                        memmove(num_tok, num_tok + 1, 5 * sizeof num_tok[0]);
                        memmove(num_len, num_len + 1, 5 * sizeof num_len[0]);
                        nums = 5;
                    }
                    num_tok[nums] = tok;
                    num_len[nums++] = len;
                } else {
                    nums = 0;
                }
            }
            operands++;
            continue;
        }
        if (dict_depth > 0 || arr_depth > 0) continue;
        /* the operators followed here are one or two characters: one code for each */
        int op = len == 1 ? c : len == 2 ? (c << 8 | tok[1]) : 0;
        int show = 0;
        if (op == ('T' << 8 | 'j') || op == '\'' || op == '"') {
            if (last == K_NAME) {
                rc = 1; /* PDFium shows a name operand as text */
                break;
            }
            show = last == K_STRING;
        } else if (op == ('T' << 8 | 'J')) {
            show = last == K_ARRAY;
        }
        if (show && pending.len > 0 && font.p != NULL) { /* no font: the page gives up anyway */
            double scale = fabs(tz) / 100.0; /* shown size, squared: no libm call */
            double shown2 = size * size * ctm * tm * scale * scale;
            if (!(shown2 >= MIN_SHOWN_SIZE * MIN_SHOWN_SIZE)) {
                rc = 1; /* maybe dropped by PDFium: its characters cannot be placed here */
                break;
            }
        }
        if (show && pend_strings > 0) rc = k->shown(k, font, pending.p, pending.len);
        pending.len = 0;
        pend_strings = 0;
        last = K_NONE;
        if (op == ('T' << 8 | 'f')) {
            if (name.p != NULL && name_at == operands - 2 && num_at == operands - 1 &&
                is_size(num_last, num_last_len)) {
                font = name;
                size = fabs(number_at(num_tok[nums - 1], num_len[nums - 1]));
                if (size != size) size = 0.0;
            } else {
                font.p = NULL;
                font.len = 0;
            }
        } else if (op == 'q') {
            if (depth_q == MAX_Q) {
                rc = 1;
                break;
            }
            gstate saved = {font, size, tz, ctm};
            stack[depth_q++] = saved;
        } else if (op == 'Q') {
            if (depth_q > 0) {
                gstate back = stack[--depth_q];
                font = back.font;
                size = back.size;
                tz = back.tz;
                ctm = back.ctm;
            }
        } else if (op == ('c' << 8 | 'm')) {
            ctm *= matrix_scale(num_tok, num_len, operands == 6 ? nums : 0);
        } else if (op == ('T' << 8 | 'm')) {
            tm = matrix_scale(num_tok, num_len, operands == 6 ? nums : 0);
        } else if (op == ('B' << 8 | 'T')) {
            tm = 1.0;
        } else if (op == ('T' << 8 | 'z')) {
            tz = operands == 1 && nums == 1 ? number_at(num_tok[0], num_len[0]) : 0.0;
            if (tz != tz) tz = 0.0;
        } else if (op == ('B' << 8 | 'I')) {
            rc = 1; /* an inline image: its data is not tokens */
            break;
        }
        operands = 0;
        nums = 0;
        name.p = NULL;
        name_at = -1;
        num_at = -1;
    }
    free(pending.p);
    return rc;
}

/* -- content_runs: (font name, codes) runs, consecutive strings of one font merged -------- */

typedef struct {
    sink base;
    PyObject *out;
    fontref font;
    rbuf codes;
} runs_sink;

static int flush_run(runs_sink *r) {
    if (r->codes.len == 0) return 0;
    PyObject *name = r->font.p == NULL
                         ? Py_NewRef(Py_None)
                         : PyBytes_FromStringAndSize((const char *)r->font.p, r->font.len);
    if (name == NULL) return -1;
    PyObject *data = PyBytes_FromStringAndSize((const char *)r->codes.p, r->codes.len);
    if (data == NULL) {
        Py_DECREF(name);
        return -1;
    }
    PyObject *pair = PyTuple_Pack(2, name, data);
    Py_DECREF(name);
    Py_DECREF(data);
    if (pair == NULL) return -1;
    int rc = PyList_Append(r->out, pair);
    Py_DECREF(pair);
    r->codes.len = 0;
    return rc;
}

static int runs_shown(sink *k, fontref font, const unsigned char *codes, Py_ssize_t len) {
    runs_sink *r = (runs_sink *)k;
    if (!same_font(r->font, font)) {
        if (flush_run(r)) return -1;
        r->font = font;
    }
    for (Py_ssize_t m = 0; m < len; m++)
        if (rbuf_put(&r->codes, codes[m])) return -1;
    return 0;
}

static PyObject *content_runs(PyObject *self, PyObject *args) {
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view)) return NULL;
    runs_sink r = {{runs_shown}, PyList_New(0), {NULL, 0}, {NULL, 0, 0}};
    int rc = r.out == NULL ? -1 : tokenize((const unsigned char *)view.buf, view.len, &r.base);
    if (rc == 0 && flush_run(&r)) rc = -1;
    free(r.codes.p);
    PyBuffer_Release(&view);
    if (rc != 0) {
        Py_XDECREF(r.out);
        if (rc < 0) return NULL;
        Py_RETURN_NONE;
    }
    return r.out;
}

/* -- content_text: the folded text shown, through the page's fonts ------------------------ */

#define FONT_CACHE 8

typedef struct {
    sink base;
    PyObject *fonts; /* dict: name bytes -> (two_byte, table tuple, packed bytes) or None */
    fontref font;    /* the font `table` belongs to */
    int resolved, two_byte;
    PyObject *table;             /* borrowed from fonts; NULL: font not readable here */
    const unsigned char *packed; /* 4 bytes a code: length (255 unknown, 254 longer), text */
    Py_ssize_t size;             /* codes in packed */
    rbuf out;
    /* the last fonts looked up (Word sets one of a page's few fonts in every BT): name ->
     * entry borrowed from fonts (NULL: not in it), without a bytes key made for each Tf */
    fontref seen[FONT_CACHE];
    PyObject *seen_entry[FONT_CACHE];
    int nseen;
} text_sink;

static PyObject *font_entry(text_sink *t, fontref font, int *error) {
    for (int k = 0; k < t->nseen; k++)
        if (same_font(t->seen[k], font)) return t->seen_entry[k];
    PyObject *key = PyBytes_FromStringAndSize((const char *)font.p, font.len);
    if (key == NULL) {
        *error = 1;
        return NULL;
    }
    PyObject *entry = PyDict_GetItemWithError(t->fonts, key); /* borrowed: fonts holds it */
    Py_DECREF(key);
    if (entry == NULL && PyErr_Occurred()) {
        *error = 1;
        return NULL;
    }
    int slot = t->nseen < FONT_CACHE ? t->nseen++ : (int)(font.len % FONT_CACHE);
    t->seen[slot] = font;
    t->seen_entry[slot] = entry;
    return entry;
}

static int text_font(text_sink *t, fontref font) {
    t->font = font;
    t->resolved = 1;
    t->table = NULL;
    if (font.p == NULL) return 0;
    int error = 0;
    PyObject *entry = font_entry(t, font, &error);
    if (entry == NULL) return error ? -1 : 0;
    if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 3 ||
        !PyTuple_Check(PyTuple_GET_ITEM(entry, 1)) || !PyBytes_Check(PyTuple_GET_ITEM(entry, 2)))
        return 0;
    t->two_byte = PyObject_IsTrue(PyTuple_GET_ITEM(entry, 0));
    if (t->two_byte < 0) return -1;
    PyObject *packed = PyTuple_GET_ITEM(entry, 2);
    t->table = PyTuple_GET_ITEM(entry, 1);
    t->packed = (const unsigned char *)PyBytes_AS_STRING(packed);
    t->size = PyBytes_GET_SIZE(packed) / 4;
    return 0;
}

static int text_shown(sink *k, fontref font, const unsigned char *codes, Py_ssize_t len) {
    text_sink *t = (text_sink *)k;
    if (len == 0) return 0; /* nothing shown: its font does not matter */
    if ((!t->resolved || !same_font(t->font, font)) && text_font(t, font)) return -1;
    if (t->table == NULL) return 1; /* no font, or one not read here */
    if (t->two_byte && len % 2) return 1;
    /* room for 3 letters a code (each copies 3 bytes, keeps its length); a longer text is
     * written whole, then the room is made again for the codes left */
    if (reserve(&t->out, 3 * len + 3)) return -1;
    int step = t->two_byte ? 2 : 1;
    for (Py_ssize_t m = 0; m < len; m += step) {
        Py_ssize_t code = t->two_byte ? (Py_ssize_t)(codes[m] << 8 | codes[m + 1]) : codes[m];
        if (code >= t->size) return 1;
        const unsigned char *e = t->packed + 4 * code;
        if (e[0] <= 3) {
            memcpy(t->out.p + t->out.len, e + 1, 3);
            t->out.len += e[0];
            continue;
        }
        if (e[0] == 255) return 1;
        PyObject *item = PyTuple_GET_ITEM(t->table, code); /* longer than 3 letters */
        if (item == Py_None || !PyUnicode_Check(item) || !PyUnicode_IS_ASCII(item)) return 1;
        const char *text = (const char *)PyUnicode_DATA(item);
        Py_ssize_t tl = PyUnicode_GET_LENGTH(item);
        if (reserve(&t->out, tl + 3 * (len - m) + 3)) return -1;
        memcpy(t->out.p + t->out.len, text, (size_t)tl);
        t->out.len += tl;
    }
    return 0;
}

static PyObject *content_text(PyObject *self, PyObject *args) {
    Py_buffer view;
    PyObject *fonts;
    if (!PyArg_ParseTuple(args, "y*O!", &view, &PyDict_Type, &fonts)) return NULL;
    text_sink t;
    memset(&t, 0, sizeof t);
    t.base.shown = text_shown;
    t.fonts = fonts;
    /* PDFium reads a marked sequence's /ActualText instead of its glyphs: anywhere in the
     * stream, the page is not read here (memmem: a third of Python's `in` on 37 KB); nor when
     * a name may spell it with # escapes (/Actual#54ext) in a marked sequence */
    size_t size = (size_t)view.len;
    int escaped = memchr(view.buf, '#', size) != NULL && memmem(view.buf, size, "BDC", 3) != NULL;
    int rc = escaped || memmem(view.buf, size, "ActualText", 10) != NULL
                 ? 1
                 : tokenize((const unsigned char *)view.buf, view.len, &t.base);
    PyBuffer_Release(&view);
    PyObject *result = NULL;
    if (rc == 0)
        result = PyUnicode_DecodeASCII((const char *)(t.out.p ? t.out.p : (unsigned char *)""),
                                       t.out.len, NULL);
    free(t.out.p);
    if (rc > 0) Py_RETURN_NONE;
    return result;
}

static PyObject *a85decode(PyObject *self, PyObject *args) {
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view)) return NULL;
    const unsigned char *s = (const unsigned char *)view.buf;
    Py_ssize_t n = view.len;
    rbuf out = {NULL, 0, 0};
    uint64_t value = 0;
    int k = 0, bad = 0;
    for (Py_ssize_t i = 0; i < n && !bad; i++) {
        unsigned char c = s[i];
        if (is_ws(c)) continue;
        if (c == '~') break; /* ~> ends the data */
        if (c == 'z' && k == 0) {
            for (int m = 0; m < 4; m++)
                if (rbuf_put(&out, 0)) goto error;
            continue;
        }
        if (c < '!' || c > 'u') {
            bad = 1;
            break;
        }
        value = value * 85 + (uint64_t)(c - '!');
        if (++k == 5) {
            if (value > 0xFFFFFFFFu) {
                bad = 1;
                break;
            }
            for (int m = 3; m >= 0; m--)
                if (rbuf_put(&out, (unsigned char)(value >> (8 * m)))) goto error;
            value = 0;
            k = 0;
        }
    }
    if (!bad && k == 1) bad = 1;
    if (!bad && k > 1) {
        for (int m = k; m < 5; m++) value = value * 85 + 84;
        if (value > 0xFFFFFFFFu) {
            bad = 1;
        } else {
            for (int m = 0; m < k - 1; m++)
                if (rbuf_put(&out, (unsigned char)(value >> (8 * (3 - m))))) goto error;
        }
    }
    PyBuffer_Release(&view);
    if (bad) {
        free(out.p);
        Py_RETURN_NONE;
    }
    PyObject *result = PyBytes_FromStringAndSize((const char *)(out.p ? out.p : (unsigned char *)""), out.len);
    free(out.p);
    return result;
error:
    free(out.p);
    PyBuffer_Release(&view);
    return NULL;
}

/* -- objects ---------------------------------------------------------------------------- */

#define RAW_MAX_DEPTH 64
typedef struct {
    const unsigned char *s;
    Py_ssize_t n;
    int unsupported; /* set: stop, return None to Python */
} parser;

static Py_ssize_t skip_ws(const unsigned char *s, Py_ssize_t i, Py_ssize_t n) {
    while (i < n && is_ws(s[i])) i++;
    return i;
}

static Py_ssize_t skip_space(const unsigned char *s, Py_ssize_t i, Py_ssize_t n) {
    while (i < n) {
        if (is_ws(s[i])) {
            i++;
        } else if (s[i] == '%') {
            while (i < n && s[i] != '\n' && s[i] != '\r') i++;
        } else {
            break;
        }
    }
    return i;
}

static PyObject *name_value(const unsigned char *p, Py_ssize_t len) {
    if (len == 0 || memchr(p, '#', (size_t)len) == NULL) { /* nearly every name: as written */
        PyObject *plain = PyUnicode_DecodeLatin1((const char *)p, len, NULL);
        if (plain != NULL) PyUnicode_InternInPlace(&plain);
        return plain;
    }
    rbuf b = {NULL, 0, 0};
    for (Py_ssize_t k = 0; k < len; k++) {
        unsigned char c = p[k];
        if (c == '#' && k + 2 < len && hexval(p[k + 1]) >= 0 && hexval(p[k + 2]) >= 0) {
            c = (unsigned char)(hexval(p[k + 1]) << 4 | hexval(p[k + 2]));
            k += 2;
        }
        if (rbuf_put(&b, c)) {
            free(b.p);
            return NULL;
        }
    }
    PyObject *text = PyUnicode_DecodeLatin1((const char *)(b.p ? b.p : (unsigned char *)""), b.len, NULL);
    free(b.p);
    if (text != NULL) PyUnicode_InternInPlace(&text); /* names repeat: dictionary keys */
    return text;
}

/* An unsigned decimal integer token at s[i]; its end, or -1. */
static Py_ssize_t digits_end(const unsigned char *s, Py_ssize_t i, Py_ssize_t n) {
    Py_ssize_t j = i;
    while (j < n && s[j] >= '0' && s[j] <= '9') j++;
    if (j == i) return -1;
    if (j < n && !is_ws(s[j]) && !is_delim(s[j])) return -1;
    return j;
}

static PyObject *parse_at(parser *p, Py_ssize_t *pos, int depth);

/* A NUL-terminated copy of s[i:j]: in `small` when it fits, else in a bytes object kept in
 * *hold (the Python reading takes numbers of any length). NULL on a memory error. */
static const char *token_text(const unsigned char *s, Py_ssize_t i, Py_ssize_t j, char *small,
                              size_t size, PyObject **hold) {
    if ((size_t)(j - i) < size) {
        memcpy(small, s + i, (size_t)(j - i));
        small[j - i] = 0;
        return small;
    }
    *hold = PyBytes_FromStringAndSize((const char *)s + i, j - i);
    return *hold ? PyBytes_AS_STRING(*hold) : NULL;
}

/* An integer past Python's int_max_str_digits (ValueError) is not read here either. */
static PyObject *too_long(parser *p, PyObject *value) {
    if (value == NULL && PyErr_ExceptionMatches(PyExc_ValueError)) {
        PyErr_Clear();
        p->unsupported = 1;
    }
    return value;
}

static PyObject *number_or_ref(parser *p, Py_ssize_t *pos) {
    const unsigned char *s = p->s;
    Py_ssize_t n = p->n, i = *pos, j = i;
    if (j < n && (s[j] == '+' || s[j] == '-')) j++;
    Py_ssize_t int_start = j;
    while (j < n && s[j] >= '0' && s[j] <= '9') j++;
    Py_ssize_t int_digits = j - int_start;
    int is_real = 0;
    if (j < n && s[j] == '.') {
        is_real = 1;
        j++;
        Py_ssize_t frac = j;
        while (j < n && s[j] >= '0' && s[j] <= '9') j++;
        if (int_digits == 0 && j == frac) {
            p->unsupported = 1;
            return NULL;
        }
    } else if (int_digits == 0) {
        p->unsupported = 1;
        return NULL;
    }
    if (j < n && !is_ws(s[j]) && !is_delim(s[j])) {
        p->unsupported = 1;
        return NULL;
    }
    char small[64];
    PyObject *hold = NULL;
    const char *text = token_text(s, i, j, small, sizeof small, &hold);
    if (text == NULL) return NULL;
    if (is_real) {
        double v = PyOS_string_to_double(text, NULL, NULL);
        Py_XDECREF(hold);
        if (v == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            p->unsupported = 1;
            return NULL;
        }
        *pos = j;
        return PyFloat_FromDouble(v);
    }
    /* "num gen R"? only an unsigned integer can start a reference */
    if (s[i] >= '0' && s[i] <= '9') {
        Py_ssize_t g0 = skip_ws(s, j, n);
        if (g0 > j) {
            Py_ssize_t g1 = digits_end(s, g0, n);
            if (g1 > 0) {
                Py_ssize_t r = skip_ws(s, g1, n);
                if (r > g1 && r < n && s[r] == 'R' && (r + 1 == n || is_ws(s[r + 1]) || is_delim(s[r + 1]))) {
                    char gen_small[32];
                    PyObject *gen_hold = NULL;
                    const char *gen = token_text(s, g0, g1, gen_small, sizeof gen_small, &gen_hold);
                    PyObject *a = gen ? too_long(p, PyLong_FromString(text, NULL, 10)) : NULL;
                    PyObject *b = a ? too_long(p, PyLong_FromString(gen, NULL, 10)) : NULL;
                    Py_XDECREF(hold);
                    Py_XDECREF(gen_hold);
                    /* a Ref (a tuple subclass) filled as tuple_subtype_new fills one: calling
                     * the NamedTuple's Python __new__ cost more than parsing the object */
                    PyTypeObject *type = (PyTypeObject *)raw_ref_type;
                    PyObject *ref = b ? type->tp_alloc(type, 2) : NULL;
                    if (ref == NULL) {
                        Py_XDECREF(a);
                        Py_XDECREF(b);
                        return NULL;
                    }
#if PY_VERSION_HEX >= 0x030E0000
                    ((PyTupleObject *)ref)->ob_hash = -1; /* 3.14 caches tuple hashes */
#endif
                    PyTuple_SET_ITEM(ref, 0, a);
                    PyTuple_SET_ITEM(ref, 1, b);
                    PyObject_GC_UnTrack(ref); /* two ints: never part of a cycle */
                    *pos = r + 1;
                    return ref;
                }
            }
        }
    }
    PyObject *value = too_long(p, PyLong_FromString(text, NULL, 10));
    Py_XDECREF(hold);
    *pos = j;
    return value;
}

static PyObject *parse_at(parser *p, Py_ssize_t *pos, int depth) {
    const unsigned char *s = p->s;
    Py_ssize_t n = p->n, i = skip_space(s, *pos, p->n);
    if (i >= n) {
        p->unsupported = 1;
        return NULL;
    }
    unsigned char c = s[i];
    if (c == '<' && i + 1 < n && s[i + 1] == '<') {
        if (depth >= RAW_MAX_DEPTH) {
            p->unsupported = 1;
            return NULL;
        }
        PyObject *d = PyDict_New();
        if (d == NULL) return NULL;
        i += 2;
        for (;;) {
            i = skip_space(s, i, n);
            if (i + 1 < n && s[i] == '>' && s[i + 1] == '>') {
                *pos = i + 2;
                return d;
            }
            if (i >= n || s[i] != '/') {
                p->unsupported = 1;
                Py_DECREF(d);
                return NULL;
            }
            Py_ssize_t j = i + 1;
            while (j < n && !is_ws(s[j]) && !is_delim(s[j])) j++;
            PyObject *key = name_value(s + i + 1, j - i - 1);
            if (key == NULL) {
                Py_DECREF(d);
                return NULL;
            }
            i = j;
            PyObject *value = parse_at(p, &i, depth + 1);
            if (value == NULL) {
                Py_DECREF(key);
                Py_DECREF(d);
                return NULL;
            }
            int rc = PyDict_SetItem(d, key, value);
            Py_DECREF(key);
            Py_DECREF(value);
            if (rc) {
                Py_DECREF(d);
                return NULL;
            }
        }
    }
    if (c == '[') {
        if (depth >= RAW_MAX_DEPTH) {
            p->unsupported = 1;
            return NULL;
        }
        PyObject *list = PyList_New(0);
        if (list == NULL) return NULL;
        i++;
        for (;;) {
            i = skip_space(s, i, n);
            if (i < n && s[i] == ']') {
                *pos = i + 1;
                return list;
            }
            PyObject *value = parse_at(p, &i, depth + 1);
            if (value == NULL || PyList_Append(list, value)) {
                Py_XDECREF(value);
                Py_DECREF(list);
                return NULL;
            }
            Py_DECREF(value);
        }
    }
    if (c == '(' || c == '<') {
        rbuf b = {NULL, 0, 0};
        Py_ssize_t at = c == '(' ? lit_string(s, i + 1, n, &b) : hex_string(s, i + 1, n, &b);
        if (at < 0) {
            free(b.p);
            if (at == -1) p->unsupported = 1;
            return NULL;
        }
        *pos = at;
        PyObject *bytes = PyBytes_FromStringAndSize((const char *)(b.p ? b.p : (unsigned char *)""), b.len);
        free(b.p);
        return bytes;
    }
    if (c == '/') {
        Py_ssize_t j = i + 1;
        while (j < n && !is_ws(s[j]) && !is_delim(s[j])) j++;
        *pos = j;
        return name_value(s + i + 1, j - i - 1);
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        *pos = i;
        return number_or_ref(p, pos);
    }
    Py_ssize_t j = i;
    while (j < n && !is_ws(s[j]) && !is_delim(s[j])) j++;
    if (j - i == 4 && memcmp(s + i, "true", 4) == 0) {
        *pos = j;
        Py_RETURN_TRUE;
    }
    if (j - i == 5 && memcmp(s + i, "false", 5) == 0) {
        *pos = j;
        Py_RETURN_FALSE;
    }
    if (j - i == 4 && memcmp(s + i, "null", 4) == 0) {
        *pos = j;
        Py_RETURN_NONE;
    }
    p->unsupported = 1;
    return NULL;
}

static PyObject *parse_value_c(PyObject *self, PyObject *args) {
    Py_buffer view;
    Py_ssize_t pos;
    if (!PyArg_ParseTuple(args, "y*n", &view, &pos)) return NULL;
    if (raw_ref_type == NULL || raw_name_type == NULL) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_RuntimeError, "configure_raw() was not called");
        return NULL;
    }
    parser p = {(const unsigned char *)view.buf, view.len, 0};
    if (pos < 0 || pos > view.len) {
        PyBuffer_Release(&view);
        Py_RETURN_NONE;
    }
    PyObject *value = parse_at(&p, &pos, 0);
    PyBuffer_Release(&view);
    if (value == NULL) {
        if (p.unsupported && !PyErr_Occurred()) Py_RETURN_NONE;
        return NULL;
    }
    PyObject *result = Py_BuildValue("(Nn)", value, pos);
    return result;
}

static PyObject *configure_raw(PyObject *self, PyObject *args) {
    PyObject *ref, *name;
    if (!PyArg_ParseTuple(args, "OO", &ref, &name)) return NULL;
    if (!PyType_Check(ref) || !PyType_IsSubtype((PyTypeObject *)ref, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "Ref must be a tuple subclass");
        return NULL;
    }
    Py_XSETREF(raw_ref_type, Py_NewRef(ref));
    Py_XSETREF(raw_name_type, Py_NewRef(name));
    Py_RETURN_NONE;
}

/* fold_codes(codes, two_byte, table): the folded text of the codes, each code's text being
 * table[code] (an ASCII str); None if a code is past the table or maps to None. */
static PyObject *fold_codes(PyObject *self, PyObject *args) {
    Py_buffer view;
    int two_byte;
    PyObject *table;
    if (!PyArg_ParseTuple(args, "y*pO!", &view, &two_byte, &PyTuple_Type, &table)) return NULL;
    const unsigned char *s = (const unsigned char *)view.buf;
    Py_ssize_t n = view.len, size = PyTuple_GET_SIZE(table);
    rbuf out = {NULL, 0, 0};
    int unknown = 0;
    if (two_byte && n % 2) unknown = 1;
    for (Py_ssize_t i = 0; i < n && !unknown; i += two_byte ? 2 : 1) {
        Py_ssize_t code = two_byte ? (Py_ssize_t)(s[i] << 8 | s[i + 1]) : (Py_ssize_t)s[i];
        if (code >= size) {
            unknown = 1;
            break;
        }
        PyObject *item = PyTuple_GET_ITEM(table, code);
        if (item == Py_None || !PyUnicode_Check(item) || !PyUnicode_IS_ASCII(item)) {
            unknown = 1;
            break;
        }
        const char *text = (const char *)PyUnicode_DATA(item);
        Py_ssize_t len = PyUnicode_GET_LENGTH(item);
        for (Py_ssize_t k = 0; k < len; k++)
            if (rbuf_put(&out, (unsigned char)text[k])) {
                free(out.p);
                PyBuffer_Release(&view);
                return NULL;
            }
    }
    PyBuffer_Release(&view);
    if (unknown) {
        free(out.p);
        Py_RETURN_NONE;
    }
    PyObject *result = PyUnicode_DecodeASCII((const char *)(out.p ? out.p : (unsigned char *)""), out.len, NULL);
    free(out.p);
    return result;
}

/* parse_object(window, num, gen): the indirect object "num gen obj ... endobj|stream" at the
 * start of window (leading white space allowed): (value, -1 for a plain object or the offset
 * of the stream data in window, where the value's text starts, where it ends); -1 when the header is not "num gen obj";
 * -2 when the object is not complete in window (the caller reads a larger one) or not read
 * exactly here. */
/* -- like_pyhanko: whether pyHanko reads an object's text as the raw reader did ----------- */

/* Names in a parsed value, keys included (-1: a reference to object 0), as _rawobj._names_in. */
static Py_ssize_t names_in(PyObject *value) {
    if (PyDict_Check(value)) {
        Py_ssize_t pos = 0, total = PyDict_GET_SIZE(value);
        PyObject *key, *item;
        while (PyDict_Next(value, &pos, &key, &item)) {
            Py_ssize_t inner = names_in(item);
            if (inner < 0) return inner;
            total += inner;
        }
        return total;
    }
    if (PyList_Check(value)) {
        Py_ssize_t total = 0;
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(value); k++) {
            Py_ssize_t inner = names_in(PyList_GET_ITEM(value, k));
            if (inner < 0) return inner;
            total += inner;
        }
        return total;
    }
    if (raw_ref_type != NULL && Py_TYPE(value) == (PyTypeObject *)raw_ref_type) {
        PyObject *num = PyTuple_GET_ITEM(value, 0);
        int overflow = 0; /* a number past a long is not 0: no error to raise */
        return PyLong_Check(num) && PyLong_AsLongAndOverflow(num, &overflow) == 0 && !overflow
                   ? -1
                   : 0;
    }
    return PyUnicode_Check(value) ? 1 : 0;
}

/* like_pyhanko(text, value) -> 0 (pyHanko reads it alike), 1 (it does not: a byte outside
 * printable ASCII, a # escape, a reference to object 0), 2 (as many name tokens in the text
 * as names in the value is not so: the caller parses again, asking for unique keys) --
 * _rawobj._check_like_pyhanko's cheap part, for every kid pyHanko's page lookup skips. */
static PyObject *like_pyhanko(PyObject *self, PyObject *args) {
    Py_buffer view;
    PyObject *value;
    if (!PyArg_ParseTuple(args, "y*O", &view, &value)) return NULL;
    const unsigned char *t = (const unsigned char *)view.buf;
    Py_ssize_t slashes = 0, n = view.len;
    long verdict = 0;
    for (Py_ssize_t k = 0; k < n && verdict == 0; k++) {
        unsigned char c = t[k];
        int printable = c == '\t' || c == '\n' || c == '\f' || c == '\r' || (c >= 0x20 && c <= 0x7e);
        if (c == '#' || !printable) verdict = 1;
        slashes += c == '/'; /* each '/' starts one name token (a '/' ends the one before) */
    }
    PyBuffer_Release(&view);
    if (verdict == 0) {
        Py_ssize_t names = names_in(value);
        if (PyErr_Occurred()) return NULL;
        verdict = names < 0 ? 1 : names != slashes ? 2 : 0;
    }
    return PyLong_FromLong(verdict);
}

static PyObject *parse_object(PyObject *self, PyObject *args) {
    Py_buffer view;
    Py_ssize_t num, gen;
    if (!PyArg_ParseTuple(args, "y*nn", &view, &num, &gen)) return NULL;
    const unsigned char *s = (const unsigned char *)view.buf;
    Py_ssize_t n = view.len, i = skip_ws(s, 0, n), j;
    Py_ssize_t header[2];
    for (int k = 0; k < 2; k++) {
        j = i;
        Py_ssize_t v = 0;
        while (j < n && s[j] >= '0' && s[j] <= '9' && j - i < 18) v = v * 10 + (s[j++] - '0');
        if (j == i || j >= n || !is_ws(s[j])) {
            PyBuffer_Release(&view);
            return PyLong_FromLong(j >= n ? -2 : -1);
        }
        header[k] = v;
        i = skip_ws(s, j, n);
    }
    if (i + 3 > n) {
        PyBuffer_Release(&view);
        return PyLong_FromLong(-2);
    }
    if (memcmp(s + i, "obj", 3) != 0 || header[0] != num || header[1] != gen ||
        (i + 3 < n && is_regular(s[i + 3]))) {
        PyBuffer_Release(&view);
        return PyLong_FromLong(-1);
    }
    Py_ssize_t pos = i + 3, start = pos;
    parser p = {s, n, 0};
    PyObject *value = parse_at(&p, &pos, 0);
    if (value == NULL) {
        PyBuffer_Release(&view);
        if (p.unsupported && !PyErr_Occurred()) return PyLong_FromLong(-2);
        return NULL;
    }
    Py_ssize_t end = pos;
    pos = skip_space(s, pos, n);
    Py_ssize_t data = -3;
    if (pos + 6 <= n && memcmp(s + pos, "endobj", 6) == 0) {
        data = -1;
    } else if (pos + 6 <= n && memcmp(s + pos, "stream", 6) == 0) {
        Py_ssize_t e = pos + 6;
        if (e + 1 < n && s[e] == '\r' && s[e + 1] == '\n')
            data = e + 2;
        else if (e < n && (s[e] == '\n' || s[e] == '\r') && !(s[e] == '\r' && e + 1 >= n))
            data = e + 1;
    }
    PyBuffer_Release(&view);
    if (data == -3) {
        Py_DECREF(value);
        return PyLong_FromLong(-2);
    }
    return Py_BuildValue("(Nnnn)", value, data, start, end);
}

/* may_open_part(folded): whether an ASCII folded page text holds "PHULUC" or every pair of the
 * Quốc hiệu, each letter possibly repeated (vndocsign.pdf._pagescan.has_marker): the text with
 * its runs of one letter squeezed, searched with memmem. */
static PyObject *may_open_part(PyObject *self, PyObject *args) {
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text)) return NULL;
    if (!PyUnicode_IS_ASCII(text)) Py_RETURN_FALSE;
    const char *s = (const char *)PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), m = 0;
    char *squeezed = (char *)malloc((size_t)(n > 0 ? n : 1));
    if (squeezed == NULL) return PyErr_NoMemory();
    for (Py_ssize_t k = 0; k < n; k++)
        if (m == 0 || squeezed[m - 1] != s[k]) squeezed[m++] = s[k];
    static const char *const pieces[] = {"CONGHOA", "XAHOI", "CHUNGHIA", "VIETNAM"};
    int found = memmem(squeezed, (size_t)m, "PHULUC", 6) != NULL;
    if (!found) {
        found = 1;
        for (int k = 0; k < 4 && found; k++)
            found = memmem(squeezed, (size_t)m, pieces[k], strlen(pieces[k])) != NULL;
    }
    free(squeezed);
    return PyBool_FromLong(found);
}
