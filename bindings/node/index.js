'use strict';
// Warden for Node: the policy engine in-process through libwarden (ffi/include/warden.h).
//
//   const warden = require('warden');
//   const engine = warden.Engine.fromDirectory('.warden/policies');
//   engine.check({ type: 'bash.execute', params: { command: 'rm -rf /' } }).allowed   // false
//   await engine.checkAsync({ type: 'file.read', target: '/etc/hosts' })            // on libuv's pool
//   warden.redact('mail ana@example.com')                                            // 'mail [EMAIL_REDACTED]'
//
// The native addon (build/warden.node) finds libwarden through WARDEN_LIB, next to itself, or
// on the loader path.

const path = require('path');

let native;
try {
  native = require(path.join(__dirname, 'build', 'warden.node'));
} catch (err) {
  err.message = `warden: cannot load the native addon: ${err.message}`;
  throw err;
}

/** A libwarden failure; `status` is its stable name (invalid_json, policy_invalid, ...). */
class WardenError extends Error {
  constructor(message, status, details) {
    super(message);
    this.name = 'WardenError';
    this.status = status;
    this.details = details || {};
  }
}

/** Invalid policies; `diagnostics` lists every problem. */
class PolicyError extends WardenError {
  constructor(message, status, details) {
    super(message, status, details);
    this.name = 'PolicyError';
    this.diagnostics = (details && details.diagnostics) || [];
  }
}

/** A refused token; `reason` is malformed, expired, bad_signature, ... */
class TokenError extends WardenError {
  constructor(message, status, details) {
    super(message, status, details);
    this.name = 'TokenError';
    this.reason = (details && details.reason) || '';
  }
}

/** A guarded call was denied or needs approval; `decision` says why. */
class Denied extends Error {
  constructor(decision) { super(`denied: ${decision.reason}`); this.name = 'Denied'; this.decision = decision; }
}
class ApprovalRequired extends Error {
  constructor(decision) { super(`approval required: ${decision.reason}`); this.name = 'ApprovalRequired'; this.decision = decision; }
}

function wrap(err) {
  if (err && typeof err.status === 'string' && typeof err.details === 'string') {
    let details = {};
    try { details = JSON.parse(err.details); } catch (_) { /* keep {} */ }
    const message = details.message || err.message;
    const Kind = err.status === 'policy_invalid' ? PolicyError : err.status === 'token_refused' ? TokenError : WardenError;
    return new Kind(message, err.status, details);
  }
  return err;
}

function call(fn, ...args) {
  try { return fn(...args); } catch (err) { throw wrap(err); }
}

const PREFIX = '{"decision":"';

/** `value` and everything in it frozen: decisions are shared (see Decision). Frozen before its
 * members, so a cycle in a caller's `raw` ends instead of recursing forever. */
function deepFreeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}

/**
 * One decision, immutable: the SDK hands out Decisions frozen, with `raw` (and so `rules`,
 * `policy`) frozen too, because `check` gives the same object again for every check that ends
 * in the same decision (a rule's own decision, the default for an action type). `decision` (and
 * `allowed`) come straight from the JSON text, which always starts with the outcome; the other
 * fields are parsed on first use. The text and its parse are private fields (not enumerable,
 * like `Object.defineProperty` would make them, but about 20 times cheaper to set:
 * defineProperty took ~0.8 µs of each check).
 */
class Decision {
  #json;
  #raw;
  constructor(json, raw) {
    this.#json = json;
    if (raw === undefined && json.startsWith(PREFIX)) {
      this.decision = json.slice(PREFIX.length, json.indexOf('"', PREFIX.length));
    } else {
      this.#raw = deepFreeze(raw === undefined ? JSON.parse(json) : raw);
      this.decision = this.#raw.decision;
    }
  }
  /** The decision JSON text, byte for byte what `warden check --json` prints. */
  get json() { return this.#json; }
  get raw() {
    if (this.#raw === undefined) this.#raw = deepFreeze(JSON.parse(this.#json));
    return this.#raw;
  }
  get reason() { return this.raw.reason || ''; }
  get rules() { return this.raw.rules || []; }
  get policy() { return this.raw.policy === undefined ? null : this.raw.policy; }
  get risk() { return this.raw.risk === undefined ? null : this.raw.risk; }
  get allowed() { return this.decision === 'allow'; }
  get requiresApproval() { return this.decision === 'require_approval'; }
  toJSON() { return this.raw; }
}

/** A frozen Decision from decision JSON; the addon keeps these by serial for check(). */
function decisionOf(json) { return Object.freeze(new Decision(json)); }
native.setDecisionMaker(decisionOf);

function actionJSON(action) {
  if (typeof action === 'string') return action;
  if (!action || typeof action !== 'object' || typeof action.type !== 'string' || action.type === '') {
    throw new TypeError("an action needs a non-empty string 'type', e.g. { type: 'bash.execute', params: {...} }");
  }
  return JSON.stringify(action);
}

function when(options) {
  const at = options && options.at;
  if (at === undefined || at === null) return -1;
  if (!Number.isInteger(at)) throw new TypeError('options.at must be an integer (Unix seconds)');
  return at;
}

class Engine {
  constructor(handle) { this._handle = handle; }

  /** Loads every *.yaml, *.yml and *.json policy file in `dir` (or the one file `dir`). */
  static fromDirectory(dir) { return new Engine(call(native.loadDir, dir)); }

  /** Compiles policy text (YAML or JSON); `name` labels it in diagnostics. */
  static fromText(text, name = 'policy.yaml') { return new Engine(call(native.loadText, text, name)); }

  /** Decides one action ({type, target, params, context, agent} or its JSON text). */
  check(action, options) { return call(native.check, this._handle, actionJSON(action), when(options)); }

  /** Like check, decided on libuv's thread pool. */
  async checkAsync(action, options) {
    const text = actionJSON(action);
    const at = when(options);
    try {
      return decisionOf(await native.checkAsync(this._handle, text, at));
    } catch (err) {
      throw wrap(err);
    }
  }

  /** Decides many actions; each result is a Decision or a WardenError for an unreadable action. */
  checkBatch(actions, options) {
    if (!Array.isArray(actions)) throw new TypeError('actions must be an array');
    const out = JSON.parse(call(native.checkBatch, this._handle, JSON.stringify(actions), when(options)));
    return out.map((d) => (d.error !== undefined && d.decision === undefined
      ? new WardenError(d.error, 'invalid_json', d) : Object.freeze(new Decision(JSON.stringify(d), d))));
  }

  /** {warden, policies: [{name, version, scope, statements}]} */
  info() { return JSON.parse(call(native.info, this._handle)); }

  /** Releases the engine; later calls throw WardenError('invalid_handle'). */
  close() { call(native.close, this._handle); }
}

async function settle(promise) {
  try { return await promise; } catch (err) { throw wrap(err); }
}

const DETAILED_PREFIX = '{"decision":';
const DETAILED_TAIL = ',"decision_id":';

/**
 * A Decision from wd_gateway_check_detailed's reply, whose first member is the decision JSON
 * verbatim (ffi/README.md): it is cut out, not re-encoded, so `json` keeps the gateway's bytes.
 */
function gatewayDecision(reply) {
  const cut = reply.lastIndexOf(DETAILED_TAIL);
  if (!reply.startsWith(DETAILED_PREFIX) || cut < 0) {
    throw new WardenError(`libwarden answered a gateway check with unexpected JSON: ${reply.slice(0, 200)}`, 'internal', {});
  }
  const rest = JSON.parse(`{${reply.slice(cut + 1)}`);
  const d = new Decision(reply.slice(DETAILED_PREFIX.length, cut));
  Object.defineProperties(d, {
    decisionId: { value: rest.decision_id === undefined ? null : rest.decision_id, enumerable: true },
    approvalId: { value: rest.approval_id === undefined ? null : rest.approval_id, enumerable: true },
    approvalExpiresAt: { value: rest.approval_expires_at === undefined ? null : rest.approval_expires_at, enumerable: true },
  });
  return Object.freeze(d);
}

/**
 * An approval as waitForApproval ends it. `approved` is true only for state 'approved':
 * 'rejected', 'expired', 'timed_out' (the wait's timeout passed first) and 'unavailable' (the
 * gateway could not be reached) all fail closed. `raw` is the whole approval JSON, as
 * `warden approvals show --json` prints it.
 */
function approval(text) {
  const raw = JSON.parse(text);
  const orNull = (v) => (v === undefined ? null : v);
  return Object.freeze({
    approvalId: raw.approval_id,
    state: raw.state,
    approved: raw.state === 'approved',
    decidedBy: orNull(raw.decided_by),
    note: orNull(raw.note),
    reason: raw.reason || '',
    raw,
  });
}

/**
 * A client of a Warden gateway (`warden serve`) through libwarden's gRPC client; every call
 * returns a Promise (it runs on libuv's thread pool). When the gateway cannot be reached,
 * check() resolves to deny (fail closed, the default) or allow (failOpen) with rules
 * ['gateway_unavailable'] and a reason that says so. A require_approval decision has an
 * approvalId to wait for with waitForApproval(), which always fails closed.
 */
class Gateway {
  constructor(handle) { this._handle = handle; }

  /** address: 'host:port'; options: {timeoutMs = 5000, failOpen = false, tls = false, token}. */
  static connect(address, options = {}) {
    const timeout = options.timeoutMs === undefined ? 5000 : options.timeoutMs;
    if (!Number.isInteger(timeout)) throw new TypeError('options.timeoutMs must be an integer');
    const g = new Gateway(call(native.gatewayConnect, address, timeout, options.failOpen ? 1 : 0, options.tls ? 1 : 0));
    if (options.token !== undefined) g.setToken(options.token);
    return g;
  }

  setToken(token) { call(native.gatewaySetToken, this._handle, token); }

  /** {enrollmentSecret, name, team, org, labels} -> {agentId, token, expiresAt}; keeps the token. */
  async register({ enrollmentSecret, name, team = null, org = null, labels = {} }) {
    const [text] = await settle(native.gatewayRegister(this._handle,
      JSON.stringify({ enrollment_secret: enrollmentSecret, name, team, org, labels })));
    const r = JSON.parse(text);
    return { agentId: r.agent_id, token: r.token, expiresAt: r.expires_at };
  }

  /**
   * Decides an action at the gateway. The Decision has decisionId (null for fail-mode answers)
   * and, for require_approval, approvalId and approvalExpiresAt (Unix seconds); null otherwise.
   */
  async check(action) {
    const [text] = await settle(native.gatewayCheck(this._handle, actionJSON(action)));
    return gatewayDecision(text);
  }

  /**
   * Waits until a human approves or rejects `approvalId` (from a require_approval check), it
   * expires, or options.timeoutMs (default 300000, at most 86400000; the connection's timeout
   * does not apply) passes. Resolves to {approvalId, state, approved, decidedBy, note, reason,
   * raw}; fails closed: state 'timed_out' or 'unavailable' (unreachable gateway, even with
   * failOpen) is not approved. Rejects with WardenError 'gateway_refused' (details.grpc_code
   * 'not_found') for an unknown approval or another agent's. Each wait holds one libuv pool
   * thread (UV_THREADPOOL_SIZE, 4 by default) until it ends.
   */
  async waitForApproval(approvalId, options = {}) {
    if (typeof approvalId !== 'string') throw new TypeError('approvalId must be a string (a require_approval decision\'s approvalId)');
    const timeoutMs = options.timeoutMs === undefined ? 300000 : options.timeoutMs;
    if (!Number.isInteger(timeoutMs)) throw new TypeError('options.timeoutMs must be an integer (milliseconds)');
    const [text] = await settle(native.gatewayWaitForApproval(this._handle, approvalId, timeoutMs));
    return approval(text);
  }

  /** Events (warden.v1.Event in protobuf's JSON mapping) -> {count, firstSequence, lastSequence, chainHash} once durable. */
  async record(events) {
    if (!Array.isArray(events)) throw new TypeError('events must be an array');
    const [text] = await settle(native.gatewayRecord(this._handle, JSON.stringify(events)));
    const r = JSON.parse(text);
    return { count: r.count, firstSequence: r.first_sequence, lastSequence: r.last_sequence, chainHash: r.chain_hash };
  }

  async close() { await settle(native.gatewayClose(this._handle)); }
}

/** Verifies a Warden agent token against a JWKS (object or JSON text). Throws TokenError. */
function verifyToken(token, jwks, options = {}) {
  const jwksText = typeof jwks === 'string' ? jwks : JSON.stringify(jwks);
  const now = options.now === undefined || options.now === null ? -1 : options.now;
  return JSON.parse(call(native.verifyToken, token, jwksText, now, options.issuer === undefined ? null : options.issuer,
    options.leeway || 0));
}

/**
 * One thing a detector found (never the matched text itself). `start` and `end` are UTF-8
 * byte offsets (half-open) into the scanned text, or into the argument's value for tool
 * arguments: `Buffer.from(text).subarray(f.start, f.end)` is the match.
 */
function finding(raw) {
  return Object.freeze({
    category: raw.category, kind: raw.kind, start: raw.start, end: raw.end, severity: raw.severity, score: raw.score,
    field: raw.field === undefined ? null : raw.field,
  });
}

function scanOptions(options) {
  if (options === undefined || options === null) return null;
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError('options must be an object: {categories, redact, injectionThreshold}');
  const known = ['categories', 'redact', 'injectionThreshold'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`options.${key} is not an option (expected categories, redact, injectionThreshold)`);
  }
  const out = {};
  const { categories, redact, injectionThreshold } = options;
  if (categories !== undefined && categories !== null) {
    if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string')) {
      throw new TypeError("options.categories must be an array of strings, e.g. ['pii', 'secret']");
    }
    out.categories = categories;
  }
  if (redact !== undefined && redact !== null) {
    if (typeof redact !== 'string') throw new TypeError("options.redact must be 'redact', 'mask' or 'remove'");
    out.redact = redact;
  }
  if (injectionThreshold !== undefined && injectionThreshold !== null) {
    if (typeof injectionThreshold !== 'number' || !Number.isFinite(injectionThreshold)) {
      throw new TypeError('options.injectionThreshold must be a number from 0 to 1');
    }
    out.injection_threshold = injectionThreshold;
  }
  return Object.keys(out).length ? JSON.stringify(out) : null;
}

/**
 * Scans text for personal data, secrets and prompt injection (and redacts them with
 * `redact`). Returns {findings, injectionScore, injectionSeverity, redacted}; finding spans
 * are UTF-8 byte offsets into `text`. Bad option values throw WardenError
 * (invalid_argument / invalid_json) with libwarden's message; wrong types throw TypeError.
 */
function scan(text, options) {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const raw = JSON.parse(call(native.scan, text, scanOptions(options)));
  return Object.freeze({
    findings: Object.freeze(raw.findings.map(finding)),
    injectionScore: raw.injection.score,
    injectionSeverity: raw.injection.severity,
    redacted: raw.redacted === undefined ? null : raw.redacted,
  });
}

/** `text` with its personal data and secrets replaced: mode 'redact' (labels), 'mask' or 'remove'. */
function redact(text, mode = 'redact') {
  if (typeof mode !== 'string') throw new TypeError("mode must be 'redact', 'mask' or 'remove'");
  return scan(text, { categories: ['pii', 'secret'], redact: mode }).redacted;
}

/**
 * Checks a tool call's arguments (an object; nested objects become dotted names such as
 * 'options.url', array elements indexed ones such as 'files[1]') for shell injection, path
 * traversal, sensitive paths, SSRF and destructive SQL. Returns the findings, each with `field`.
 */
function scanArguments(args) {
  if (!args || typeof args !== 'object' || Array.isArray(args)) throw new TypeError('arguments must be an object of argument names to values');
  return Object.freeze(JSON.parse(call(native.scanArguments, JSON.stringify(args))).findings.map(finding));
}

/** Wraps `fn` so that `action` is checked (with fn's first argument as params) before it runs. */
function guard(action, engine, fn) {
  if (!(engine instanceof Engine)) throw new TypeError('guard needs an Engine');
  return function guarded(params = {}, ...rest) {
    const d = engine.check({ type: action, params });
    if (d.decision === 'deny') throw new Denied(d);
    if (d.decision === 'require_approval') throw new ApprovalRequired(d);
    return fn.call(this, params, ...rest);
  };
}

module.exports = {
  Engine, Decision, Gateway, verifyToken, guard, WardenError, PolicyError, TokenError, Denied, ApprovalRequired,
  scan, redact, scanArguments,
  version: () => native.version(),
};
