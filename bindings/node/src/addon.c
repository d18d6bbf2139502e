/*
 * The Node binding's native half: an N-API addon over libwarden (ffi/include/warden.h).
 *
 * libwarden is opened with dlopen at load time: $WARDEN_LIB if set, else libwarden.so next to
 * this addon (bundled), else the system's loader path. Engine handles cross into JavaScript
 * as BigInts (they are tagged ids, not pointers; libwarden refuses stale ones). Failures throw
 * an Error with `status` (libwarden's stable name) and `details` (the error JSON text).
 *
 * Built with gcc against Node's headers (see binding Makefile rule in the top-level Makefile).
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <node_api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warden.h"

static struct {
    uint32_t (*abi_version)(void);
    const char *(*version)(void);
    void (*free_)(void *);
    wd_status (*load_dir)(const char *, wd_engine **, char **);
    wd_status (*load_text)(const char *, const char *, wd_engine **, char **);
    wd_status (*close_)(wd_engine *, char **);
    wd_status (*info)(wd_engine *, char **, char **);
    wd_status (*check)(wd_engine *, const char *, int64_t, char **, char **);
    wd_status (*check_batch)(wd_engine *, const char *, int64_t, char **, char **);
    wd_status (*check_serial)(wd_engine *, const char *, int64_t, char *, size_t, size_t *, uint64_t *, char **);
    wd_status (*gw_connect)(const char *, int64_t, int32_t, int32_t, wd_gateway **, char **);
    wd_status (*gw_close)(wd_gateway *, char **);
    wd_status (*gw_set_token)(wd_gateway *, const char *, char **);
    wd_status (*gw_register)(wd_gateway *, const char *, char **, char **);
    wd_status (*gw_check_detailed)(wd_gateway *, const char *, char **, char **);
    wd_status (*gw_wait_for_approval)(wd_gateway *, const char *, int64_t, char **, char **);
    wd_status (*gw_record)(wd_gateway *, const char *, char **, char **);
    wd_status (*token_verify)(const char *, const char *, int64_t, const char *, int64_t, char **, char **);
    wd_status (*scan)(const char *, const char *, char **, char **);
    wd_status (*scan_arguments)(const char *, char **, char **);
} wd;

static char load_error[1024];

static int open_library(const char *addon_dir) {
    /* Once per process: every environment (worker_threads load the addon again) must use the
     * same libwarden, whose engine handles and decision serials its tables hold. */
    static int opened = 0;
    if (opened) return 1;
    const char *env = getenv("WARDEN_LIB");
    void *h = NULL;
    char path[4096];
    if (env && *env) {
        h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
        if (!h) snprintf(load_error, sizeof load_error, "cannot load WARDEN_LIB=%s: %s", env, dlerror());
    } else {
        snprintf(path, sizeof path, "%s/libwarden.so", addon_dir);
        h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!h) h = dlopen("libwarden.so", RTLD_NOW | RTLD_LOCAL);
        if (!h) snprintf(load_error, sizeof load_error,
                         "libwarden not found: set WARDEN_LIB to the path of libwarden.so, or put it next to warden.node (%s)", dlerror());
    }
    if (!h) return 0;
#define SYM(field, name)                                                                          \
    if (!(*(void **)(&wd.field) = dlsym(h, name))) {                                              \
        snprintf(load_error, sizeof load_error, "libwarden lacks %s: is it an older release?", name); \
        return 0;                                                                                 \
    }
    SYM(abi_version, "wd_abi_version")
    SYM(version, "wd_version")
    SYM(free_, "wd_free")
    SYM(load_dir, "wd_engine_load_dir")
    SYM(load_text, "wd_engine_load_text")
    SYM(close_, "wd_engine_close")
    SYM(info, "wd_engine_info")
    SYM(check, "wd_engine_check")
    SYM(check_batch, "wd_engine_check_batch")
    SYM(check_serial, "wd_engine_check_serial")
    SYM(gw_connect, "wd_gateway_connect")
    SYM(gw_close, "wd_gateway_close")
    SYM(gw_set_token, "wd_gateway_set_token")
    SYM(gw_register, "wd_gateway_register")
    SYM(gw_check_detailed, "wd_gateway_check_detailed")
    SYM(gw_wait_for_approval, "wd_gateway_wait_for_approval")
    SYM(gw_record, "wd_gateway_record")
    SYM(token_verify, "wd_token_verify")
    SYM(scan, "wd_scan")
    SYM(scan_arguments, "wd_scan_arguments")
#undef SYM
    if (wd.abi_version() != WARDEN_ABI_VERSION) {
        snprintf(load_error, sizeof load_error, "libwarden has ABI version %u; this addon needs %u", wd.abi_version(), WARDEN_ABI_VERSION);
        return 0;
    }
    opened = 1;
    return 1;
}

/* ---- helpers ---- */

static napi_value throw_status(napi_env env, wd_status status, char *error) {
    char status_name[64] = "internal";
    const char *message = error ? error : "libwarden failed without an error message";
    if (error) {
        const char *p = strstr(error, "\"status\":\"");
        if (p) {
            p += 10;
            size_t n = 0;
            while (p[n] && p[n] != '"' && n < sizeof status_name - 1) n++;
            memcpy(status_name, p, n);
            status_name[n] = 0;
        }
    }
    napi_value msg, err, st, details, code;
    napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_create_string_utf8(env, status_name, NAPI_AUTO_LENGTH, &st);
    napi_set_named_property(env, err, "status", st);
    napi_create_string_utf8(env, error ? error : "{}", NAPI_AUTO_LENGTH, &details);
    napi_set_named_property(env, err, "details", details);
    napi_create_int32(env, (int32_t)status, &code);
    napi_set_named_property(env, err, "code", code);
    napi_throw(env, err);
    wd.free_(error);
    return NULL;
}

static napi_value type_error(napi_env env, const char *message) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return NULL;
}

/* A JS string argument as a malloc'd UTF-8 C string (NULL after throwing). JS strings with
 * lone surrogates become U+FFFD (N-API's conversion), so the C string is always valid UTF-8. */
static char *string_arg(napi_env env, napi_value v, const char *what) {
    napi_valuetype t;
    napi_typeof(env, v, &t);
    if (t != napi_string) {
        char m[128];
        snprintf(m, sizeof m, "%s must be a string", what);
        type_error(env, m);
        return NULL;
    }
    size_t len = 0;
    napi_get_value_string_utf8(env, v, NULL, 0, &len);
    char *s = malloc(len + 1);
    if (!s) {
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    napi_get_value_string_utf8(env, v, s, len + 1, &len);
    if (strlen(s) != len) {
        free(s);
        char m[128];
        snprintf(m, sizeof m, "%s contains a NUL character", what);
        napi_throw_error(env, "ERR_INVALID_ARG_VALUE", m);
        return NULL;
    }
    return s;
}

static int handle_arg(napi_env env, napi_value v, wd_engine **out) {
    uint64_t bits = 0;
    bool lossless = false;
    if (napi_get_value_bigint_uint64(env, v, &bits, &lossless) != napi_ok || !lossless) {
        type_error(env, "engine handle must be a BigInt from loadDir/loadText");
        return 0;
    }
    *out = (wd_engine *)(uintptr_t)bits;
    return 1;
}

static int int64_arg(napi_env env, napi_value v, int64_t *out) {
    if (napi_get_value_int64(env, v, out) != napi_ok) {
        type_error(env, "expected a number");
        return 0;
    }
    return 1;
}

/* True when the n bytes at p are all ASCII. */
static int is_ascii(const char *p, size_t n) {
    uint64_t any = 0, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, p + i, 8);
        any |= w;
    }
    for (; i < n; i++) any |= (unsigned char)p[i];
    return (any & 0x8080808080808080ull) == 0;
}

/* libwarden's UTF-8 text as a JS string. All-ASCII text is the same in Latin-1, which V8 copies
 * as is, where UTF-8 is decoded byte by byte (~850 instructions for a ~150-byte decision, a
 * sixth of a whole check from Node); is_ascii costs ~160. */
static napi_value text_value(napi_env env, const char *text, size_t len) {
    napi_value v = NULL;
    (is_ascii(text, len) ? napi_create_string_latin1 : napi_create_string_utf8)(env, text, len, &v);
    return v;
}

static napi_value take_string(napi_env env, char *s) {
    napi_value v = text_value(env, s ? s : "", s ? strlen(s) : 0);
    wd.free_(s);
    return v;
}

static napi_value handle_value(napi_env env, wd_engine *engine) {
    napi_value v;
    napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)engine, &v);
    return v;
}

#define ARGS(n)                                                   \
    size_t argc = n;                                              \
    napi_value argv[n];                                           \
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);         \
    if (argc < n) return type_error(env, "missing arguments");

/* ---- exports ---- */

static napi_value js_version(napi_env env, napi_callback_info info) {
    (void)info;
    napi_value v;
    napi_create_string_utf8(env, wd.version(), NAPI_AUTO_LENGTH, &v);
    return v;
}

static napi_value js_load_dir(napi_env env, napi_callback_info info) {
    ARGS(1)
    char *path = string_arg(env, argv[0], "path");
    if (!path) return NULL;
    wd_engine *engine = NULL;
    char *error = NULL;
    wd_status s = wd.load_dir(path, &engine, &error);
    free(path);
    if (s != WD_OK) return throw_status(env, s, error);
    return handle_value(env, engine);
}

static napi_value js_load_text(napi_env env, napi_callback_info info) {
    ARGS(2)
    char *text = string_arg(env, argv[0], "text");
    if (!text) return NULL;
    char *name = string_arg(env, argv[1], "name");
    if (!name) {
        free(text);
        return NULL;
    }
    wd_engine *engine = NULL;
    char *error = NULL;
    wd_status s = wd.load_text(text, name, &engine, &error);
    free(text);
    free(name);
    if (s != WD_OK) return throw_status(env, s, error);
    return handle_value(env, engine);
}

static napi_value js_close(napi_env env, napi_callback_info info) {
    ARGS(1)
    wd_engine *engine;
    if (!handle_arg(env, argv[0], &engine)) return NULL;
    char *error = NULL;
    wd_status s = wd.close_(engine, &error);
    if (s != WD_OK) return throw_status(env, s, error);
    return NULL;
}

static napi_value js_info(napi_env env, napi_callback_info info) {
    ARGS(1)
    wd_engine *engine;
    if (!handle_arg(env, argv[0], &engine)) return NULL;
    char *out = NULL, *error = NULL;
    wd_status s = wd.info(engine, &out, &error);
    if (s != WD_OK) return throw_status(env, s, error);
    return take_string(env, out);
}

/* checkBatch(handle, actionsJSON, at) -> JSON text (check() has its own path below). */
static napi_value js_check_batch(napi_env env, napi_callback_info info) {
    ARGS(3)
    wd_engine *engine;
    int64_t at;
    if (!handle_arg(env, argv[0], &engine) || !int64_arg(env, argv[2], &at)) return NULL;
    char *text = string_arg(env, argv[1], "actions");
    if (!text) return NULL;
    char *out = NULL, *error = NULL;
    wd_status s = wd.check_batch(engine, text, at, &out, &error);
    free(text);
    if (s != WD_OK) return throw_status(env, s, error);
    return take_string(env, out);
}

/* The Decision objects of one environment (the main thread, each worker_thread): check() hands
 * out the same frozen Decision for every check that ends in the same kept decision text, which
 * libwarden names by a serial (wd_engine_check_serial). A direct-mapped table by serial: an
 * engine's serials are consecutive, so its decisions rarely share a slot, and a slot holds the
 * serial it was filled for, so a stale or evicted entry is never taken for another. Making the
 * JS string and the Decision was ~1/5 of a check; a hit is one reference lookup. */
#define DECISION_SLOTS 1024
typedef struct {
    napi_ref make_decision; /* index.js: (json) => a frozen Decision */
    uint64_t serial[DECISION_SLOTS];
    napi_ref decision[DECISION_SLOTS];
    /* check()'s buffers: an environment runs its JS on one thread, one call at a time. Here
     * rather than _Thread_local, whose address costs a __tls_get_addr call in a dlopen'ed
     * library on every use. */
    char action_buffer[16384];
    char check_buffer[8192];
} env_state;

/* Instance-data finaliser: the references themselves go with the environment. */
static void free_state(napi_env env, void *data, void *hint) {
    (void)env;
    (void)hint;
    free(data);
}

/* setDecisionMaker(fn): index.js passes the function that turns decision JSON into a Decision. */
static napi_value js_set_decision_maker(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    void *data = NULL;
    napi_get_cb_info(env, info, &argc, argv, NULL, &data);
    env_state *st = data;
    napi_valuetype t = napi_undefined;
    if (argc < 1 || napi_typeof(env, argv[0], &t) != napi_ok || t != napi_function) return type_error(env, "expected a function");
    if (st->make_decision) napi_delete_reference(env, st->make_decision);
    st->make_decision = NULL;
    napi_create_reference(env, argv[0], 1, &st->make_decision);
    return NULL;
}

/* The Decision for decision JSON `text` whose serial is `serial` (0: made for one action, not kept). */
static napi_value decision_value(napi_env env, env_state *st, const char *text, size_t len, uint64_t serial) {
    size_t slot = (size_t)(serial & (DECISION_SLOTS - 1));
    napi_value v = NULL;
    if (serial != 0 && st->serial[slot] == serial && napi_get_reference_value(env, st->decision[slot], &v) == napi_ok && v) {
        return v;
    }
    napi_value maker = NULL, undefined, json = text_value(env, text, len);
    if (!st->make_decision || napi_get_reference_value(env, st->make_decision, &maker) != napi_ok || !maker) {
        napi_throw_error(env, "ERR_WARDEN_INTERNAL", "warden: the addon was loaded without index.js (no setDecisionMaker)");
        return NULL;
    }
    napi_get_undefined(env, &undefined);
    if (napi_call_function(env, undefined, maker, 1, &json, &v) != napi_ok) return NULL; /* it threw: the exception is pending */
    if (serial != 0) {
        st->serial[slot] = 0;
        if (st->decision[slot]) napi_delete_reference(env, st->decision[slot]);
        st->decision[slot] = NULL;
        if (napi_create_reference(env, v, 1, &st->decision[slot]) == napi_ok) st->serial[slot] = serial;
    }
    return v;
}

/* check(handle, actionJSON, at) -> Decision. A synchronous call runs on its environment's JS
 * thread, so the environment's buffers serve every call without malloc or free: the action is
 * copied out of V8 in one pass when it fits in action_buffer (string_arg's length query is a
 * second pass over the string), and the decision is written into check_buffer. A larger
 * action, or a decision that does not fit, takes the allocating path. */

static napi_value js_check(napi_env env, napi_callback_info info) {
    size_t argc = 3;
    napi_value argv[3];
    void *data = NULL;
    napi_get_cb_info(env, info, &argc, argv, NULL, &data);
    if (argc < 3) return type_error(env, "missing arguments");
    env_state *st = data;
    wd_engine *engine;
    int64_t at;
    if (!handle_arg(env, argv[0], &engine) || !int64_arg(env, argv[2], &at)) return NULL;
    char *action_buffer = st->action_buffer, *check_buffer = st->check_buffer;
    char *text = action_buffer;
    size_t len = 0;
    /* len + 1 == the buffer's size may be a cut string; a NUL, or not a string at all: string_arg
     * copies the whole string or throws the precise error. */
    if (napi_get_value_string_utf8(env, argv[1], action_buffer, sizeof st->action_buffer, &len) != napi_ok ||
        len + 1 >= sizeof st->action_buffer || memchr(action_buffer, 0, len)) {
        if (!(text = string_arg(env, argv[1], "action"))) return NULL;
    }
    uint64_t serial = 0;
    wd_status s = wd.check_serial(engine, text, at, check_buffer, sizeof st->check_buffer, &len, &serial, NULL);
    napi_value v = NULL;
    if (s == WD_OK) {
        v = decision_value(env, st, check_buffer, len, serial);
    } else {
        /* Too large, or an error: the allocating call gives the decision or the error's details. */
        char *out = NULL, *error = NULL;
        s = wd.check(engine, text, at, &out, &error);
        if (s == WD_OK) {
            v = decision_value(env, st, out, strlen(out), 0);
            wd.free_(out);
        } else {
            v = throw_status(env, s, error);
        }
    }
    if (text != action_buffer) free(text);
    return v;
}


/* checkAsync(handle, actionJSON, at) -> Promise<string>, decided on libuv's thread pool. */
typedef struct {
    napi_async_work work;
    napi_deferred deferred;
    wd_engine *engine;
    char *action;
    int64_t at;
    wd_status status;
    char *out, *error;
} async_check;

static void async_execute(napi_env env, void *data) {
    (void)env;
    async_check *c = data;
    c->status = wd.check(c->engine, c->action, c->at, &c->out, &c->error);
}

static void async_complete(napi_env env, napi_status status, void *data) {
    async_check *c = data;
    if (status != napi_ok) {
        napi_value msg, err;
        napi_create_string_utf8(env, "the check was cancelled", NAPI_AUTO_LENGTH, &msg);
        napi_create_error(env, NULL, msg, &err);
        napi_reject_deferred(env, c->deferred, err);
    } else if (c->status == WD_OK) {
        napi_resolve_deferred(env, c->deferred, take_string(env, c->out));
        c->out = NULL;
    } else {
        throw_status(env, c->status, c->error);
        c->error = NULL;
        napi_value err;
        napi_get_and_clear_last_exception(env, &err);
        napi_reject_deferred(env, c->deferred, err);
    }
    napi_delete_async_work(env, c->work);
    free(c->action);
    free(c);
}

static napi_value js_check_async(napi_env env, napi_callback_info info) {
    ARGS(3)
    async_check *c = calloc(1, sizeof *c);
    if (!c) {
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    if (!handle_arg(env, argv[0], &c->engine) || !int64_arg(env, argv[2], &c->at) ||
        !(c->action = string_arg(env, argv[1], "action"))) {
        free(c);
        return NULL;
    }
    napi_value promise, name;
    napi_create_promise(env, &c->deferred, &promise);
    napi_create_string_utf8(env, "warden.check", NAPI_AUTO_LENGTH, &name);
    napi_create_async_work(env, NULL, name, async_execute, async_complete, c, &c->work);
    napi_queue_async_work(env, c->work);
    return promise;
}

/* ---- the gateway client: calls block on the network, so they run on libuv's pool ---- */

static napi_value js_gw_connect(napi_env env, napi_callback_info info) {
    ARGS(4)
    int64_t timeout, fail_open, tls;
    if (!int64_arg(env, argv[1], &timeout) || !int64_arg(env, argv[2], &fail_open) || !int64_arg(env, argv[3], &tls)) return NULL;
    char *address = string_arg(env, argv[0], "address");
    if (!address) return NULL;
    wd_gateway *gw = NULL;
    char *error = NULL;
    wd_status s = wd.gw_connect(address, timeout, (int32_t)fail_open, (int32_t)tls, &gw, &error);
    free(address);
    if (s != WD_OK) return throw_status(env, s, error);
    napi_value v;
    napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)gw, &v);
    return v;
}

static int gateway_arg(napi_env env, napi_value v, wd_gateway **out) {
    uint64_t bits = 0;
    bool lossless = false;
    if (napi_get_value_bigint_uint64(env, v, &bits, &lossless) != napi_ok || !lossless) {
        type_error(env, "gateway handle must be a BigInt from gatewayConnect");
        return 0;
    }
    *out = (wd_gateway *)(uintptr_t)bits;
    return 1;
}

static napi_value js_gw_set_token(napi_env env, napi_callback_info info) {
    ARGS(2)
    wd_gateway *gw;
    if (!gateway_arg(env, argv[0], &gw)) return NULL;
    char *token = string_arg(env, argv[1], "token");
    if (!token) return NULL;
    char *error = NULL;
    wd_status s = wd.gw_set_token(gw, token, &error);
    free(token);
    if (s != WD_OK) return throw_status(env, s, error);
    return NULL;
}

enum gw_op { GW_REGISTER, GW_CHECK, GW_RECORD, GW_CLOSE, GW_WAIT };

typedef struct {
    napi_async_work work;
    napi_deferred deferred;
    enum gw_op op;
    wd_gateway *gw;
    char *input;
    int64_t timeout_ms; /* GW_WAIT */
    wd_status status;
    char *out, *out2, *error;
} gw_call;

static void gw_execute(napi_env env, void *data) {
    (void)env;
    gw_call *c = data;
    switch (c->op) {
    case GW_REGISTER: c->status = wd.gw_register(c->gw, c->input, &c->out, &c->error); break;
    case GW_CHECK: c->status = wd.gw_check_detailed(c->gw, c->input, &c->out, &c->error); break;
    /* Holds this pool thread for the whole wait (up to timeout_ms). */
    case GW_WAIT: c->status = wd.gw_wait_for_approval(c->gw, c->input, c->timeout_ms, &c->out, &c->error); break;
    case GW_RECORD: c->status = wd.gw_record(c->gw, c->input, &c->out, &c->error); break;
    case GW_CLOSE: c->status = wd.gw_close(c->gw, &c->error); break;
    }
}

static void gw_complete(napi_env env, napi_status status, void *data) {
    gw_call *c = data;
    if (status != napi_ok) {
        napi_value msg, err;
        napi_create_string_utf8(env, "the gateway call was cancelled", NAPI_AUTO_LENGTH, &msg);
        napi_create_error(env, NULL, msg, &err);
        napi_reject_deferred(env, c->deferred, err);
    } else if (c->status == WD_OK) {
        /* [out, out2] as strings (or null). */
        napi_value result, a, b;
        napi_create_array_with_length(env, 2, &result);
        if (c->out) a = take_string(env, c->out); else napi_get_null(env, &a);
        if (c->out2) b = take_string(env, c->out2); else napi_get_null(env, &b);
        c->out = c->out2 = NULL;
        napi_set_element(env, result, 0, a);
        napi_set_element(env, result, 1, b);
        napi_resolve_deferred(env, c->deferred, result);
    } else {
        throw_status(env, c->status, c->error);
        c->error = NULL;
        napi_value err;
        napi_get_and_clear_last_exception(env, &err);
        napi_reject_deferred(env, c->deferred, err);
    }
    napi_delete_async_work(env, c->work);
    free(c->input);
    free(c);
}

static napi_value gw_async(napi_env env, napi_callback_info info, enum gw_op op) {
    size_t argc = 3;
    napi_value argv[3];
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    if (argc < (op == GW_CLOSE ? 1u : op == GW_WAIT ? 3u : 2u)) return type_error(env, "missing arguments");
    gw_call *c = calloc(1, sizeof *c);
    if (!c) {
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    c->op = op;
    if (!gateway_arg(env, argv[0], &c->gw) || (op == GW_WAIT && !int64_arg(env, argv[2], &c->timeout_ms)) ||
        (op != GW_CLOSE && !(c->input = string_arg(env, argv[1], op == GW_WAIT ? "approvalId" : "request")))) {
        free(c);
        return NULL;
    }
    napi_value promise, name;
    napi_create_promise(env, &c->deferred, &promise);
    napi_create_string_utf8(env, "warden.gateway", NAPI_AUTO_LENGTH, &name);
    napi_create_async_work(env, NULL, name, gw_execute, gw_complete, c, &c->work);
    napi_queue_async_work(env, c->work);
    return promise;
}

static napi_value js_gw_register(napi_env env, napi_callback_info info) { return gw_async(env, info, GW_REGISTER); }
/* gatewayCheck(handle, actionJSON) -> Promise<[wd_gateway_check_detailed's reply, null]> */
static napi_value js_gw_check(napi_env env, napi_callback_info info) { return gw_async(env, info, GW_CHECK); }
static napi_value js_gw_record(napi_env env, napi_callback_info info) { return gw_async(env, info, GW_RECORD); }
static napi_value js_gw_close(napi_env env, napi_callback_info info) { return gw_async(env, info, GW_CLOSE); }
/* gatewayWaitForApproval(handle, approvalId, timeoutMs) -> Promise<[approvalJSON, null]> */
static napi_value js_gw_wait_for_approval(napi_env env, napi_callback_info info) { return gw_async(env, info, GW_WAIT); }

/* verifyToken(token, jwksJSON, now, issuer|null, leeway) -> claims JSON text */
static napi_value js_verify_token(napi_env env, napi_callback_info info) {
    ARGS(5)
    int64_t now, leeway;
    if (!int64_arg(env, argv[2], &now) || !int64_arg(env, argv[4], &leeway)) return NULL;
    char *token = string_arg(env, argv[0], "token");
    if (!token) return NULL;
    char *jwks = string_arg(env, argv[1], "jwks");
    if (!jwks) {
        free(token);
        return NULL;
    }
    char *issuer = NULL;
    napi_valuetype t;
    napi_typeof(env, argv[3], &t);
    if (t != napi_null && t != napi_undefined && !(issuer = string_arg(env, argv[3], "issuer"))) {
        free(token);
        free(jwks);
        return NULL;
    }
    char *out = NULL, *error = NULL;
    wd_status s = wd.token_verify(token, jwks, now, issuer, leeway, &out, &error);
    free(token);
    free(jwks);
    free(issuer);
    if (s != WD_OK) return throw_status(env, s, error);
    return take_string(env, out);
}

/* ---- content scanning: pure CPU work on short texts, so synchronous ---- */

/* scan(text, optionsJSON | null) -> the ScanResult JSON text */
static napi_value js_scan(napi_env env, napi_callback_info info) {
    ARGS(2)
    char *options = NULL;
    napi_valuetype t;
    napi_typeof(env, argv[1], &t);
    if (t != napi_null && t != napi_undefined && !(options = string_arg(env, argv[1], "options"))) return NULL;
    char *text = string_arg(env, argv[0], "text");
    if (!text) {
        free(options);
        return NULL;
    }
    char *out = NULL, *error = NULL;
    wd_status s = wd.scan(text, options, &out, &error);
    free(text);
    free(options);
    if (s != WD_OK) return throw_status(env, s, error);
    return take_string(env, out);
}

/* scanArguments(argumentsJSON) -> {"findings":[...]} text */
static napi_value js_scan_arguments(napi_env env, napi_callback_info info) {
    ARGS(1)
    char *arguments = string_arg(env, argv[0], "arguments");
    if (!arguments) return NULL;
    char *out = NULL, *error = NULL;
    wd_status s = wd.scan_arguments(arguments, &out, &error);
    free(arguments);
    if (s != WD_OK) return throw_status(env, s, error);
    return take_string(env, out);
}

static napi_value init(napi_env env, napi_value exports) {
    /* The addon's own directory, for a bundled libwarden.so. */
    Dl_info self;
    char dir[4096] = ".";
    if (dladdr((void *)init, &self) && self.dli_fname) {
        snprintf(dir, sizeof dir, "%s", self.dli_fname);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
    }
    /* worker_threads may load the addon at the same time. */
    static pthread_mutex_t opening = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&opening);
    int opened = open_library(dir);
    pthread_mutex_unlock(&opening);
    if (!opened) {
        napi_throw_error(env, "ERR_WARDEN_LIB", load_error);
        return NULL;
    }
    env_state *st = calloc(1, sizeof *st);
    if (!st || napi_set_instance_data(env, st, free_state, NULL) != napi_ok) {
        free(st);
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    napi_property_descriptor props[] = {
        {"version", NULL, js_version, NULL, NULL, NULL, napi_default, NULL},
        {"loadDir", NULL, js_load_dir, NULL, NULL, NULL, napi_default, NULL},
        {"loadText", NULL, js_load_text, NULL, NULL, NULL, napi_default, NULL},
        {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
        {"info", NULL, js_info, NULL, NULL, NULL, napi_default, NULL},
        {"check", NULL, js_check, NULL, NULL, NULL, napi_default, st},
        {"setDecisionMaker", NULL, js_set_decision_maker, NULL, NULL, NULL, napi_default, st},
        {"checkAsync", NULL, js_check_async, NULL, NULL, NULL, napi_default, NULL},
        {"checkBatch", NULL, js_check_batch, NULL, NULL, NULL, napi_default, NULL},
        {"verifyToken", NULL, js_verify_token, NULL, NULL, NULL, napi_default, NULL},
        {"gatewayConnect", NULL, js_gw_connect, NULL, NULL, NULL, napi_default, NULL},
        {"gatewaySetToken", NULL, js_gw_set_token, NULL, NULL, NULL, napi_default, NULL},
        {"gatewayRegister", NULL, js_gw_register, NULL, NULL, NULL, napi_default, NULL},
        {"gatewayCheck", NULL, js_gw_check, NULL, NULL, NULL, napi_default, NULL},
        {"gatewayRecord", NULL, js_gw_record, NULL, NULL, NULL, napi_default, NULL},
        {"gatewayClose", NULL, js_gw_close, NULL, NULL, NULL, napi_default, NULL},
        {"gatewayWaitForApproval", NULL, js_gw_wait_for_approval, NULL, NULL, NULL, napi_default, NULL},
        {"scan", NULL, js_scan, NULL, NULL, NULL, napi_default, NULL},
        {"scanArguments", NULL, js_scan_arguments, NULL, NULL, NULL, napi_default, NULL},
    };
    napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
    return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
