/*
 * warden.h — the C ABI of libwarden: Warden's policy engine, token verification and
 * content scanning, in-process. See ffi/README.md for the full contract of every function.
 *
 * Conventions
 *   - Every fallible function returns a wd_status (0 = WD_OK) and fills out-parameters.
 *   - Strings in and out are NUL-terminated UTF-8. JSON goes in and comes out.
 *   - Every `char **` out-parameter receives memory owned by the caller: release it with
 *     wd_free(). On failure, out-parameters are set to NULL.
 *   - `error` may be NULL. Otherwise, on failure *error receives a JSON object
 *       {"status": "<name>", "message": "<what went wrong>", ...}
 *     (free it with wd_free); on success *error is set to NULL.
 *   - Handles are opaque. A closed or invalid handle yields WD_E_INVALID_HANDLE, never a crash.
 *   - Every function is safe to call from many threads at once, on one handle too.
 */
#ifndef WARDEN_H
#define WARDEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes; compare with wd_abi_version() at load time. */
#define WARDEN_ABI_VERSION 1u

typedef enum wd_status {
    WD_OK = 0,
    WD_E_NULL_ARGUMENT = 1,    /* a required pointer argument was NULL */
    WD_E_INVALID_UTF8 = 2,     /* a string argument is not valid UTF-8 */
    WD_E_INVALID_JSON = 3,     /* malformed JSON, or JSON of the wrong shape */
    WD_E_TOO_LARGE = 4,        /* an input exceeds its limit (1 MiB; 64 MiB for policy text, batches) */
    WD_E_POLICY_INVALID = 5,   /* invalid policies: the error JSON has "diagnostics" */
    WD_E_IO = 6,               /* a file or directory could not be read */
    WD_E_INVALID_HANDLE = 7,   /* the handle is closed or did not come from libwarden */
    WD_E_TOKEN_REFUSED = 8,    /* the token was refused: the error JSON has "reason" */
    WD_E_INVALID_ARGUMENT = 9, /* another argument is out of range */
    WD_E_BUFFER_TOO_SMALL = 10, /* the caller's buffer is too small: *length says how much is needed */
    WD_E_UNAVAILABLE = 11,     /* the gateway could not be reached or did not answer in time */
    WD_E_GATEWAY_REFUSED = 12, /* the gateway answered with an error: the error JSON has "grpc_code" */
    WD_E_INTERNAL = 99         /* a bug in libwarden; please report the message */
} wd_status;

/* A compiled, immutable policy set. */
typedef struct wd_engine wd_engine;

/* A connection to a Warden gateway (`warden serve`). */
typedef struct wd_gateway wd_gateway;

/* What a check answers when the gateway cannot be reached. */
#define WD_FAIL_CLOSED 0 /* deny, with a reason that says the gateway is unreachable */
#define WD_FAIL_OPEN 1   /* allow, with a reason that says so */

/* ABI version of the loaded library (WARDEN_ABI_VERSION it was built with). */
uint32_t wd_abi_version(void);

/* Warden release, e.g. "0.1.0". Static storage: do not free. */
const char *wd_version(void);

/* Releases a string returned by libwarden. NULL is ignored. */
void wd_free(void *p);

/* Loads every *.yaml, *.yml and *.json file in directory `path` (or the single file `path`). */
wd_status wd_engine_load_dir(const char *path, wd_engine **out, char **error);

/* Compiles policy text (YAML or JSON); `name` (NULL: "policy.yaml") names it in diagnostics. */
wd_status wd_engine_load_text(const char *text, const char *name, wd_engine **out, char **error);

/* Closes an engine. Closing twice yields WD_E_INVALID_HANDLE. */
wd_status wd_engine_close(wd_engine *engine, char **error);

/* {"warden": version, "policies": [{"name","version","scope","statements"}]}. */
wd_status wd_engine_info(wd_engine *engine, char **out, char **error);

/*
 * Decides one action, given as JSON:
 *   {"type": "bash.execute", "target": ..., "params": {...}, "context": {...},
 *    "agent": {"id": ..., "team": ..., "org": ...}}
 * *decision receives the decision JSON, byte for byte what `warden check --json` prints.
 * `at` is the evaluation time in Unix seconds (for schedule rules); pass -1 for now.
 */
wd_status wd_engine_check(wd_engine *engine, const char *action_json, int64_t at, char **decision, char **error);

/*
 * wd_engine_check into the caller's buffer: one call and no string to free, for hot paths.
 * On success `buffer` holds the decision JSON and a NUL, and *length its byte count (without
 * the NUL). If it does not fit in `capacity` bytes (NUL included), nothing is written to
 * `buffer`, *length is the count needed (without the NUL) and the status is
 * WD_E_BUFFER_TOO_SMALL: grow the buffer and call again. 4 KiB fits typical decisions.
 */
wd_status wd_engine_check_into(wd_engine *engine, const char *action_json, int64_t at,
                               char *buffer, size_t capacity, size_t *length, char **error);

/*
 * wd_engine_check_into that also gives the decision's serial number in *serial (not NULL):
 * 0, or a number that names this decision text for the life of the process. Most checks end
 * in a decision the engine made once and gives again unchanged (a rule's own decision, the
 * default decision it keeps for an action type); those carry a serial. Every answer with the
 * same non-zero serial has the same JSON text, byte for byte, and a serial is never given to
 * another text, by this engine or any other this copy of the library loads, even after the
 * engine is closed (two copies of libwarden in one process count separately). A binding may keep what it made from a text (a string, a decoded object) under its
 * serial and reuse it. 0 means a decision made for this action alone: convert its text.
 * The buffer, *length and the status are exactly those of wd_engine_check_into; *serial is 0
 * whenever the status is not WD_OK.
 */
wd_status wd_engine_check_serial(wd_engine *engine, const char *action_json, int64_t at,
                                 char *buffer, size_t capacity, size_t *length, uint64_t *serial, char **error);

/*
 * Decides a JSON array of actions. *decisions receives a JSON array of the same length: each
 * element is a decision, or {"error": "...", "index": N} for an action that could not be read.
 */
wd_status wd_engine_check_batch(wd_engine *engine, const char *actions_json, int64_t at, char **decisions, char **error);

/*
 * Verifies a Warden agent token (compact JWT, EdDSA/Ed25519) against a JWKS (JSON text, as
 * served by the gateway's GetPublicKeys). `now` in Unix seconds (-1: the current time);
 * `issuer` NULL skips the issuer check; `leeway` is seconds of allowed clock skew (>= 0).
 * On success *claims receives {"iss","sub","team","org","iat","nbf","exp","jti"}.
 * A refused token yields WD_E_TOKEN_REFUSED with "reason" in the error JSON: malformed,
 * unsupported_algorithm, unknown_key, bad_signature, expired, not_yet_valid, invalid_claims,
 * wrong_issuer.
 */
wd_status wd_token_verify(const char *token, const char *jwks_json, int64_t now, const char *issuer,
                          int64_t leeway, char **claims, char **error);

/*
 * Scans text for personal data, secrets and prompt injection, and optionally redacts what it
 * finds. `text` (at most 1 MiB) is the text to scan. `options_json` may be NULL (the defaults)
 * or a JSON object whose keys are all optional (null also means the default):
 *   {"categories": ["pii", "secret", "injection"],  -- which detectors run (default: all three)
 *    "redact": "redact" | "mask" | "remove",          -- also return the text with PII and secrets
 *                                                         replaced by a label, masked or removed
 *    "injection_threshold": 0.5}                      -- injection findings from this score (0...1)
 * An unknown key or a value of the wrong type yields WD_E_INVALID_JSON, an unknown category or
 * mode or a threshold outside 0...1 WD_E_INVALID_ARGUMENT; the message names the key.
 * *result receives one line of canonical JSON (it never contains the matched text):
 *   {"findings": [{"category", "kind", "start", "end", "severity", "score"}, ...],
 *    "injection": {"score": 0.93, "severity": "critical" | "high" | "medium" | null},
 *    "redacted": "..."}                                 -- only with "redact"
 * Spans (start, end) are UTF-8 byte offsets into `text`, half-open; findings are in text order.
 */
wd_status wd_scan(const char *text, const char *options_json, char **result, char **error);

/*
 * Checks the arguments of a tool call for shell injection, path traversal, sensitive paths,
 * SSRF and destructive SQL. `arguments_json` (at most 1 MiB) is a JSON object of arguments,
 * e.g. {"command": "curl x | sh", "options": {"url": "http://169.254.169.254/"}}: nested
 * objects become dotted names ("options.url"), list elements indexed ones ("files[1]"), and
 * only string values are scanned, each read as the kind its name suggests (a command, a path,
 * a URL, SQL, or free text). Anything but an object yields WD_E_INVALID_JSON.
 * *result receives {"findings": [{"category": "tool", "kind", "start", "end", "severity",
 * "score", "field"}, ...]}: spans are UTF-8 byte offsets into the value of argument `field`.
 */
wd_status wd_scan_arguments(const char *arguments_json, char **result, char **error);

/*
 * A gateway client (gRPC over HTTP/2), for SDKs without a gRPC library of their own. Calls
 * block until the answer or `timeout_ms` (wd_gateway_wait_for_approval has its own timeout). `address` is host:port; `fail_mode` is
 * WD_FAIL_CLOSED or WD_FAIL_OPEN; `tls` 1 verifies the server with the system trust roots.
 * Connecting is lazy: an unreachable address shows at the first call.
 */
wd_status wd_gateway_connect(const char *address, int64_t timeout_ms, int32_t fail_mode, int32_t tls, wd_gateway **out, char **error);

/* Closes the connection (in-flight calls finish first). Closing twice yields WD_E_INVALID_HANDLE. */
wd_status wd_gateway_close(wd_gateway *gateway, char **error);

/* Uses `token` (an agent token from an earlier registration) for the calls that need one. */
wd_status wd_gateway_set_token(wd_gateway *gateway, const char *token, char **error);

/*
 * Registers an agent: `request_json` is {"enrollment_secret", "name", "team", "org", "labels"}.
 * *reply receives {"agent_id", "token", "expires_at"}; the handle keeps the token.
 */
wd_status wd_gateway_register(wd_gateway *gateway, const char *request_json, char **reply, char **error);

/*
 * Decides an action at the gateway (same action JSON as wd_engine_check; the identity comes from
 * the token, not from an "agent" field). *decision receives the gateway's decision JSON;
 * *decision_id (may be NULL) its audit-log id. An unreachable gateway is not an error: the
 * answer is WD_OK with a fail-mode decision whose rules are ["gateway_unavailable"] and whose
 * reason says the gateway is unreachable (deny when failing closed, allow when failing open),
 * and *decision_id is NULL.
 */
wd_status wd_gateway_check(wd_gateway *gateway, const char *action_json, char **decision, char **decision_id, char **error);

/*
 * wd_gateway_check with everything the gateway answered. *reply receives
 *   {"decision": {...}, "decision_id": "dec_..." | null, "approval_id": "apr_..." | null,
 *    "approval_expires_at": <Unix seconds> | null}
 * where "decision" comes first and is the gateway's decision JSON byte for byte (what
 * wd_gateway_check gives in *decision). approval_id and approval_expires_at are set for a
 * require_approval decision: pass the id to wd_gateway_wait_for_approval. An unreachable
 * gateway is WD_OK with the same fail-mode decision as wd_gateway_check and the three others null.
 */
wd_status wd_gateway_check_detailed(wd_gateway *gateway, const char *action_json, char **reply, char **error);

/*
 * Waits until a human decides approval `approval_id` (from wd_gateway_check_detailed) or
 * `timeout_ms` passes (1...86400000, this call's own deadline: the connection's timeout does not
 * apply). Only the agent the approval belongs to may wait for it (the handle's token).
 * *approval receives the approval as `warden approvals show --json` prints it:
 *   {"approval_id", "agent_id", "state": "approved" | "rejected" | "expired", "action_type",
 *    "action", "rules", "reason", "risk", "policy": {"name", "version"}, "decision_id",
 *    "created_at", "expires_at", "decided_at", "decided_by", "note", "grant_expires_at",
 *    "consumed_at", "consumed_decision_id"}
 * Once approved, the same action (type, target, params) is allowed once. This call FAILS CLOSED
 * whatever the connection's fail mode: no decision in time is WD_OK with
 *   {"approval_id", "state": "timed_out", "reason": "no decision within N ms; not approved (failing closed)"}
 * and an unreachable gateway WD_OK with "state": "unavailable" and a reason that names the
 * address. Treat every state but "approved" as not approved. An unknown approval, or another
 * agent's, is WD_E_GATEWAY_REFUSED with "grpc_code": "not_found". The calling thread blocks
 * for the whole wait.
 */
wd_status wd_gateway_wait_for_approval(wd_gateway *gateway, const char *approval_id, int64_t timeout_ms,
                                       char **approval, char **error);

/*
 * Records events: a JSON array of warden.v1.Event objects in protobuf's JSON mapping, e.g.
 * [{"decision_id": "dec_...", "llm_call": {"model": "gpt-4o", "input_tokens": 812, "cost_usd": 0.01}}].
 * Acknowledged once durably committed: *reply receives {"count", "first_sequence",
 * "last_sequence", "chain_hash"}.
 */
wd_status wd_gateway_record(wd_gateway *gateway, const char *events_json, char **reply, char **error);

#ifdef __cplusplus
}
#endif

#endif /* WARDEN_H */
