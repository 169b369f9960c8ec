/* The text layer's per-character loop in C (issue 17): an optional accelerator.
 *
 * Same result as vndocsign.pdf._charloop._glyphs_exact, glyph by glyph (tested on every
 * corpus page, tests/pdf/test_text_equivalence.py): the same PDFium calls in the same order
 * per character, the same caches (style per text object, per font), the same state carried
 * from one character to the next (the font flags of FPDFText_GetFontInfo, the pen origin).
 *
 * No link-time dependency on PDFium: configure() receives the addresses of the functions of
 * the library pypdfium2 already loaded (ctypes), and the text page arrives as an address.
 * The GIL is held throughout (PDFium is not thread-safe anyway; pypdfium2 serialises it).
 * Built by hatch_build.py when a C compiler is at hand; without it the Python loop runs.
 */
#define PY_SSIZE_T_CLEAN
#define _GNU_SOURCE /* memmem */
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { float left, top, right, bottom; } rectf; /* FS_RECTF */

typedef int (*box_fn)(void *, int, double *, double *, double *, double *);
typedef int (*origin_fn)(void *, int, double *, double *);
typedef int (*loose_fn)(void *, int, rectf *);
typedef void *(*object_fn)(void *, int);
typedef void *(*font_fn)(void *);
typedef double (*size_fn)(void *, int);
typedef unsigned int (*unicode_fn)(void *, int);
typedef int (*weight_fn)(void *, int);
typedef unsigned long (*info_fn)(void *, int, void *, unsigned long, int *);
typedef int (*count_fn)(void *);

static struct {
    box_fn box;
    origin_fn origin;
    loose_fn loose;
    object_fn object;
    font_fn font;
    size_fn size;
    unicode_fn unicode;
    weight_fn weight;
    info_fn info;
    count_fn count;
    PyTypeObject *glyph; /* vndocsign.pdf._charloop.Glyph (a tuple subclass), owned */
} F;

/* ---- a small map from addresses (text objects, fonts) to styles ---------------------- */

typedef struct {
    uintptr_t key; /* 0: empty slot (address 0 is never stored, as in the Python loop) */
    int bold, italic;
    double size;
} entry;

typedef struct {
    entry *slots;
    size_t mask, used;
} table;

static void table_free(table *t) { free(t->slots); t->slots = NULL; }

static size_t slot_of(uintptr_t key, size_t mask) {
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 20) & mask;
}

static entry *table_find(table *t, uintptr_t key) {
    if (t->slots == NULL) return NULL;
    for (size_t i = slot_of(key, t->mask);; i = (i + 1) & t->mask) {
        if (t->slots[i].key == key) return &t->slots[i];
        if (t->slots[i].key == 0) return NULL;
    }
}

/* 0 on success, -1 (MemoryError set) when out of memory. */
static int table_put(table *t, entry e) {
    if (t->slots == NULL || 2 * (t->used + 1) > t->mask + 1) {
        size_t size = t->slots ? 2 * (t->mask + 1) : 64;
        entry *slots = calloc(size, sizeof(entry));
        if (slots == NULL) { PyErr_NoMemory(); return -1; }
        for (size_t k = 0; t->slots && k <= t->mask; k++) {
            if (t->slots[k].key == 0) continue;
            size_t i = slot_of(t->slots[k].key, size - 1);
            while (slots[i].key) i = (i + 1) & (size - 1);
            slots[i] = t->slots[k];
        }
        free(t->slots);
        t->slots = slots;
        t->mask = size - 1;
    }
    size_t i = slot_of(e.key, t->mask);
    while (t->slots[i].key && t->slots[i].key != e.key) i = (i + 1) & t->mask;
    if (t->slots[i].key == 0) t->used++;
    t->slots[i] = e;
    return 0;
}

/* ---- the font style: _pdfium.font_style ------------------------------------------------ */

static int has(const char *name, const char *word) { return strstr(name, word) != NULL; }

/* Bold and italic of the font drawing character ``index``; ``flags`` carries over from one
 * call to the next (FPDFText_GetFontInfo leaves it alone when it fails), as the Python loop's
 * one c_int per page does. -1 (MemoryError set) when out of memory. */
static int font_style(void *page, int index, int *flags, entry *out) {
    int weight = F.weight(page, index);
    unsigned long needed = F.info(page, index, NULL, 0, flags);
    size_t size = needed > 0 ? (size_t)needed : 1;
    char *name = calloc(size + 1, 1);
    if (name == NULL) { PyErr_NoMemory(); return -1; }
    F.info(page, index, name, needed, flags);
    name[size] = 0;
    for (char *c = name; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    out->bold = weight >= 600 || has(name, "bold") || has(name, "black") || has(name, "heavy");
    out->italic = (*flags & 0x40) != 0 || has(name, "italic") || has(name, "oblique");
    free(name);
    return 0;
}

/* ---- building the Python objects --------------------------------------------------------- */

static PyObject *four(double a, double b, double c, double d) {
    PyObject *t = PyTuple_New(4);
    if (t == NULL) return NULL;
    double v[4] = {a, b, c, d};
    for (int k = 0; k < 4; k++) {
        PyObject *f = PyFloat_FromDouble(v[k]);
        if (f == NULL) { Py_DECREF(t); return NULL; }
        PyTuple_SET_ITEM(t, k, f);
    }
    PyObject_GC_UnTrack(t); /* floats only: no cycle possible (see new_glyph) */
    return t;
}

/* Glyph(char, bbox, origin, size, bold, italic, space_before, None, advance); steals ``ch``
 * and ``advance`` (both may be NULL after a failed allocation: then NULL is returned). */
static PyObject *new_glyph(PyObject *ch, double left, double bottom, double right, double top,
                           double ox, double oy, double size, int bold, int italic, int space,
                           PyObject *advance) {
    PyObject *items[9] = {ch, NULL, NULL, NULL, NULL, NULL, NULL, NULL, advance};
    PyObject *glyph = NULL;
    if (ch == NULL || advance == NULL) goto fail;
    items[1] = four(left, bottom, right, top);
    items[2] = Py_BuildValue("(dd)", ox, oy);
    if (items[2]) PyObject_GC_UnTrack(items[2]);
    items[3] = PyFloat_FromDouble(size);
    if (!items[1] || !items[2] || !items[3]) goto fail;
    items[4] = Py_NewRef(bold ? Py_True : Py_False);
    items[5] = Py_NewRef(italic ? Py_True : Py_False);
    items[6] = Py_NewRef(space ? Py_True : Py_False);
    items[7] = Py_NewRef(Py_None);
    /* as tuple.__new__(Glyph, items) does: the subtype's allocator, then the items */
    glyph = F.glyph->tp_alloc(F.glyph, 9);
    if (glyph == NULL) goto fail;
#if PY_VERSION_HEX >= 0x030E0000
    ((PyTupleObject *)glyph)->ob_hash = -1; /* 3.14 caches tuple hashes: "not computed" */
#endif
    for (int k = 0; k < 9; k++) PyTuple_SET_ITEM(glyph, k, items[k]);
    /* Untracked by the cycle collector, as CPython untracks a plain tuple of atoms at its
     * first collection (_PyTuple_MaybeUntrack): a glyph holds a str, floats, bools, None and
     * untracked tuples of floats, so it cannot be part of a cycle. Its one other reference,
     * to the Glyph class (a heap type; no __dict__: __slots__ = ()), only makes the class look
     * referenced from outside to the collector, which it is while the glyph lives. Tracked,
     * the thousands of glyphs of a page made the collector's passes cost four times the loop
     * itself. */
    PyObject_GC_UnTrack(glyph);
    return glyph;
fail:
    for (int k = 0; k < 9; k++) Py_XDECREF(items[k]);
    return NULL;
}

/* ---- glyphs(textpage, count, text, drawn_by) --------------------------------------------- */

typedef struct {
    void *page;
    int flags;       /* FPDFText_GetFontInfo's flags, carried over as in the Python loop */
    table objects;   /* text object -> bold, italic, size */
    table fonts;     /* font -> bold, italic */
} page_state;

/* The style of the text object ``key`` (0: none) drawing character ``index``. */
static int style_of(page_state *s, uintptr_t key, int index, entry *style) {
    entry *known = key ? table_find(&s->objects, key) : NULL;
    if (known) { *style = *known; return 0; }
    uintptr_t font = key ? (uintptr_t)F.font((void *)key) : 0;
    entry *styled = font ? table_find(&s->fonts, font) : NULL;
    entry fresh = {0, 0, 0, 0.0};
    if (styled) {
        fresh = *styled;
    } else {
        if (font_style(s->page, index, &s->flags, &fresh) < 0) return -1;
        fresh.key = font;
        if (font && table_put(&s->fonts, fresh) < 0) return -1;
    }
    fresh.size = F.size(s->page, index);
    fresh.key = key;
    if (key && table_put(&s->objects, fresh) < 0) return -1;
    *style = fresh;
    return 0;
}

static int is_advance_char(Py_UCS4 c) { return (c >= '0' && c <= '9') || c == '/'; }

/* The loop proper: appends to ``out`` and ``drawn``; -1 with an exception set on failure. */
static int run(page_state *s, int count, PyObject *text, PyObject *drawn_by, PyObject *out,
               PyObject *drawn) {
    double left = 0, right = 0, bottom = 0, top = 0, ox = 0, oy = 0;
    rectf loose = {0, 0, 0, 0};
    int space = 0, kind = 0;
    const void *data = NULL;
    uintptr_t last_key = 0;
    int last_drawn = -1; /* drawn_by membership of ``last_key``; -1: not asked yet */
    Py_ssize_t filter = drawn_by ? PySet_GET_SIZE(drawn_by) : 0;
    if (text != Py_None) { kind = PyUnicode_KIND(text); data = PyUnicode_DATA(text); }
    for (int i = 0; i < count; i++) {
        Py_UCS4 ch = text == Py_None ? 0xFFFE : PyUnicode_READ(kind, data, i);
        if (ch == 0xFFFE) { /* not in the bulk text: ask for this one */
            unsigned int code = F.unicode(s->page, i);
            if (code == 0 || code == 0xFFFE || code == 0xFFFF) continue;
            if (code > 0x10FFFF) { /* chr() refuses it, as in the Python loop */
                PyErr_SetString(PyExc_ValueError, "chr() arg not in range(0x110000)");
                return -1;
            }
            ch = code;
        } else if (ch == 0 || ch == 0xFFFF) {
            continue;
        }
        if (Py_UNICODE_ISSPACE(ch)) { space = 1; continue; }
        if (ch < 0x20) ch = '-'; /* a hyphen ending a line, reported as U+0002 */
        if (!F.box(s->page, i, &left, &right, &bottom, &top)) continue;
        F.origin(s->page, i, &ox, &oy);
        PyObject *advance = Py_None;
        if (is_advance_char(ch) && F.loose(s->page, i, &loose) && loose.right > loose.left)
            advance = four(loose.left, loose.bottom, loose.right, loose.top);
        else
            Py_INCREF(advance);
        uintptr_t key = (uintptr_t)F.object(s->page, i);
        entry style;
        if (style_of(s, key, i, &style) < 0) { Py_XDECREF(advance); return -1; }
        double size = style.size > 0 ? style.size : (1.0 > top - bottom ? 1.0 : top - bottom);
        if (key != last_key || last_drawn < 0) {
            last_drawn = 0;
            if (filter) {
                PyObject *k = PyLong_FromSize_t((size_t)key);
                if (k == NULL) { Py_XDECREF(advance); return -1; }
                last_drawn = PySet_Contains(drawn_by, k);
                Py_DECREF(k);
                if (last_drawn < 0) { Py_XDECREF(advance); return -1; }
            }
            last_key = key;
        }
        PyObject *glyph = new_glyph(PyUnicode_FromOrdinal((int)ch), left, bottom, right, top,
                                    ox, oy, size, style.bold, style.italic, space, advance);
        if (glyph == NULL) return -1;
        int failed = PyList_Append(last_drawn ? drawn : out, glyph);
        Py_DECREF(glyph);
        if (failed) return -1;
        space = 0;
    }
    return 0;
}

static PyObject *glyphs(PyObject *self, PyObject *args) {
    unsigned long long address;
    int count;
    PyObject *text, *drawn_by;
    if (!PyArg_ParseTuple(args, "KiOO", &address, &count, &text, &drawn_by)) return NULL;
    if (F.glyph == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_fastchars.configure() was not called");
        return NULL;
    }
    if (text != Py_None && (!PyUnicode_Check(text) || (count > 0 && PyUnicode_GET_LENGTH(text) != count))) {
        PyErr_SetString(PyExc_ValueError, "text must be None or one character per index");
        return NULL;
    }
    if (!PyAnySet_Check(drawn_by)) {
        PyErr_SetString(PyExc_TypeError, "drawn_by must be a set or frozenset");
        return NULL;
    }
    PyObject *out = PyList_New(0), *drawn = PyList_New(0);
    if (out == NULL || drawn == NULL) goto fail;
    if (address != 0 && count > 0) {
        page_state s = {(void *)(uintptr_t)address, 0, {NULL, 0, 0}, {NULL, 0, 0}};
        int failed = run(&s, count, text, drawn_by, out, drawn);
        table_free(&s.objects);
        table_free(&s.fonts);
        if (failed) goto fail;
    }
    return Py_BuildValue("(NN)", out, drawn);
fail:
    Py_XDECREF(out);
    Py_XDECREF(drawn);
    return NULL;
}

/* ---- segments(glyphs, gap_em): the hot part of _text.group_lines ---------------------------
 *
 * Same rows, segments and texts as the Python group_lines and _line, for glyphs whose fields
 * the comparisons read are floats (bbox left/right, origin y, size, advance left/right) and whose
 * sort keys (origin y, bbox left) are not NaN: then a sort by (key, position) is exactly Python's
 * stable sort. Anything else returns None and Python does the work (ints, NaN, odd tuples). */

typedef struct {
    double y, size, left, right, adv_left, adv_right;
    PyObject *glyph, *ch, *space, *source; /* borrowed */
    int has_advance;
} cell;

typedef struct { double key; Py_ssize_t pos; } sort_item;

static int by_y_descending(const void *a, const void *b) {
    const sort_item *p = a, *q = b;
    if (p->key != q->key) return p->key > q->key ? -1 : 1;
    return p->pos < q->pos ? -1 : (p->pos > q->pos);
}

static int by_key_ascending(const void *a, const void *b) {
    const sort_item *p = a, *q = b;
    if (p->key != q->key) return p->key < q->key ? -1 : 1;
    return p->pos < q->pos ? -1 : (p->pos > q->pos);
}

static int float_at(PyObject *tuple, Py_ssize_t k, double *out) {
    PyObject *v = PyTuple_GET_ITEM(tuple, k);
    if (!PyFloat_CheckExact(v)) return 0;
    *out = PyFloat_AS_DOUBLE(v);
    return 1;
}

/* 1: read, 0: not for C (the caller returns None). */
static int read_cell(PyObject *g, cell *c) {
    if (!PyTuple_Check(g) || PyTuple_GET_SIZE(g) < 9) return 0;
    PyObject *box = PyTuple_GET_ITEM(g, 1), *origin = PyTuple_GET_ITEM(g, 2);
    PyObject *advance = PyTuple_GET_ITEM(g, 8);
    if (!PyTuple_CheckExact(box) || PyTuple_GET_SIZE(box) < 3) return 0;
    if (!PyTuple_CheckExact(origin) || PyTuple_GET_SIZE(origin) < 2) return 0;
    if (!float_at(box, 0, &c->left) || !float_at(box, 2, &c->right)) return 0;
    if (!float_at(origin, 1, &c->y) || !float_at(g, 3, &c->size)) return 0;
    if (c->y != c->y || c->left != c->left) return 0; /* NaN: Python's sort decides */
    c->has_advance = advance != Py_None;
    if (c->has_advance) {
        if (!PyTuple_CheckExact(advance) || PyTuple_GET_SIZE(advance) < 3) return 0;
        if (!float_at(advance, 0, &c->adv_left) || !float_at(advance, 2, &c->adv_right)) return 0;
    }
    c->glyph = g;
    c->ch = PyTuple_GET_ITEM(g, 0);
    c->space = PyTuple_GET_ITEM(g, 6);
    c->source = PyTuple_GET_ITEM(g, 7);
    return 1;
}

/* _line's text of cells[idx[0..n)]: a space at every word gap. New reference or NULL. */
static PyObject *line_text(cell *cells, const Py_ssize_t *idx, Py_ssize_t n) {
    PyObject *parts = PyList_New(0), *space = NULL, *text = NULL;
    if (parts == NULL) return NULL;
    if ((space = PyUnicode_FromOrdinal(' ')) == NULL) goto done;
    cell *prev = &cells[idx[0]];
    if (PyList_Append(parts, prev->ch) < 0) goto done;
    for (Py_ssize_t k = 1; k < n; k++) {
        cell *g = &cells[idx[k]];
        int gap;
        int other = 0; /* ``prev.source != glyph.source``; None != None is False */
        if (prev->source != Py_None || g->source != Py_None) {
            PyObject *ne = PyObject_RichCompare(prev->source, g->source, Py_NE);
            if (ne == NULL) goto done;
            other = PyObject_IsTrue(ne);
            Py_DECREF(ne);
            if (other < 0) goto done;
        }
        if (other) {
            gap = 1;
        } else {
            double em = prev->size > g->size ? prev->size : g->size;
            if (prev->has_advance && g->has_advance) {
                gap = g->adv_left - prev->adv_right > 0.12 * em;
            } else {
                gap = PyObject_IsTrue(g->space);
                if (gap < 0) goto done;
                if (!gap) gap = g->left - prev->right > 0.18 * em;
            }
        }
        if (gap && PyList_Append(parts, space) < 0) goto done;
        if (PyList_Append(parts, g->ch) < 0) goto done;
        prev = g;
    }
    PyObject *empty = PyUnicode_FromStringAndSize(NULL, 0);
    if (empty == NULL) goto done;
    text = PyUnicode_Join(empty, parts);
    Py_DECREF(empty);
done:
    Py_XDECREF(space);
    Py_DECREF(parts);
    return text;
}

/* One segment: (tuple of its glyphs, its text), appended to ``out``. */
static int add_segment(PyObject *out, cell *cells, const Py_ssize_t *idx, Py_ssize_t n) {
    PyObject *glyphs = PyTuple_New(n);
    if (glyphs == NULL) return -1;
    for (Py_ssize_t k = 0; k < n; k++)
        PyTuple_SET_ITEM(glyphs, k, Py_NewRef(cells[idx[k]].glyph));
    PyObject *text = line_text(cells, idx, n);
    if (text == NULL) { Py_DECREF(glyphs); return -1; }
    PyObject *pair = PyTuple_Pack(2, glyphs, text);
    Py_DECREF(glyphs);
    Py_DECREF(text);
    if (pair == NULL) return -1;
    int failed = PyList_Append(out, pair);
    Py_DECREF(pair);
    return failed;
}

/* The segments of one baseline row (``row``: glyph indices in baseline order). */
static int split_row(PyObject *out, cell *cells, Py_ssize_t *row, Py_ssize_t n, double gap_em,
                     sort_item *scratch) {
    for (Py_ssize_t k = 0; k < n; k++) {
        scratch[k].key = cells[row[k]].left;
        scratch[k].pos = k;
    }
    qsort(scratch, (size_t)n, sizeof(sort_item), by_key_ascending);
    Py_ssize_t *sorted = PyMem_Malloc((size_t)n * sizeof(Py_ssize_t));
    if (sorted == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t k = 0; k < n; k++) sorted[k] = row[scratch[k].pos];
    Py_ssize_t start = 0;
    int failed = 0;
    for (Py_ssize_t k = 1; k < n && !failed; k++) {
        cell *prev = &cells[sorted[k - 1]], *g = &cells[sorted[k]];
        double em = prev->size > g->size ? prev->size : g->size;
        if (g->left - prev->right > gap_em * em) {
            failed = add_segment(out, cells, sorted + start, k - start) < 0;
            start = k;
        }
    }
    if (!failed) failed = add_segment(out, cells, sorted + start, n - start) < 0;
    PyMem_Free(sorted);
    return failed ? -1 : 0;
}

static PyObject *segments(PyObject *self, PyObject *args) {
    PyObject *list;
    double gap_em;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &list, &gap_em)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    PyObject *out = PyList_New(0);
    if (out == NULL || n == 0) return out;
    cell *cells = PyMem_Calloc((size_t)n, sizeof(cell));
    sort_item *order = PyMem_Calloc((size_t)n, sizeof(sort_item));
    sort_item *scratch = PyMem_Calloc((size_t)n, sizeof(sort_item));
    Py_ssize_t *rows = PyMem_Calloc((size_t)n, sizeof(Py_ssize_t));
    /* the list holds the glyphs (borrowed below): keep it alive and unchanged meanwhile */
    PyObject *items = PySequence_Tuple(list);
    if (!cells || !order || !scratch || !rows || !items) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        if (!read_cell(PyTuple_GET_ITEM(items, k), &cells[k])) {
            Py_SETREF(out, Py_NewRef(Py_None)); /* not for C: Python groups them */
            goto done;
        }
        order[k].key = cells[k].y;
        order[k].pos = k;
    }
    qsort(order, (size_t)n, sizeof(sort_item), by_y_descending);
    /* baseline rows, as group_lines: a glyph joins the row whose first glyph it is near */
    Py_ssize_t row_start = 0;
    double ref_y = 0.0, ref_size = 0.0;
    for (Py_ssize_t k = 0; k < n; k++) {
        cell *g = &cells[order[k].pos];
        rows[k] = order[k].pos;
        if (k > 0) { /* a row is open */
            double limit = 0.35 * (ref_size > g->size ? ref_size : g->size);
            double delta = ref_y - g->y;
            if (-limit <= delta && delta <= limit) continue;
            if (split_row(out, cells, rows + row_start, k - row_start, gap_em, scratch) < 0)
                goto fail;
            row_start = k;
        }
        ref_y = g->y;
        ref_size = g->size;
    }
    if (split_row(out, cells, rows + row_start, n - row_start, gap_em, scratch) < 0) goto fail;
done:
    PyMem_Free(cells);
    PyMem_Free(order);
    PyMem_Free(scratch);
    PyMem_Free(rows);
    Py_XDECREF(items);
    return out;
fail:
    Py_CLEAR(out);
    goto done;
}

/* ---- bare_loop(textpage): the benchmark's floor ------------------------------------------ */

static PyObject *bare_loop(PyObject *self, PyObject *args) {
    unsigned long long address;
    if (!PyArg_ParseTuple(args, "K", &address)) return NULL;
    if (F.count == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_fastchars.configure() was not called");
        return NULL;
    }
    void *page = (void *)(uintptr_t)address;
    int count = address ? F.count(page) : 0, found = 0;
    double left, right, bottom, top;
    for (int i = 0; i < count; i++) found += F.box(page, i, &left, &right, &bottom, &top) != 0;
    return PyLong_FromLong(found);
}

/* ---- configure(addresses, Glyph) ----------------------------------------------------------- */

static PyObject *configure(PyObject *self, PyObject *args) {
    unsigned long long a[10];
    PyObject *glyph;
    if (!PyArg_ParseTuple(args, "(KKKKKKKKKK)O!", &a[0], &a[1], &a[2], &a[3], &a[4], &a[5],
                          &a[6], &a[7], &a[8], &a[9], &PyType_Type, &glyph))
        return NULL;
    for (int k = 0; k < 10; k++) {
        if (a[k] == 0) {
            PyErr_SetString(PyExc_ValueError, "a PDFium function address is NULL");
            return NULL;
        }
    }
    if (!PyType_IsSubtype((PyTypeObject *)glyph, &PyTuple_Type) ||
        ((PyTypeObject *)glyph)->tp_dictoffset != 0) {
        /* no __dict__: a glyph must hold nothing but its items (see new_glyph) */
        PyErr_SetString(PyExc_TypeError, "Glyph must be a tuple subclass without __dict__");
        return NULL;
    }
    F.box = (box_fn)(uintptr_t)a[0];
    F.origin = (origin_fn)(uintptr_t)a[1];
    F.loose = (loose_fn)(uintptr_t)a[2];
    F.object = (object_fn)(uintptr_t)a[3];
    F.font = (font_fn)(uintptr_t)a[4];
    F.size = (size_fn)(uintptr_t)a[5];
    F.unicode = (unicode_fn)(uintptr_t)a[6];
    F.weight = (weight_fn)(uintptr_t)a[7];
    F.info = (info_fn)(uintptr_t)a[8];
    F.count = (count_fn)(uintptr_t)a[9];
    Py_INCREF(glyph);
    Py_XSETREF(F.glyph, (PyTypeObject *)glyph);
    Py_RETURN_NONE;
}

#include "_rawscan.h"
#include "_inflate.h"

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure((box, origin, loose, object, font, size, unicode, weight, info, count), Glyph)"},
    {"glyphs", glyphs, METH_VARARGS,
     "glyphs(textpage, count, text, drawn_by) -> (content glyphs, glyphs drawn by drawn_by)"},
    {"segments", segments, METH_VARARGS,
     "segments(glyphs, gap_em) -> [(glyphs, text)] as group_lines, or None: not for C"},
    {"bare_loop", bare_loop, METH_VARARGS,
     "bare_loop(textpage) -> characters with a box (CountChars + GetCharBox per character)"},
    {"configure_raw", configure_raw, METH_VARARGS,
     "configure_raw(Ref, Name): the types parse_value builds"},
    {"content_runs", content_runs, METH_VARARGS,
     "content_runs(content) -> [(font name or None, codes)] shown in content order, or None"},
    {"content_text", content_text, METH_VARARGS,
     "content_text(content, fonts) -> the folded text shown (fonts: name -> (two_byte, table)),"
     " or None"},
    {"may_open_part", may_open_part, METH_VARARGS,
     "may_open_part(folded) -> whether the page may open a part (as _pagescan.has_marker)"},
    {"a85decode", a85decode, METH_VARARGS, "a85decode(data) -> bytes, or None if broken"},
    {"inflate_whole", inflate_whole, METH_VARARGS,
     "inflate_whole(data, maximum) -> bytes, or None (libdeflate absent, or not a complete valid"
     " zlib stream inflating to at most min(maximum, 1 MiB))"},
    {"libdeflate_loaded", libdeflate_loaded, METH_NOARGS, "whether libdeflate was found"},
    {"like_pyhanko", like_pyhanko, METH_VARARGS,
     "like_pyhanko(text, value) -> 0 alike, 1 not read alike, 2 parse again for unique keys"},
    {"fold_codes", fold_codes, METH_VARARGS,
     "fold_codes(codes, two_byte, table) -> the codes' folded text, or None if one is unknown"},
    {"parse_object", parse_object, METH_VARARGS,
     "parse_object(window, num, gen) -> (value, stream data offset or -1, value start, value end),"
     " -1 (header) or -2"},
    {"parse_value", parse_value_c, METH_VARARGS,
     "parse_value(data, pos) -> (value, end) as _rawobj.parse_value, or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastchars",
    "The text layer's per-character PDFium loop in C (optional accelerator).", -1, methods,
};

PyMODINIT_FUNC PyInit__fastchars(void) {
    init_classes();
    return PyModule_Create(&module);
}
