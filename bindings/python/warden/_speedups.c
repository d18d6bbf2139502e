/*
 * _speedups: the Python SDK's hot path in C. One function, check(handle, action, at), calls
 * libwarden's wd_engine_check_into through a function pointer handed over once by _native.py
 * (from ctypes), so this module links nothing and libwarden is loaded exactly once. It returns
 * the decision JSON as str, or None for anything unusual (an error status, a decision larger than
 * the buffer, a NUL or unencodable character in the action): the ctypes path then redoes the
 * call and raises the precise error. Optional: without it the SDK works the same, slower.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
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

static PyObject *check(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 3 || !check_into) {
        PyErr_SetString(PyExc_TypeError, "check(handle, action, at) after bind()");
        return NULL;
    }
    unsigned long long handle = PyLong_AsUnsignedLongLong(args[0]);
    long long at = PyLong_AsLongLong(args[2]);
    if (PyErr_Occurred()) return NULL;
    if (!PyUnicode_Check(args[1])) Py_RETURN_NONE;
    Py_ssize_t size = 0;
    const char *action = PyUnicode_AsUTF8AndSize(args[1], &size);
    if (!action) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if ((Py_ssize_t)strlen(action) != size) Py_RETURN_NONE;
    size_t length = 0;
    if (check_into((void *)(uintptr_t)handle, action, (int64_t)at, buffer, sizeof buffer, &length, NULL) != 0) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(buffer, (Py_ssize_t)length, "strict");
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_O, "bind(address of wd_engine_check_into)"},
    {"check", (PyCFunction)(void (*)(void))check, METH_FASTCALL, "check(handle, action_json, at) -> str | None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "warden._speedups", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
