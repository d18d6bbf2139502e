/*
 * fuzz_abi.c — a libFuzzer target over libwarden's JSON entry points: each input is fed as an
 * action to wd_engine_check, wd_engine_check_serial (whose text must be wd_engine_check's) and
 * wd_engine_check_batch, as a token and as a JWKS to
 * wd_token_verify, as text (redacted) and as options to wd_scan, and as tool arguments to
 * wd_scan_arguments. Any crash, hang or sanitizer report is a bug; every call must return a
 * status. See ffi/README.md ("Fuzzing") for building and long runs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warden.h"

static wd_engine *engine;

static const char *POLICY =
    "apiVersion: warden/v1\n"
    "kind: Policy\n"
    "metadata: {name: fuzz}\n"
    "spec:\n"
    "  default: deny\n"
    "  statements:\n"
    "    - {sid: Rm, effect: deny, actions: [bash.*], conditions: {params.command: {op: regex, value: '(?i)\\brm\\s+-rf'}}}\n"
    "    - {sid: Big, effect: review, actions: [payment.*], conditions: {params.amount: {op: '>', value: 1000}}}\n"
    "    - {sid: Net, effect: allow, actions: [web.fetch], conditions: {target: {op: starts_with, value: 'https://'}}}\n"
    "    - {sid: Any, effect: allow, actions: ['*'], when: \"params.n >= 3 && context.env == 'dev'\"}\n";

static const char *JWKS =
    "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k1\",\"x\":\"iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w\"}]}";

static void close_engine(void) { wd_engine_close(engine, NULL); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!engine) {
        if (wd_engine_load_text(POLICY, "fuzz.yaml", &engine, NULL) != WD_OK) abort();
        atexit(close_engine);  /* so that LeakSanitizer's exit check sees a clean process */
    }
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    char *out = NULL, *error = NULL;
    wd_status status = wd_engine_check(engine, text, -1, &out, &error);
    /* The buffer entry point gives the same text (and a serial); a difference is a bug. */
    char buffer[1024];
    size_t length = 0;
    uint64_t serial = 0;
    if (wd_engine_check_serial(engine, text, -1, buffer, sizeof buffer, &length, &serial, NULL) == WD_OK &&
        (status != WD_OK || strcmp(out, buffer) != 0)) {
        abort();
    }
    wd_free(out);
    wd_free(error);
    out = error = NULL;
    wd_engine_check_batch(engine, text, 1800000000, &out, &error);
    wd_free(out);
    wd_free(error);
    out = error = NULL;
    wd_token_verify(text, JWKS, 1800000000, "warden", 0, &out, &error);
    wd_free(out);
    wd_free(error);
    out = error = NULL;
    wd_token_verify("eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0.e30.AAAA", text, -1, NULL, 5, &out, &error);
    wd_free(out);
    wd_free(error);
    out = error = NULL;
    wd_scan(text, "{\"redact\":\"mask\"}", &out, &error);
    wd_free(out);
    wd_free(error);
    out = error = NULL;
    wd_scan("mail ana@example.com, key AKIAIOSFODNN7EXAMPLE", text, &out, &error);
    wd_free(out);
    wd_free(error);
    out = error = NULL;
    wd_scan_arguments(text, &out, &error);
    wd_free(out);
    wd_free(error);
    free(text);
    return 0;
}
