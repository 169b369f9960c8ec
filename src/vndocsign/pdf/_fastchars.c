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
#include <Python.h>
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
    /* Untracked by the cycle collector, as CPython untracks a tuple of atoms at its first
     * collection (_PyTuple_MaybeUntrack): a glyph holds only a str, floats, bools, None and
     * untracked tuples of floats, so it cannot be part of a cycle. Tracked, the thousands of
     * glyphs of a page made the collector's passes cost four times the loop itself. */
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
    if (!PyType_IsSubtype((PyTypeObject *)glyph, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "Glyph must be a tuple subclass");
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

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure((box, origin, loose, object, font, size, unicode, weight, info, count), Glyph)"},
    {"glyphs", glyphs, METH_VARARGS,
     "glyphs(textpage, count, text, drawn_by) -> (content glyphs, glyphs drawn by drawn_by)"},
    {"bare_loop", bare_loop, METH_VARARGS,
     "bare_loop(textpage) -> characters with a box (CountChars + GetCharBox per character)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastchars",
    "The text layer's per-character PDFium loop in C (optional accelerator).", -1, methods,
};

PyMODINIT_FUNC PyInit__fastchars(void) { return PyModule_Create(&module); }
