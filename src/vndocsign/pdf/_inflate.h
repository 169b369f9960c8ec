/* inflate_whole: libdeflate, loaded with dlopen when the system has it (issue 17).
 *
 * The same fast path as vndocsign/pdf/_inflate.py's ctypes one, without ctypes' cost per call
 * (~3-4 us: as much as libdeflate itself on a LibreOffice page's content). libdeflate is not
 * linked: no header or link flag is needed to build, and a system without it gets None (the
 * caller uses zlib). The answer is exact by construction: bytes only for one complete zlib
 * stream whose Adler-32 checks, inflated into at most min(maximum, MAX_OUTPUT) bytes; None
 * otherwise. The decompressor is used under the GIL only. */

#include <dlfcn.h>

#define INFLATE_MAX_OUTPUT (1 << 20)
#define LD_SUCCESS 0
#define LD_INSUFFICIENT_SPACE 3

typedef void *(*ld_alloc_fn)(void);
typedef int (*ld_zlib_fn)(void *, const void *, size_t, void *, size_t, size_t *);

static int ld_tried = 0;
static ld_zlib_fn ld_zlib = NULL;
static void *ld_decompressor = NULL;

static int ld_load(void) {
    static const char *const names[] = {"libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib",
                                        "libdeflate.dylib", NULL};
    if (ld_tried) return ld_zlib != NULL;
    ld_tried = 1;
    const char *off = getenv("VNDOCSIGN_NO_LIBDEFLATE");
    if (off != NULL && off[0] != '\0' && strcmp(off, "0") != 0) return 0;
    for (int k = 0; names[k] != NULL; k++) {
        void *lib = dlopen(names[k], RTLD_NOW | RTLD_LOCAL);
        if (lib == NULL) continue;
        ld_alloc_fn alloc = (ld_alloc_fn)dlsym(lib, "libdeflate_alloc_decompressor");
        ld_zlib_fn zlib = (ld_zlib_fn)dlsym(lib, "libdeflate_zlib_decompress");
        void *decompressor = (alloc != NULL && zlib != NULL) ? alloc() : NULL;
        if (decompressor == NULL) {
            dlclose(lib);
            continue;
        }
        ld_decompressor = decompressor; /* kept, with the library, for the process */
        ld_zlib = zlib;
        return 1;
    }
    return 0;
}

static PyObject *libdeflate_loaded(PyObject *self, PyObject *args) {
    return PyBool_FromLong(ld_load());
}

static PyObject *inflate_whole(PyObject *self, PyObject *args) {
    Py_buffer view;
    Py_ssize_t maximum;
    if (!PyArg_ParseTuple(args, "y*n", &view, &maximum)) return NULL;
    size_t most = maximum < 0 ? 0 : (size_t)maximum;
    if (most > INFLATE_MAX_OUTPUT) most = INFLATE_MAX_OUTPUT;
    /* content compresses 4-10x: start at 16x (64 KB at least), once more at the most */
    size_t capacity = (size_t)view.len > (SIZE_MAX >> 5) ? most : 16 * (size_t)view.len;
    if (capacity < (1 << 16)) capacity = 1 << 16;
    if (maximum >= 0 && ld_load()) {
        for (;;) {
            if (capacity > most) capacity = most;
            /* inflated straight into the bytes object, then shrunk to size (realloc in
             * place): no copy of the output (~4 us on a Word page's 37 KB) */
            PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)capacity);
            if (out == NULL) {
                PyBuffer_Release(&view);
                return NULL;
            }
            size_t got = 0;
            int rc = ld_zlib(ld_decompressor, view.buf, (size_t)view.len, PyBytes_AS_STRING(out),
                             capacity, &got);
            if (rc == LD_SUCCESS) {
                PyBuffer_Release(&view);
                if (got != capacity && _PyBytes_Resize(&out, (Py_ssize_t)got) < 0) return NULL;
                return out;
            }
            Py_DECREF(out);
            if (rc != LD_INSUFFICIENT_SPACE || capacity >= most) break;
            capacity = most; /* one retry at the most this path inflates */
        }
    }
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}
