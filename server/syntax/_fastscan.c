/* The tokenizer's native fast path (optional; server/syntax/xmltree.py runs without it).
 *
 * scan() consumes, from a position in the body, the tokens that the Python fast path of xmltree._Tokenizer.run takes
 * with one regex match each: a text run up to the next "<" followed by a well-formed start tag whose attributes are
 * all quoted, free of "&" and line breaks, not blank at either end and not repeated, or by the end tag of the
 * innermost open element. (It also takes a start tag with a "<" in a quoted value, which the regex leaves to the
 * careful path, and which that path reads the same way.) It builds exactly the objects the Python code builds (XmlElement, XmlText, Attribute,
 * SourceText), writing their slots directly, and stops at the first token it does not take, leaving it to the Python
 * loop. It never reports a diagnostic: whatever needs one is not taken.
 *
 * tests/syntax/test_fast_paths.py compares this path with the Python fast path and the careful path on every example,
 * every golden case and random and mutated files.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#define MAX_ATTRS 64 /* a longer attribute list goes the Python way (duplicate checks here are quadratic) */

typedef struct {
    PyTypeObject *element, *text, *attribute, *source_text;
    Py_ssize_t el_name, el_anchor, el_start_tag, el_attributes, el_children, el_end_tag, el_end, el_self_closing;
    Py_ssize_t tx_start, tx_end, tx_cdata;
    Py_ssize_t at_name, at_name_range, at_value, at_value_range;
    PyObject *str_at; /* "_at" */
    int ready;
} State;

static State S;

#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

/* Store a new reference in a slot, releasing what was there. */
static inline void
set_slot(PyObject *obj, Py_ssize_t off, PyObject *value)
{
    PyObject *old = SLOT(obj, off);
    SLOT(obj, off) = value;
    Py_XDECREF(old);
}

static inline int
is_ws(Py_UCS4 c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* NameStart and NameChar of LANGUAGE.md section 4.1, as xmlscan._NS and xmlscan._NC. */
static inline int
is_name_start(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0xC0;
}

static inline int
is_name_char(Py_UCS4 c)
{
    return is_name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7;
}

static int
slot_offset(PyTypeObject *type, const char *name, Py_ssize_t *out)
{
    PyObject *descr = PyObject_GetAttrString((PyObject *)type, name);
    if (descr == NULL) {
        return -1;
    }
    if (!Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        PyErr_Format(PyExc_TypeError, "%s.%s is not a slot", type->tp_name, name);
        Py_DECREF(descr);
        return -1;
    }
    PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
    if (member->type != T_OBJECT_EX || (member->flags & READONLY)) {
        PyErr_Format(PyExc_TypeError, "%s.%s is not a writable object slot", type->tp_name, name);
        Py_DECREF(descr);
        return -1;
    }
    *out = member->offset;
    Py_DECREF(descr);
    return 0;
}

static PyObject *
configure(PyObject *module, PyObject *args)
{
    PyTypeObject *element, *text, *attribute, *source_text;
    if (!PyArg_ParseTuple(args, "O!O!O!O!", &PyType_Type, &element, &PyType_Type, &text, &PyType_Type, &attribute,
                          &PyType_Type, &source_text)) {
        return NULL;
    }
    if (!PyType_IsSubtype(source_text, &PyUnicode_Type)) {
        PyErr_SetString(PyExc_TypeError, "SourceText must be a str subclass");
        return NULL;
    }
    State s = {0};
    s.element = element;
    s.text = text;
    s.attribute = attribute;
    s.source_text = source_text;
    if (slot_offset(element, "name", &s.el_name) < 0 || slot_offset(element, "anchor", &s.el_anchor) < 0 ||
        slot_offset(element, "start_tag", &s.el_start_tag) < 0 ||
        slot_offset(element, "attributes", &s.el_attributes) < 0 ||
        slot_offset(element, "children", &s.el_children) < 0 || slot_offset(element, "end_tag", &s.el_end_tag) < 0 ||
        slot_offset(element, "end", &s.el_end) < 0 || slot_offset(element, "self_closing", &s.el_self_closing) < 0 ||
        slot_offset(text, "start", &s.tx_start) < 0 || slot_offset(text, "end", &s.tx_end) < 0 ||
        slot_offset(text, "cdata", &s.tx_cdata) < 0 || slot_offset(attribute, "name", &s.at_name) < 0 ||
        slot_offset(attribute, "name_range", &s.at_name_range) < 0 ||
        slot_offset(attribute, "value", &s.at_value) < 0 ||
        slot_offset(attribute, "value_range", &s.at_value_range) < 0) {
        return NULL;
    }
    s.str_at = PyUnicode_InternFromString("_at");
    if (s.str_at == NULL) {
        return NULL;
    }
    Py_INCREF(element);
    Py_INCREF(text);
    Py_INCREF(attribute);
    Py_INCREF(source_text);
    if (S.ready) {
        Py_DECREF(S.element);
        Py_DECREF(S.text);
        Py_DECREF(S.attribute);
        Py_DECREF(S.source_text);
        Py_DECREF(S.str_at);
    }
    s.ready = 1;
    S = s;
    Py_RETURN_NONE;
}

/* A new instance of a slotted class with every slot empty (no __init__ runs: the caller fills every slot). */
static inline PyObject *
blank(PyTypeObject *type)
{
    return type->tp_alloc(type, 0);
}

static PyObject *
span(Py_ssize_t a, Py_ssize_t b)
{
    PyObject *x = PyLong_FromSsize_t(a);
    PyObject *y = PyLong_FromSsize_t(b);
    PyObject *pair = NULL;
    if (x != NULL && y != NULL) {
        pair = PyTuple_Pack(2, x, y);
    }
    Py_XDECREF(x);
    Py_XDECREF(y);
    return pair;
}

static PyObject *
new_text(Py_ssize_t start, Py_ssize_t end)
{
    PyObject *obj = blank(S.text);
    if (obj == NULL) {
        return NULL;
    }
    PyObject *a = PyLong_FromSsize_t(start);
    PyObject *b = PyLong_FromSsize_t(end);
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(obj);
        return NULL;
    }
    set_slot(obj, S.tx_start, a);
    set_slot(obj, S.tx_end, b);
    set_slot(obj, S.tx_cdata, Py_NewRef(Py_False));
    return obj;
}

/* The text run [start, end) joins the last child when that is a text run ending at start, as TokenizerBase.add_text
 * does; otherwise it becomes a new XmlText. */
static int
add_text(PyObject *children, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t n = PyList_GET_SIZE(children);
    if (n > 0) {
        PyObject *last = PyList_GET_ITEM(children, n - 1);
        if (Py_IS_TYPE(last, S.text) && SLOT(last, S.tx_cdata) == Py_False && SLOT(last, S.tx_end) != NULL) {
            Py_ssize_t last_end = PyLong_AsSsize_t(SLOT(last, S.tx_end));
            if (last_end == -1 && PyErr_Occurred()) {
                return -1;
            }
            if (last_end == start) {
                PyObject *b = PyLong_FromSsize_t(end);
                if (b == NULL) {
                    return -1;
                }
                set_slot(last, S.tx_end, b);
                return 0;
            }
        }
    }
    PyObject *piece = new_text(start, end);
    if (piece == NULL) {
        return -1;
    }
    int rc = PyList_Append(children, piece);
    Py_DECREF(piece);
    return rc;
}

typedef struct {
    Py_ssize_t ns, ne, vs, ve;
} AttrSpan;

static inline int
same_chars(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, Py_ssize_t length)
{
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ(kind, data, a + i) != PyUnicode_READ(kind, data, b + i)) {
            return 0;
        }
    }
    return 1;
}

/* Whether ``name`` (a str) equals text[start:end]. */
static int
name_is(PyObject *name, int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    if (!PyUnicode_Check(name) || PyUnicode_GET_LENGTH(name) != end - start) {
        return 0;
    }
    int nkind = PyUnicode_KIND(name);
    const void *ndata = PyUnicode_DATA(name);
    for (Py_ssize_t i = 0; i < end - start; i++) {
        if (PyUnicode_READ(nkind, ndata, i) != PyUnicode_READ(kind, data, start + i)) {
            return 0;
        }
    }
    return 1;
}

static PyObject *
new_attribute(PyObject *text, const AttrSpan *a)
{
    PyObject *obj = blank(S.attribute);
    if (obj == NULL) {
        return NULL;
    }
    PyObject *name = PyUnicode_Substring(text, a->ns, a->ne);
    PyObject *name_range = span(a->ns, a->ne);
    PyObject *raw = PyUnicode_Substring(text, a->vs, a->ve);
    PyObject *value_range = span(a->vs, a->ve);
    PyObject *value = NULL;
    if (raw != NULL) {
        PyObject *args = PyTuple_Pack(1, raw);
        if (args != NULL) {
            value = PyUnicode_Type.tp_new(S.source_text, args, NULL); /* str.__new__(SourceText, raw) */
            Py_DECREF(args);
        }
        Py_DECREF(raw);
    }
    if (value != NULL) {
        PyObject *at = PyLong_FromSsize_t(a->vs);
        if (at == NULL || PyObject_SetAttr(value, S.str_at, at) < 0) {
            Py_CLEAR(value);
        }
        Py_XDECREF(at);
    }
    if (name == NULL || name_range == NULL || value == NULL || value_range == NULL) {
        Py_XDECREF(name);
        Py_XDECREF(name_range);
        Py_XDECREF(value);
        Py_XDECREF(value_range);
        Py_DECREF(obj);
        return NULL;
    }
    set_slot(obj, S.at_name, name);
    set_slot(obj, S.at_name_range, name_range);
    set_slot(obj, S.at_value, value);
    set_slot(obj, S.at_value_range, value_range);
    return obj;
}

/* Parse the start tag at lt ("<" + NameStart). Returns the offset after it, or -1 when the Python loop must take it.
 */
static Py_ssize_t
read_start_tag(int kind, const void *data, Py_ssize_t lt, Py_ssize_t end, Py_ssize_t *name_end, AttrSpan *attrs,
               int *count, int *self_closing)
{
    Py_ssize_t p = lt + 2;
    while (p < end && is_name_char(PyUnicode_READ(kind, data, p))) {
        p++;
    }
    *name_end = p;
    int n = 0;
    for (;;) {
        Py_ssize_t q = p;
        while (q < end && is_ws(PyUnicode_READ(kind, data, q))) {
            q++;
        }
        if (q >= end) {
            return -1;
        }
        Py_UCS4 c = PyUnicode_READ(kind, data, q);
        if (q > p && is_name_start(c)) {
            if (n == MAX_ATTRS) {
                return -1;
            }
            AttrSpan *a = &attrs[n];
            a->ns = q;
            q++;
            while (q < end && is_name_char(PyUnicode_READ(kind, data, q))) {
                q++;
            }
            a->ne = q;
            while (q < end && is_ws(PyUnicode_READ(kind, data, q))) {
                q++;
            }
            if (q >= end || PyUnicode_READ(kind, data, q) != '=') {
                return -1;
            }
            q++;
            while (q < end && is_ws(PyUnicode_READ(kind, data, q))) {
                q++;
            }
            if (q >= end) {
                return -1;
            }
            Py_UCS4 quote = PyUnicode_READ(kind, data, q);
            if (quote != '"' && quote != '\'') {
                return -1;
            }
            q++;
            a->vs = q;
            for (;;) {
                if (q >= end) {
                    return -1;
                }
                Py_UCS4 ch = PyUnicode_READ(kind, data, q);
                if (ch == quote) {
                    break;
                }
                /* A "<" is allowed in a value (LANGUAGE.md section 4.3), and with the closing quote on the same line
                 * the careful path reads such a value exactly like this; line breaks and references go the Python way. */
                if (ch == '\r' || ch == '\n' || ch == '&') {
                    return -1;
                }
                q++;
            }
            a->ve = q;
            if (a->ve > a->vs &&
                (is_ws(PyUnicode_READ(kind, data, a->vs)) || is_ws(PyUnicode_READ(kind, data, a->ve - 1)))) {
                return -1; /* trimmed: the Python loop builds the trimmed value */
            }
            Py_ssize_t length = a->ne - a->ns;
            for (int k = 0; k < n; k++) {
                if (attrs[k].ne - attrs[k].ns == length && same_chars(kind, data, attrs[k].ns, a->ns, length)) {
                    return -1; /* a duplicate is reported by the Python loop */
                }
            }
            n++;
            p = q + 1;
            continue;
        }
        *count = n;
        if (c == '>') {
            *self_closing = 0;
            return q + 1;
        }
        if (c == '/' && q + 1 < end && PyUnicode_READ(kind, data, q + 1) == '>') {
            *self_closing = 1;
            return q + 2;
        }
        return -1;
    }
}

/* A new XmlElement for the start tag [lt, tag_end) read by read_start_tag. */
static PyObject *
make_element(PyObject *text, Py_ssize_t lt, Py_ssize_t name_end, Py_ssize_t tag_end, const AttrSpan *attrs, int count,
             int self_closing)
{
    PyObject *attr_tuple = PyTuple_New(count);
    if (attr_tuple == NULL) {
        return NULL;
    }
    for (int k = 0; k < count; k++) {
        PyObject *attribute = new_attribute(text, &attrs[k]);
        if (attribute == NULL) {
            Py_DECREF(attr_tuple);
            return NULL;
        }
        PyTuple_SET_ITEM(attr_tuple, k, attribute);
    }
    PyObject *element = blank(S.element);
    PyObject *name = PyUnicode_Substring(text, lt + 1, name_end);
    PyObject *anchor = span(lt, name_end);
    PyObject *start_tag = span(lt, tag_end);
    PyObject *kids = PyList_New(0);
    PyObject *stop = PyLong_FromSsize_t(tag_end);
    if (element == NULL || name == NULL || anchor == NULL || start_tag == NULL || kids == NULL || stop == NULL) {
        Py_XDECREF(element);
        Py_XDECREF(name);
        Py_XDECREF(anchor);
        Py_XDECREF(start_tag);
        Py_XDECREF(kids);
        Py_XDECREF(stop);
        Py_DECREF(attr_tuple);
        return NULL;
    }
    set_slot(element, S.el_name, name);
    set_slot(element, S.el_anchor, anchor);
    set_slot(element, S.el_start_tag, start_tag);
    set_slot(element, S.el_attributes, attr_tuple);
    set_slot(element, S.el_children, kids);
    set_slot(element, S.el_end_tag, Py_NewRef(Py_None));
    set_slot(element, S.el_end, stop);
    set_slot(element, S.el_self_closing, Py_NewRef(self_closing ? Py_True : Py_False));
    return element;
}

/* What every entry point checks first: configure() was called, args[0] is a str and args[1], args[2] are offsets.
 * Stores them in *from and *end (end no further than the text); returns -1 with an exception set otherwise. */
static int
entry_offsets(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t expected, const char *usage, Py_ssize_t *from,
              Py_ssize_t *end)
{
    if (nargs != expected || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, usage);
        return -1;
    }
    if (!S.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_fastscan.configure() was not called");
        return -1;
    }
    *from = PyLong_AsSsize_t(args[1]);
    *end = PyLong_AsSsize_t(args[2]);
    if ((*from == -1 || *end == -1) && PyErr_Occurred()) {
        return -1;
    }
    if (*end > PyUnicode_GET_LENGTH(args[0])) {
        *end = PyUnicode_GET_LENGTH(args[0]);
    }
    return 0;
}

/* start_tag(text, lt, end) -> the XmlElement of the start tag at lt (not attached anywhere), or None when the Python
 * code must read it. */
static PyObject *
start_tag(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t lt, end;
    if (entry_offsets(args, nargs, 3, "start_tag(text: str, lt: int, end: int)", &lt, &end) < 0) {
        return NULL;
    }
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (lt < 0 || lt + 1 >= end || PyUnicode_READ(kind, data, lt) != '<' ||
        !is_name_start(PyUnicode_READ(kind, data, lt + 1))) {
        Py_RETURN_NONE;
    }
    AttrSpan attrs[MAX_ATTRS];
    Py_ssize_t name_end;
    int count = 0;
    int self_closing = 0;
    Py_ssize_t tag_end = read_start_tag(kind, data, lt, end, &name_end, attrs, &count, &self_closing);
    if (tag_end < 0) {
        Py_RETURN_NONE;
    }
    return make_element(text, lt, name_end, tag_end, attrs, count, self_closing);
}

static int
bump(PyObject *open_names, PyObject *name, long delta)
{
    PyObject *current = PyDict_GetItemWithError(open_names, name);
    long value = 0;
    if (current != NULL) {
        value = PyLong_AsLong(current);
        if (value == -1 && PyErr_Occurred()) {
            return -1;
        }
    }
    else if (PyErr_Occurred()) {
        return -1;
    }
    PyObject *updated = PyLong_FromLong(value + delta);
    if (updated == NULL) {
        return -1;
    }
    int rc = PyDict_SetItem(open_names, name, updated);
    Py_DECREF(updated);
    return rc;
}

/* The main loop: from pos, the tokens the Python loop takes with one regex match each, as long as an element is open.
 * Returns the offset of the first token not taken, or -1 with an exception set. */
static Py_ssize_t
scan_loop(PyObject *text, Py_ssize_t pos, Py_ssize_t end, PyObject *stack, PyObject *open_names)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    AttrSpan attrs[MAX_ATTRS];

    while (pos < end && PyList_GET_SIZE(stack) > 0) {
        PyObject *top = PyList_GET_ITEM(stack, PyList_GET_SIZE(stack) - 1);
        if (!Py_IS_TYPE(top, S.element)) {
            break;
        }
        PyObject *children = SLOT(top, S.el_children);
        if (children == NULL || !PyList_CheckExact(children)) {
            break;
        }
        Py_ssize_t lt = pos;
        while (lt < end && PyUnicode_READ(kind, data, lt) != '<') {
            lt++;
        }
        if (lt + 1 >= end) {
            break; /* trailing text, or a "<" at the end: the Python loop */
        }
        Py_UCS4 next = PyUnicode_READ(kind, data, lt + 1);
        if (next == '/') {
            /* the end tag of the innermost element */
            Py_ssize_t ns = lt + 2;
            if (ns >= end || !is_name_start(PyUnicode_READ(kind, data, ns))) {
                break;
            }
            Py_ssize_t p = ns + 1;
            while (p < end && is_name_char(PyUnicode_READ(kind, data, p))) {
                p++;
            }
            Py_ssize_t ne = p;
            while (p < end && is_ws(PyUnicode_READ(kind, data, p))) {
                p++;
            }
            if (p >= end || PyUnicode_READ(kind, data, p) != '>') {
                break;
            }
            p++;
            PyObject *name = SLOT(top, S.el_name);
            if (name == NULL || !name_is(name, kind, data, ns, ne)) {
                break; /* closes an outer element, or nothing open: the Python loop reports or recovers */
            }
            if (lt > pos && add_text(children, pos, lt) < 0) {
                return -1;
            }
            PyObject *end_tag = span(lt, p);
            PyObject *stop = PyLong_FromSsize_t(p);
            if (end_tag == NULL || stop == NULL) {
                Py_XDECREF(end_tag);
                Py_XDECREF(stop);
                return -1;
            }
            Py_INCREF(top);
            if (PyList_SetSlice(stack, PyList_GET_SIZE(stack) - 1, PyList_GET_SIZE(stack), NULL) < 0 ||
                bump(open_names, name, -1) < 0) {
                Py_DECREF(top);
                Py_DECREF(end_tag);
                Py_DECREF(stop);
                return -1;
            }
            set_slot(top, S.el_end_tag, end_tag);
            set_slot(top, S.el_end, stop);
            Py_DECREF(top);
            pos = p;
            continue;
        }
        if (!is_name_start(next)) {
            break;
        }
        Py_ssize_t name_end;
        int count = 0;
        int self_closing = 0;
        Py_ssize_t tag_end = read_start_tag(kind, data, lt, end, &name_end, attrs, &count, &self_closing);
        if (tag_end < 0) {
            break;
        }
        if (lt > pos && add_text(children, pos, lt) < 0) {
            return -1;
        }
        PyObject *element = make_element(text, lt, name_end, tag_end, attrs, count, self_closing);
        if (element == NULL) {
            return -1;
        }
        PyObject *name = SLOT(element, S.el_name);
        int rc = PyList_Append(children, element);
        if (rc == 0 && !self_closing) {
            rc = PyList_Append(stack, element);
            if (rc == 0) {
                rc = bump(open_names, name, 1);
            }
        }
        Py_DECREF(element);
        if (rc < 0) {
            return -1;
        }
        pos = tag_end;
    }
    return pos;
}

/* scan(text, pos, end, stack, open_names) -> the offset of the first token not taken. */
static PyObject *
scan(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "scan(text: str, pos: int, end: int, stack: list, open_names: dict)";
    Py_ssize_t pos, end;
    if (entry_offsets(args, nargs, 5, usage, &pos, &end) < 0) {
        return NULL;
    }
    if (!PyList_CheckExact(args[3]) || !PyDict_CheckExact(args[4])) {
        PyErr_SetString(PyExc_TypeError, usage);
        return NULL;
    }
    if (pos < 0) {
        pos = 0;
    }
    pos = scan_loop(args[0], pos, end, args[3], args[4]);
    return pos < 0 ? NULL : PyLong_FromSsize_t(pos);
}

/* body(text, start, end) -> (root, pos, stack, open_names), or None.
 *
 * The common body: blanks, then a <workflow> start tag the fast path takes, then the main loop. None when anything
 * else comes first (the Python tokenizer then reads the whole body). Otherwise the root with what scan_loop left: an
 * empty stack when the root was closed (pos is then the end of its end tag) or self-closing (the end of its tag). */
static PyObject *
body(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t p, end;
    if (entry_offsets(args, nargs, 3, "body(text: str, start: int, end: int)", &p, &end) < 0) {
        return NULL;
    }
    PyObject *text = args[0];
    if (p < 0) {
        p = 0;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (p < end && is_ws(PyUnicode_READ(kind, data, p))) {
        p++;
    }
    static const char root_name[] = "<workflow";
    if (end - p < 10) {
        Py_RETURN_NONE;
    }
    for (int i = 0; i < 9; i++) {
        if (PyUnicode_READ(kind, data, p + i) != (Py_UCS4)root_name[i]) {
            Py_RETURN_NONE;
        }
    }
    Py_UCS4 after = PyUnicode_READ(kind, data, p + 9);
    if (!(is_ws(after) || after == '>' || after == '/')) {
        Py_RETURN_NONE;
    }
    AttrSpan attrs[MAX_ATTRS];
    Py_ssize_t name_end;
    int count = 0;
    int self_closing = 0;
    Py_ssize_t tag_end = read_start_tag(kind, data, p, end, &name_end, attrs, &count, &self_closing);
    if (tag_end < 0) {
        Py_RETURN_NONE;
    }
    PyObject *root = make_element(text, p, name_end, tag_end, attrs, count, self_closing);
    if (root == NULL) {
        return NULL;
    }
    PyObject *stack = PyList_New(0);
    PyObject *open_names = PyDict_New();
    Py_ssize_t pos = tag_end;
    if (stack == NULL || open_names == NULL) {
        goto error;
    }
    if (!self_closing) {
        if (PyList_Append(stack, root) < 0 || bump(open_names, SLOT(root, S.el_name), 1) < 0) {
            goto error;
        }
        pos = scan_loop(text, tag_end, end, stack, open_names);
        if (pos < 0) {
            goto error;
        }
    }
    PyObject *result = Py_BuildValue("(NnNN)", root, pos, stack, open_names);
    return result;

error:
    Py_DECREF(root);
    Py_XDECREF(stack);
    Py_XDECREF(open_names);
    return NULL;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(XmlElement, XmlText, Attribute, SourceText): the classes whose slots scan() fills."},
    {"start_tag", (PyCFunction)(void (*)(void))start_tag, METH_FASTCALL,
     "start_tag(text, lt, end) -> the XmlElement of the start tag at lt, or None when the Python code must read it."},
    {"body", (PyCFunction)(void (*)(void))body, METH_FASTCALL,
     "body(text, start, end) -> (root, pos, stack, open_names) for a body that starts with a plain <workflow> tag, "
     "else None."},
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(text, pos, end, stack, open_names) -> offset of the first token left to the Python loop."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "server.syntax._fastscan", "The tokenizer's native fast path.", -1, methods,
};

/* What server/syntax/xmltree.py expects (a stale build in a working tree is then left unused). */
#define FASTSCAN_VERSION 4

PyMODINIT_FUNC
PyInit__fastscan(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module != NULL && PyModule_AddIntConstant(module, "VERSION", FASTSCAN_VERSION) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
