/* The page scan's tight loops (issue 17), included by _fastchars.c (one extension module).
 *
 * content_runs: the text a content stream shows, as (font resource name, codes) runs, for
 *   the "new document?" marker (vndocsign.pdf._pagescan). A proper PDF tokenizer (nested
 *   parentheses, escapes, comments, inline dictionaries); returns None for an inline image,
 *   a stray ')' or '>', an unterminated string or a q nesting past 512.
 * a85decode: ASCII85Decode (reportlab writes content as [/ASCII85Decode /FlateDecode]).
 * parse_value: one PDF object (vndocsign.pdf._rawobj.parse_value, same values); None when it
 *   is not read exactly here.
 *
 * Every loop is linear in its input; nothing here allocates more than its input's size
 * (plus Python's objects for the values it returns).
 */

static PyObject *raw_ref_type = NULL;  /* vndocsign.pdf._rawobj.Ref */
static PyObject *raw_name_type = NULL; /* vndocsign.pdf._rawobj.Name */

typedef struct {
    unsigned char *p;
    Py_ssize_t len, cap;
} rbuf;

static int rbuf_put(rbuf *b, unsigned char c) {
    if (b->len == b->cap) {
        Py_ssize_t cap = b->cap ? b->cap * 2 : 256;
        unsigned char *p = (unsigned char *)realloc(b->p, (size_t)cap);
        if (p == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    b->p[b->len++] = c;
    return 0;
}

static int is_ws(unsigned char c) {
    return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32;
}

static int is_delim(unsigned char c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static int hexval(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

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

typedef struct {
    const unsigned char *p; /* NULL: no font set (or not a plain name) */
    Py_ssize_t len;
} fontref;

static int same_font(fontref a, fontref b) {
    if (a.p == NULL || b.p == NULL) return a.p == b.p;
    return a.len == b.len && memcmp(a.p, b.p, (size_t)a.len) == 0;
}

static int flush_run(PyObject *out, fontref font, rbuf *codes) {
    if (codes->len == 0) return 0;
    PyObject *name = font.p == NULL ? Py_NewRef(Py_None)
                                    : PyBytes_FromStringAndSize((const char *)font.p, font.len);
    if (name == NULL) return -1;
    PyObject *data = PyBytes_FromStringAndSize((const char *)codes->p, codes->len);
    if (data == NULL) {
        Py_DECREF(name);
        return -1;
    }
    PyObject *pair = PyTuple_Pack(2, name, data);
    Py_DECREF(name);
    Py_DECREF(data);
    if (pair == NULL) return -1;
    int rc = PyList_Append(out, pair);
    Py_DECREF(pair);
    codes->len = 0;
    return rc;
}

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

static int is_op(const unsigned char *tok, Py_ssize_t len, const char *op) {
    return (size_t)len == strlen(op) && memcmp(tok, op, (size_t)len) == 0;
}

static PyObject *content_runs(PyObject *self, PyObject *args) {
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view)) return NULL;
    const unsigned char *s = (const unsigned char *)view.buf;
    Py_ssize_t n = view.len, i = 0;
    PyObject *out = PyList_New(0);
    rbuf codes = {NULL, 0, 0}, pending = {NULL, 0, 0};
    fontref font = {NULL, 0}, run = {NULL, 0}, name = {NULL, 0};
    fontref stack[MAX_Q];
    int depth_q = 0, dict_depth = 0, arr_depth = 0, failed = 0, last = K_NONE;
    Py_ssize_t operands = 0, name_at = -1, num_at = -1, pend_strings = 0;
    if (out == NULL) goto error;
    while (i < n && !failed) {
        unsigned char c = s[i];
        if (is_ws(c)) {
            i++;
            continue;
        }
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
            Py_ssize_t at = c == '(' ? lit_string(s, i + 1, n, into) : hex_string(s, i + 1, n, into);
            if (at == -2) goto error;
            if (at < 0) {
                failed = 1;
                break;
            }
            if (dict_depth == 0) pend_strings++;
            i = at;
            operands++;
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
            failed = 1;
            break;
        }
        if (c == ')') {
            failed = 1;
            break;
        }
        if (c == '[') {
            if (dict_depth == 0) {
                if (arr_depth > 0) {
                    failed = 1; /* a nested array: PDFium shows none of it */
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
            continue;
        }
        if (c == '{' || c == '}') {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && !is_ws(s[j]) && !is_delim(s[j])) j++;
        if (c == '/') {
            if (dict_depth == 0 && arr_depth == 0) {
                name.p = s + i + 1;
                name.len = j - i - 1;
                name_at = operands;
                last = K_NAME;
            }
            operands++;
            i = j;
            continue;
        }
        Py_ssize_t len = j - i;
        const unsigned char *tok = s + i;
        i = j;
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' ||
            (len == 4 && memcmp(tok, "true", 4) == 0) ||
            (len == 5 && memcmp(tok, "false", 5) == 0) ||
            (len == 4 && memcmp(tok, "null", 4) == 0)) {
            if (is_size(tok, len)) num_at = operands;
            if (dict_depth == 0 && arr_depth == 0) last = K_OTHER;
            operands++;
            continue;
        }
        if (dict_depth > 0 || arr_depth > 0) continue;
        int show = 0;
        if (is_op(tok, len, "Tj") || is_op(tok, len, "'") || is_op(tok, len, "\"")) {
            if (last == K_NAME) {
                failed = 1; /* PDFium shows a name operand as text */
                break;
            }
            show = last == K_STRING;
        } else if (is_op(tok, len, "TJ")) {
            show = last == K_ARRAY;
        }
        if (show && pend_strings > 0) {
            if (!same_font(run, font)) {
                if (flush_run(out, run, &codes)) goto error;
                run = font;
            }
            for (Py_ssize_t k = 0; k < pending.len; k++)
                if (rbuf_put(&codes, pending.p[k])) goto error;
        }
        pending.len = 0;
        pend_strings = 0;
        last = K_NONE;
        if (is_op(tok, len, "Tf")) {
            if (name.p != NULL && name_at == operands - 2 && num_at == operands - 1) {
                font = name;
            } else {
                font.p = NULL;
                font.len = 0;
            }
        } else if (is_op(tok, len, "q")) {
            if (depth_q == MAX_Q) {
                failed = 1;
                break;
            }
            stack[depth_q++] = font;
        } else if (is_op(tok, len, "Q")) {
            if (depth_q > 0) font = stack[--depth_q];
        } else if (is_op(tok, len, "BI")) {
            failed = 1; /* an inline image: its data is not tokens */
            break;
        }
        operands = 0;
        name.p = NULL;
        name_at = -1;
        num_at = -1;
    }
    if (!failed && flush_run(out, run, &codes)) goto error;
    free(codes.p);
    free(pending.p);
    PyBuffer_Release(&view);
    if (failed) {
        Py_DECREF(out);
        Py_RETURN_NONE;
    }
    return out;
error:
    free(codes.p);
    free(pending.p);
    PyBuffer_Release(&view);
    Py_XDECREF(out);
    return NULL;
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
    if (text == NULL) return NULL;
    PyObject *name = PyObject_CallOneArg(raw_name_type, text);
    Py_DECREF(text);
    return name;
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
    /* the token NUL-terminated, however long (the Python reading takes any length) */
    PyObject *token = PyBytes_FromStringAndSize((const char *)s + i, j - i);
    if (token == NULL) return NULL;
    const char *small = PyBytes_AS_STRING(token);
    if (is_real) {
        double v = PyOS_string_to_double(small, NULL, NULL);
        Py_DECREF(token);
        if (v == -1.0 && PyErr_Occurred()) return NULL;
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
                    PyObject *gen = PyBytes_FromStringAndSize((const char *)s + g0, g1 - g0);
                    PyObject *a = gen ? PyLong_FromString(small, NULL, 10) : NULL;
                    PyObject *b = a ? PyLong_FromString(PyBytes_AS_STRING(gen), NULL, 10) : NULL;
                    PyObject *ref = b ? PyObject_CallFunctionObjArgs(raw_ref_type, a, b, NULL) : NULL;
                    Py_XDECREF(a);
                    Py_XDECREF(b);
                    Py_XDECREF(gen);
                    Py_DECREF(token);
                    *pos = r + 1;
                    return too_long(p, ref);
                }
            }
        }
    }
    PyObject *value = PyLong_FromString(small, NULL, 10);
    Py_DECREF(token);
    *pos = j;
    return too_long(p, value);
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
