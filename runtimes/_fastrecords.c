/* The native __init__ of immutable records (optional; runtimes/records.py runs without it).
 *
 * A frozen record's fields are slots that its class refuses to assign, so the generated Python __init__ stores each
 * field through the slot descriptor, one call per field. RecordInit does the same work in one call: it binds the
 * positional and keyword arguments to the fields, fills in defaults and default factories, and writes the slots
 * directly. It is a method descriptor, so type.__call__ passes the new instance as the first argument without
 * creating a bound method.
 *
 * tests/runtimes/test_records.py checks that both __init__s accept and refuse the same calls and build equal records.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#define MAX_FIELDS 64

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyTypeObject *cls;
    PyObject *names;     /* tuple of str */
    PyObject *defaults;  /* tuple: the default, or `missing` */
    PyObject *factories; /* tuple: a callable, or None */
    PyObject *missing;
    Py_ssize_t count;
    Py_ssize_t offsets[MAX_FIELDS];
} RecordInit;

static PyTypeObject RecordInit_Type;

#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

static Py_ssize_t
find_name(RecordInit *init, PyObject *key)
{
    for (Py_ssize_t i = 0; i < init->count; i++) {
        if (PyTuple_GET_ITEM(init->names, i) == key) {
            return i;
        }
    }
    for (Py_ssize_t i = 0; i < init->count; i++) {
        int eq = PyUnicode_Compare(PyTuple_GET_ITEM(init->names, i), key);
        if (eq == 0) {
            return i;
        }
        if (eq == -1 && PyErr_Occurred()) {
            return -2;
        }
    }
    return -1;
}

static PyObject *
record_init_call(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    RecordInit *init = (RecordInit *)callable;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    const char *name = init->cls->tp_name;
    if (nargs < 1 || !PyObject_TypeCheck(args[0], init->cls)) {
        PyErr_Format(PyExc_TypeError, "%s.__init__ needs a %s instance", name, name);
        return NULL;
    }
    PyObject *self = args[0];
    Py_ssize_t positional = nargs - 1;
    Py_ssize_t count = init->count;
    if (positional > count) {
        PyErr_Format(PyExc_TypeError, "%s.__init__() takes %zd positional arguments but %zd were given", name,
                     count + 1, nargs);
        return NULL;
    }
    PyObject *values[MAX_FIELDS];
    unsigned char owned[MAX_FIELDS];
    for (Py_ssize_t i = 0; i < count; i++) {
        values[i] = i < positional ? args[1 + i] : NULL;
        owned[i] = 0;
    }
    Py_ssize_t keywords = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < keywords; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        Py_ssize_t i = find_name(init, key);
        if (i == -2) {
            return NULL;
        }
        if (i < 0) {
            PyErr_Format(PyExc_TypeError, "%s.__init__() got an unexpected keyword argument '%U'", name, key);
            return NULL;
        }
        if (values[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s.__init__() got multiple values for argument '%U'", name, key);
            return NULL;
        }
        values[i] = args[nargs + k];
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if (values[i] != NULL) {
            continue;
        }
        PyObject *fallback = PyTuple_GET_ITEM(init->defaults, i);
        if (fallback != init->missing) {
            values[i] = fallback;
            continue;
        }
        PyObject *factory = PyTuple_GET_ITEM(init->factories, i);
        if (factory != Py_None) {
            values[i] = PyObject_CallNoArgs(factory);
            if (values[i] == NULL) {
                goto error;
            }
            owned[i] = 1;
            continue;
        }
        PyErr_Format(PyExc_TypeError, "%s.__init__() missing required argument: '%U'", name,
                     PyTuple_GET_ITEM(init->names, i));
        goto error;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject **slot = &SLOT(self, init->offsets[i]);
        PyObject *old = *slot;
        *slot = owned[i] ? values[i] : Py_NewRef(values[i]);
        Py_XDECREF(old);
    }
    Py_RETURN_NONE;

error:
    for (Py_ssize_t i = 0; i < count; i++) {
        if (owned[i]) {
            Py_DECREF(values[i]);
        }
    }
    return NULL;
}

static int
slot_offset(PyTypeObject *type, PyObject *name, Py_ssize_t *out)
{
    PyObject *descr = PyObject_GetAttr((PyObject *)type, name);
    if (descr == NULL) {
        return -1;
    }
    int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
             ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX &&
             !(((PyMemberDescrObject *)descr)->d_member->flags & READONLY);
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s.%U is not a writable object slot", type->tp_name, name);
        Py_DECREF(descr);
        return -1;
    }
    *out = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    return 0;
}

/* record_init(cls, names, defaults, factories, missing) */
static PyObject *
record_init_new(PyObject *module, PyObject *args)
{
    PyTypeObject *cls;
    PyObject *names, *defaults, *factories, *missing;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O", &PyType_Type, &cls, &PyTuple_Type, &names, &PyTuple_Type, &defaults,
                          &PyTuple_Type, &factories, &missing)) {
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(names);
    if (count > MAX_FIELDS || PyTuple_GET_SIZE(defaults) != count || PyTuple_GET_SIZE(factories) != count) {
        PyErr_SetString(PyExc_ValueError, "record_init: at most 64 fields, and one default and factory per field");
        return NULL;
    }
    RecordInit *init = PyObject_GC_New(RecordInit, &RecordInit_Type);
    if (init == NULL) {
        return NULL;
    }
    init->vectorcall = record_init_call;
    init->cls = (PyTypeObject *)Py_NewRef(cls);
    init->names = Py_NewRef(names);
    init->defaults = Py_NewRef(defaults);
    init->factories = Py_NewRef(factories);
    init->missing = Py_NewRef(missing);
    init->count = count;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *field = PyTuple_GET_ITEM(names, i);
        if (!PyUnicode_Check(field) || slot_offset(cls, field, &init->offsets[i]) < 0) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "record_init: field names must be str");
            }
            init->count = 0;
            Py_DECREF(init);
            return NULL;
        }
    }
    PyObject_GC_Track(init);
    return (PyObject *)init;
}

static int
record_init_traverse(RecordInit *init, visitproc visit, void *arg)
{
    Py_VISIT(init->cls);
    Py_VISIT(init->names);
    Py_VISIT(init->defaults);
    Py_VISIT(init->factories);
    Py_VISIT(init->missing);
    return 0;
}

static int
record_init_clear(RecordInit *init)
{
    Py_CLEAR(init->cls);
    Py_CLEAR(init->names);
    Py_CLEAR(init->defaults);
    Py_CLEAR(init->factories);
    Py_CLEAR(init->missing);
    return 0;
}

static void
record_init_dealloc(RecordInit *init)
{
    PyObject_GC_UnTrack(init);
    record_init_clear(init);
    PyObject_GC_Del(init);
}

static PyObject *
record_init_get(PyObject *init, PyObject *obj, PyObject *type)
{
    if (obj == NULL) {
        return Py_NewRef(init);
    }
    return PyMethod_New(init, obj);
}

static PyObject *
record_init_repr(RecordInit *init)
{
    return PyUnicode_FromFormat("<native __init__ of %s>", init->cls != NULL ? init->cls->tp_name : "?");
}

static PyObject *
record_init_name(PyObject *init, void *closure)
{
    return PyUnicode_FromString("__init__");
}

static PyGetSetDef record_init_getset[] = {
    {"__name__", record_init_name, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject RecordInit_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "runtimes._fastrecords.RecordInit",
    .tp_basicsize = sizeof(RecordInit),
    .tp_dealloc = (destructor)record_init_dealloc,
    .tp_vectorcall_offset = offsetof(RecordInit, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_repr = (reprfunc)record_init_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_traverse = (traverseproc)record_init_traverse,
    .tp_clear = (inquiry)record_init_clear,
    .tp_descr_get = record_init_get,
    .tp_getset = record_init_getset,
};

static PyMethodDef methods[] = {
    {"record_init", record_init_new, METH_VARARGS,
     "record_init(cls, names, defaults, factories, missing): a native __init__ that fills the slots `names` of "
     "`cls`; defaults[i] is `missing` when field i has none, factories[i] None when it has no default factory."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "runtimes._fastrecords", "The native __init__ of immutable records.", -1, methods,
};

/* What runtimes/records.py expects (a stale build in a working tree is then left unused). */
#define FASTRECORDS_VERSION 1

PyMODINIT_FUNC
PyInit__fastrecords(void)
{
    if (PyType_Ready(&RecordInit_Type) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&module_def);
    if (module != NULL && PyModule_AddIntConstant(module, "VERSION", FASTRECORDS_VERSION) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
