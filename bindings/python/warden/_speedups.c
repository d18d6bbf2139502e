/*
 * _speedups: the Python SDK's hot path in C. check(handle, action, at) calls libwarden's
 * wd_engine_check_into through a function pointer handed over once by _native.py (from ctypes),
 * so this module links nothing and libwarden is loaded exactly once. check_action(handle, type,
 * target, params, context, agent, at) also writes the action's JSON itself, in place of
 * json.dumps. Both return the Decision (its class handed over once by bind_decision; before that,
 * the decision JSON as str), or None for anything unusual (an error
 * status, a decision larger than the buffer, a NUL or unencodable character in the action, a
 * value check_action does not write itself): the Python path then redoes the call and raises the
 * precise error. Checker(handle, kind, fallback) wraps one engine's check_json or check as a
 * single C call (see below). Optional: without it the SDK works the same, slower.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef int32_t (*check_into_fn)(void *, const char *, int64_t, char *, size_t, size_t *, char **);

static check_into_fn check_into = NULL;
/* Used only while holding the GIL, so one buffer serves every thread. */
static char buffer[16384];

static PyObject *bind(PyObject *self, PyObject *arg) {
    (void)self;
    unsigned long long address = PyLong_AsUnsignedLongLong(arg);
    if (PyErr_Occurred()) return NULL;
    check_into = (check_into_fn)(uintptr_t)address;
    Py_RETURN_NONE;
}

/* The Decision class (bind_decision) and its six __slots__, in the order new_decision fills
 * them: their names (interned), and where each lies in the object when its descriptor is a plain
 * object slot (0 when it is not: then it is set through setattr). The three outcomes are
 * interned so that a decision's `decision` is shared, not made. */
static PyTypeObject *decision_type = NULL;
enum { SLOT_JSON, SLOT_DECISION, SLOT_RAW, SLOT_DECISION_ID, SLOT_APPROVAL_ID, SLOT_APPROVAL_EXPIRES_AT, SLOTS };
static const char *const slot_names[SLOTS] = {"json", "decision", "_raw", "decision_id", "approval_id", "approval_expires_at"};
static PyObject *slot_name_objects[SLOTS];
static Py_ssize_t slot_offsets[SLOTS];
static PyObject *outcomes[3];
static const char *const outcome_names[3] = {"allow", "deny", "require_approval"};

static PyObject *bind_decision(PyObject *self, PyObject *arg) {
    (void)self;
    if (!PyType_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "bind_decision(Decision class)");
        return NULL;
    }
    for (int i = 0; i < 3; i++) {
        if (!outcomes[i] && !(outcomes[i] = PyUnicode_InternFromString(outcome_names[i]))) return NULL;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (!slot_name_objects[i] && !(slot_name_objects[i] = PyUnicode_InternFromString(slot_names[i]))) return NULL;
        PyObject *descr = PyObject_GetAttr(arg, slot_name_objects[i]);
        if (!descr) {
            if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return NULL;
            PyErr_Clear(); /* not a slot: an instance attribute */
        }
        PyMemberDef *member = descr && Py_IS_TYPE(descr, &PyMemberDescr_Type) ? ((PyMemberDescrObject *)descr)->d_member : NULL;
        slot_offsets[i] = member && member->type == T_OBJECT_EX && !(member->flags & READONLY) ? member->offset : 0;
        Py_XDECREF(descr);
    }
    Py_INCREF(arg);
    Py_XSETREF(decision_type, (PyTypeObject *)arg);
    Py_RETURN_NONE;
}

/* Stores value (a new reference is taken) in a slot of a Decision fresh from tp_alloc. */
static int set_slot(PyObject *d, int slot, PyObject *value) {
    if (!slot_offsets[slot]) return PyObject_SetAttr(d, slot_name_objects[slot], value);
    Py_INCREF(value);
    *(PyObject **)((char *)d + slot_offsets[slot]) = value; /* empty after tp_alloc: nothing to release */
    return 0;
}

/* The engine handle as a number. An engine's handle is one int object that it passes on every
 * check, and a handle this large takes ~200 instructions to convert: the last one is kept, with
 * a reference held so that the object cannot be freed and another int take its address (ints
 * are immutable, so the same object is the same number). */
static PyObject *last_handle = NULL;
static unsigned long long last_handle_value = 0;

static int handle_arg(PyObject *arg, unsigned long long *out) {
    if (arg == last_handle) {
        *out = last_handle_value;
        return 0;
    }
    unsigned long long value = PyLong_AsUnsignedLongLong(arg);
    if (PyErr_Occurred()) return -1;
    Py_INCREF(arg);
    Py_XSETREF(last_handle, arg);
    last_handle_value = value;
    *out = value;
    return 0;
}

#define DECISION_PREFIX "{\"decision\":\""

/* A Decision for the decision JSON in bytes, as Decision(text) makes it, without running its
 * __init__ (which took longer than the check itself): the outcome comes from the text's fixed
 * prefix, every other slot is None. Text that does not start with a known outcome goes through
 * Decision(text). */
static PyObject *new_decision(const char *bytes, size_t length) {
    PyObject *json = PyUnicode_DecodeUTF8(bytes, (Py_ssize_t)length, "strict");
    if (!json || !decision_type) return json;
    PyObject *outcome = NULL;
    size_t p = sizeof DECISION_PREFIX - 1;
    if (length > p && memcmp(bytes, DECISION_PREFIX, p) == 0) {
        for (int i = 0; i < 3 && !outcome; i++) {
            size_t n = strlen(outcome_names[i]);
            if (length > p + n && memcmp(bytes + p, outcome_names[i], n) == 0 && bytes[p + n] == '"') outcome = outcomes[i];
        }
    }
    PyObject *d = outcome ? decision_type->tp_alloc(decision_type, 0) : PyObject_CallOneArg((PyObject *)decision_type, json);
    if (d && outcome &&
        (set_slot(d, SLOT_JSON, json) || set_slot(d, SLOT_DECISION, outcome) || set_slot(d, SLOT_RAW, Py_None) ||
         set_slot(d, SLOT_DECISION_ID, Py_None) || set_slot(d, SLOT_APPROVAL_ID, Py_None) ||
         set_slot(d, SLOT_APPROVAL_EXPIRES_AT, Py_None))) {
        Py_CLEAR(d);
    }
    Py_DECREF(json);
    return d;
}

/* The decision for `action` (NUL-terminated JSON) as a Decision (as str before bind_decision),
 * or None for anything but an OK answer that fits `buffer`. */
static PyObject *decide(unsigned long long handle, const char *action, long long at) {
    size_t length = 0;
    if (check_into((void *)(uintptr_t)handle, action, (int64_t)at, buffer, sizeof buffer, &length, NULL) != 0) Py_RETURN_NONE;
    return new_decision(buffer, length);
}

/* The decision for an action given as a str, or None when it is not one or holds a NUL or a
 * character UTF-8 cannot encode. */
static PyObject *decide_text(unsigned long long handle, PyObject *action_json, long long at) {
    if (!PyUnicode_Check(action_json)) Py_RETURN_NONE;
    Py_ssize_t size = 0;
    const char *action = PyUnicode_AsUTF8AndSize(action_json, &size);
    if (!action) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if ((Py_ssize_t)strlen(action) != size) Py_RETURN_NONE;
    return decide(handle, action, at);
}

static PyObject *check(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 3 || !check_into) {
        PyErr_SetString(PyExc_TypeError, "check(handle, action, at) after bind()");
        return NULL;
    }
    unsigned long long handle = 0;
    if (handle_arg(args[0], &handle) != 0) return NULL;
    long long at = PyLong_AsLongLong(args[2]);
    if (at == -1 && PyErr_Occurred()) return NULL;
    return decide_text(handle, args[1], at);
}

/* The action's JSON, written by check_action. Used only while holding the GIL, like `buffer`. */
static char *text = NULL;
static size_t text_length = 0, text_capacity = 0;

/* Beyond this nesting, json.dumps and the engine give the answer (an error) on the Python path. */
#define MAX_DEPTH 64

enum { WRITTEN = 0, UNSUPPORTED = 1 };

static int reserve(size_t more) {
    if (text_length + more <= text_capacity) return WRITTEN;
    size_t capacity = text_capacity ? text_capacity : 1024;
    while (capacity < text_length + more) capacity *= 2;
    char *grown = PyMem_Realloc(text, capacity);
    if (!grown) return UNSUPPORTED;
    text = grown;
    text_capacity = capacity;
    return WRITTEN;
}

static int put(const char *bytes, size_t count) {
    if (reserve(count) != WRITTEN) return UNSUPPORTED;
    memcpy(text + text_length, bytes, count);
    text_length += count;
    return WRITTEN;
}

#define PUT_LITERAL(s) put((s), sizeof(s) - 1)

/* A str as a JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8
 * (json.dumps escapes non-ASCII as \uXXXX instead: the engine reads the same characters). A lone
 * surrogate has no UTF-8 form: UNSUPPORTED, and the Python path reports it. */
static int put_string(PyObject *s) {
    Py_ssize_t size = 0;
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &size);
    if (!utf8) {
        PyErr_Clear();
        return UNSUPPORTED;
    }
    if (reserve((size_t)size * 6 + 2) != WRITTEN) return UNSUPPORTED;
    static const char hex[] = "0123456789abcdef";
    char *out = text + text_length;
    *out++ = '"';
    for (Py_ssize_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)utf8[i];
        if (c == '"' || c == '\\') {
            *out++ = '\\';
            *out++ = (char)c;
        } else if (c < 0x20) {
            memcpy(out, "\\u00", 4);
            out[4] = hex[c >> 4];
            out[5] = hex[c & 0xF];
            out += 6;
        } else {
            *out++ = (char)c;
        }
    }
    *out++ = '"';
    text_length = (size_t)(out - text);
    return WRITTEN;
}

/* The JSON of one value, for exactly the types json.dumps writes without asking anything of
 * them: dict with str keys, list, tuple, str, int, float, True, False, None. Subclasses, other
 * types, ints beyond 64 bits, NaN and infinities are UNSUPPORTED (json.dumps decides). */
static int put_value(PyObject *v, int depth) {
    if (v == Py_None) return PUT_LITERAL("null");
    if (v == Py_True) return PUT_LITERAL("true");
    if (v == Py_False) return PUT_LITERAL("false");
    if (PyUnicode_CheckExact(v)) return put_string(v);
    if (PyLong_CheckExact(v)) {
        int overflow = 0;
        long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow || (n == -1 && PyErr_Occurred())) {
            PyErr_Clear();
            return UNSUPPORTED;
        }
        char digits[24];
        int count = snprintf(digits, sizeof digits, "%lld", n);
        return put(digits, (size_t)count);
    }
    if (PyFloat_CheckExact(v)) {
        double d = PyFloat_AS_DOUBLE(v);
        if (!isfinite(d)) return UNSUPPORTED;
        /* float.__repr__, which json.dumps uses. */
        char *repr = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
        if (!repr) {
            PyErr_Clear();
            return UNSUPPORTED;
        }
        int status = put(repr, strlen(repr));
        PyMem_Free(repr);
        return status;
    }
    if (depth >= MAX_DEPTH) return UNSUPPORTED;
    if (PyList_CheckExact(v) || PyTuple_CheckExact(v)) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(v);
        PyObject **items = PySequence_Fast_ITEMS(v);
        if (PUT_LITERAL("[") != WRITTEN) return UNSUPPORTED;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (i > 0 && PUT_LITERAL(",") != WRITTEN) return UNSUPPORTED;
            if (put_value(items[i], depth + 1) != WRITTEN) return UNSUPPORTED;
        }
        return PUT_LITERAL("]");
    }
    if (PyDict_CheckExact(v)) {
        Py_ssize_t pos = 0;
        PyObject *key, *item;
        int first = 1;
        if (PUT_LITERAL("{") != WRITTEN) return UNSUPPORTED;
        while (PyDict_Next(v, &pos, &key, &item)) {
            /* json.dumps turns int, float, bool and None keys into strings: left to it. */
            if (!PyUnicode_CheckExact(key)) return UNSUPPORTED;
            if (!first && PUT_LITERAL(",") != WRITTEN) return UNSUPPORTED;
            first = 0;
            if (put_string(key) != WRITTEN || PUT_LITERAL(":") != WRITTEN) return UNSUPPORTED;
            if (put_value(item, depth + 1) != WRITTEN) return UNSUPPORTED;
        }
        return PUT_LITERAL("}");
    }
    return UNSUPPORTED;
}

/* `"name":value` for an optional member the way Engine.check builds the action: target when it
 * is not None, params / context / agent when they are non-empty dicts (None and {} are left
 * out; other mappings go through the Python path, which copies them with dict()). */
static int put_member(const char *name, PyObject *v, int mapping) {
    if (v == Py_None) return WRITTEN;
    if (mapping) {
        if (!PyDict_CheckExact(v)) return UNSUPPORTED;
        if (PyDict_GET_SIZE(v) == 0) return WRITTEN;
    }
    if (put(name, strlen(name)) != WRITTEN) return UNSUPPORTED;
    return put_value(v, 1);
}

/* After a call: a buffer grown past 1 MiB by an unusually large action is not kept. */
static void release_large_text(void) {
    if (text_capacity <= (1u << 20)) return;
    PyMem_Free(text);
    text = NULL;
    text_capacity = 0;
}

/* The action {type, target, params, context, agent} (args[0..4]) into `text`, NUL-terminated
 * (a NUL inside a string is written escaped, so the terminator is the only one). */
static int put_action(PyObject *const *args) {
    text_length = 0;
    if (!PyUnicode_CheckExact(args[0])) return UNSUPPORTED;
    if (PUT_LITERAL("{\"type\":") != WRITTEN || put_string(args[0]) != WRITTEN
        || put_member(",\"target\":", args[1], 0) != WRITTEN || put_member(",\"params\":", args[2], 1) != WRITTEN
        || put_member(",\"context\":", args[3], 1) != WRITTEN || put_member(",\"agent\":", args[4], 1) != WRITTEN) {
        return UNSUPPORTED;
    }
    return put("}", 2);
}

/* action_json(type, target, params, context, agent) -> str | None: the text check_action sends
 * (for tests, which hold it to json.dumps). */
static PyObject *action_json(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "action_json(type, target, params, context, agent)");
        return NULL;
    }
    PyObject *json = Py_None;
    if (put_action(args) == WRITTEN) json = PyUnicode_DecodeUTF8(text, (Py_ssize_t)text_length - 1, "strict");
    else Py_INCREF(json);
    release_large_text();
    return json;
}

/* The decision for the action {type, target, params, context, agent} (members[0..4]), or None
 * when put_action leaves it to the Python path. */
static PyObject *decide_action(unsigned long long handle, PyObject *const *members, long long at) {
    PyObject *decision = Py_None;
    if (put_action(members) == WRITTEN) decision = decide(handle, text, at);
    else Py_INCREF(decision);
    release_large_text();
    return decision;
}

static PyObject *check_action(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 7 || !check_into) {
        PyErr_SetString(PyExc_TypeError, "check_action(handle, type, target, params, context, agent, at) after bind()");
        return NULL;
    }
    unsigned long long handle = 0;
    if (handle_arg(args[0], &handle) != 0) return NULL;
    long long at = PyLong_AsLongLong(args[6]);
    if (at == -1 && PyErr_Occurred()) return NULL;
    return decide_action(handle, args + 1, at);
}

/* A Checker is one engine's check_json or check as a single C call: Engine.__init__ puts one
 * in the instance's check_json / check (the Python method's frame and its global and attribute
 * lookups cost about as much as the accelerator's own work). It decides the usual call shapes
 * itself: check_json(action_json[, at]) and check(type[, target, params, context, agent, at])
 * with every argument positional and `at` None or an int. Everything else (keywords, another
 * type, a case the accelerator leaves to Python) goes to fallback(handle, *args, **kwargs): the
 * Python path the method itself takes, so the answers and the errors are the method's. */
enum { CHECK_JSON = 0, CHECK_ACTION = 1 };

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *handle;
    PyObject *fallback;
    int kind;
} Checker;

/* `at` as check_into takes it (-1: now); 0 when it is neither None nor an exact int (fallback). */
static int at_arg(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t index, long long *at) {
    *at = -1;
    if (nargs <= index || args[index] == Py_None) return 1;
    if (!PyLong_CheckExact(args[index])) return 0;
    int overflow = 0;
    *at = PyLong_AsLongLongAndOverflow(args[index], &overflow);
    if (overflow || (*at == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    return 1;
}

/* The decision, or None for the fallback. */
static PyObject *checker_fast(Checker *c, PyObject *const *args, Py_ssize_t nargs) {
    unsigned long long handle = 0;
    long long at = -1;
    if (c->kind == CHECK_JSON) {
        if (nargs < 1 || nargs > 2 || !PyUnicode_CheckExact(args[0]) || !at_arg(args, nargs, 1, &at)) Py_RETURN_NONE;
        if (handle_arg(c->handle, &handle) != 0) return NULL;
        return decide_text(handle, args[0], at);
    }
    /* check(type, target=None, params=None, context=None, agent=None, at=None) */
    if (nargs < 1 || nargs > 6 || !PyUnicode_CheckExact(args[0]) || PyUnicode_GET_LENGTH(args[0]) == 0 ||
        !at_arg(args, nargs, 5, &at)) {
        Py_RETURN_NONE;
    }
    if (handle_arg(c->handle, &handle) != 0) return NULL;
    PyObject *members[5] = {args[0], Py_None, Py_None, Py_None, Py_None};
    for (Py_ssize_t i = 1; i < nargs && i < 5; i++) members[i] = args[i];
    return decide_action(handle, members, at);
}

/* fallback(handle, *args, **kwargs), the arguments passed on as they came. */
static PyObject *checker_forward(Checker *c, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    Py_ssize_t total = nargs + (kwnames ? PyTuple_GET_SIZE(kwnames) : 0);
    PyObject *small[9];
    PyObject **all = total < 9 ? small : PyMem_Malloc((size_t)(total + 1) * sizeof(PyObject *));
    if (!all) return PyErr_NoMemory();
    all[0] = c->handle;
    for (Py_ssize_t i = 0; i < total; i++) all[i + 1] = args[i];
    PyObject *result = PyObject_Vectorcall(c->fallback, all, (size_t)(nargs + 1), kwnames);
    if (all != small) PyMem_Free(all);
    return result;
}

static PyObject *checker_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    Checker *c = (Checker *)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (!kwnames && check_into) {
        PyObject *decision = checker_fast(c, args, nargs);
        if (decision != Py_None) return decision; /* a Decision, or NULL with an exception set */
        Py_DECREF(decision);
    }
    return checker_forward(c, args, nargs, kwnames);
}

static PyObject *checker_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    PyObject *handle, *fallback;
    int kind;
    static char *keywords[] = {"handle", "kind", "fallback", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!iO:Checker", keywords, &PyLong_Type, &handle, &kind, &fallback)) return NULL;
    if (kind != CHECK_JSON && kind != CHECK_ACTION) {
        PyErr_Format(PyExc_ValueError, "Checker kind must be 0 (check_json) or 1 (check), not %d", kind);
        return NULL;
    }
    if (!PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "Checker fallback must be callable");
        return NULL;
    }
    Checker *c = (Checker *)type->tp_alloc(type, 0);
    if (!c) return NULL;
    c->vectorcall = checker_call;
    c->kind = kind;
    Py_INCREF(handle);
    c->handle = handle;
    Py_INCREF(fallback);
    c->fallback = fallback;
    return (PyObject *)c;
}

static void checker_dealloc(PyObject *self) {
    Checker *c = (Checker *)self;
    Py_XDECREF(c->handle);
    Py_XDECREF(c->fallback);
    Py_TYPE(self)->tp_free(self);
}

static PyObject *checker_repr(PyObject *self) {
    Checker *c = (Checker *)self;
    return PyUnicode_FromFormat("<warden engine %s (C accelerator)>", c->kind == CHECK_JSON ? "check_json" : "check");
}

static PyMemberDef checker_members[] = {
    {"fallback", T_OBJECT, offsetof(Checker, fallback), READONLY, "the Python path: fallback(handle, *args, **kwargs)"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject CheckerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "warden._speedups.Checker",
    .tp_basicsize = sizeof(Checker),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "Checker(handle, kind, fallback): an engine's check_json (kind 0) or check (kind 1) in one C call",
    .tp_new = checker_new,
    .tp_dealloc = checker_dealloc,
    .tp_repr = checker_repr,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Checker, vectorcall),
    .tp_members = checker_members,
};

static PyMethodDef methods[] = {
    {"bind", bind, METH_O, "bind(address of wd_engine_check_into)"},
    {"bind_decision", bind_decision, METH_O, "bind_decision(Decision): check and check_action then return Decisions"},
    {"check", (PyCFunction)(void (*)(void))check, METH_FASTCALL, "check(handle, action_json, at) -> Decision | None"},
    {"check_action", (PyCFunction)(void (*)(void))check_action, METH_FASTCALL,
     "check_action(handle, type, target, params, context, agent, at) -> Decision | None"},
    {"action_json", (PyCFunction)(void (*)(void))action_json, METH_FASTCALL,
     "action_json(type, target, params, context, agent) -> str | None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "warden._speedups", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__speedups(void) {
    if (PyType_Ready(&CheckerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&CheckerType);
    if (PyModule_AddObject(m, "Checker", (PyObject *)&CheckerType) < 0) {
        Py_DECREF(&CheckerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
