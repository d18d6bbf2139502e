// Type declarations for the `warden` Node package.

export interface Action {
  type: string;
  target?: string;
  params?: Record<string, unknown>;
  context?: Record<string, unknown>;
  agent?: { id?: string; team?: string; org?: string };
}

export interface CheckOptions {
  /** Evaluation time in Unix seconds (schedule rules); default now. */
  at?: number;
}

export type Outcome = 'allow' | 'deny' | 'require_approval';

/**
 * Frozen, with `raw` (and so `rules` and `policy`) deep-frozen: `Engine.check` returns the same
 * object again for every check that ends in the same decision (a rule's own, the default for
 * an action type).
 */
export class Decision {
  readonly decision: Outcome;
  readonly reason: string;
  readonly rules: readonly string[];
  readonly policy: { readonly name: string; readonly version: string } | null;
  readonly risk: string | null;
  /** The parsed decision JSON (deep-frozen). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The decision JSON text, byte for byte what `warden check --json` prints. */
  readonly json: string;
  readonly allowed: boolean;
  readonly requiresApproval: boolean;
}

export class Engine {
  static fromDirectory(dir: string): Engine;
  static fromText(text: string, name?: string): Engine;
  check(action: Action | string, options?: CheckOptions): Decision;
  checkAsync(action: Action | string, options?: CheckOptions): Promise<Decision>;
  checkBatch(actions: Action[], options?: CheckOptions): Array<Decision | WardenError>;
  info(): { warden: string; policies: Array<{ name: string; version: string; scope: string; statements: number }> };
  close(): void;
}

export type GatewayDecision = Decision & {
  /** The gateway's audit-log id; null for fail-mode answers. */
  readonly decisionId: string | null;
  /** For require_approval: the pending approval to wait for. */
  readonly approvalId: string | null;
  /** For require_approval: when that approval expires (Unix seconds). */
  readonly approvalExpiresAt: number | null;
};

/**
 * 'approved', 'rejected' and 'expired' are the gateway's final states; 'timed_out' means the wait's
 * timeout passed first and 'unavailable' that the gateway could not be reached. Only 'approved' approves.
 */
export type ApprovalState = 'approved' | 'rejected' | 'expired' | 'timed_out' | 'unavailable' | 'pending' | 'unknown';

export interface Approval {
  readonly approvalId: string;
  readonly state: ApprovalState;
  /** true only for state 'approved'. */
  readonly approved: boolean;
  /** The admin secret's name that decided; null if nobody did. */
  readonly decidedBy: string | null;
  readonly note: string | null;
  /** The decision's reason, or why the wait did not get an answer. */
  readonly reason: string;
  /** The whole approval JSON, as `warden approvals show --json` prints it. */
  readonly raw: Record<string, unknown>;
}

export class Gateway {
  /** address 'host:port'; connecting is lazy. */
  static connect(address: string, options?: { timeoutMs?: number; failOpen?: boolean; tls?: boolean; token?: string }): Gateway;
  setToken(token: string): void;
  register(request: { enrollmentSecret: string; name: string; team?: string | null; org?: string | null;
    labels?: Record<string, string> }): Promise<{ agentId: string; token: string; expiresAt: number }>;
  /**
   * Resolves to deny (or allow with failOpen) with rules ['gateway_unavailable'] when the gateway is unreachable.
   * For require_approval, approvalId names the pending approval (for waitForApproval) and approvalExpiresAt
   * (Unix seconds) when it expires; both are null otherwise.
   */
  check(action: Action | string): Promise<GatewayDecision>;
  /**
   * Waits for a human to decide an approval, until options.timeoutMs (default 300000, at most 86400000).
   * Fails closed: only state 'approved' has approved === true. Rejects with WardenError 'gateway_refused'
   * (details.grpc_code 'not_found') for an unknown approval or another agent's.
   */
  waitForApproval(approvalId: string, options?: { timeoutMs?: number }): Promise<Approval>;
  record(events: Array<Record<string, unknown>>): Promise<{ count: number; firstSequence: number; lastSequence: number; chainHash: string }>;
  close(): Promise<void>;
}

export interface Claims {
  iss: string; sub: string; team: string | null; org: string | null;
  iat: number; nbf: number; exp: number; jti: string;
}

export function verifyToken(token: string, jwks: object | string,
  options?: { now?: number; issuer?: string; leeway?: number }): Claims;

export function guard<P extends Record<string, unknown>, R>(action: string, engine: Engine,
  fn: (params: P, ...rest: unknown[]) => R): (params?: P, ...rest: unknown[]) => R;

export type DetectionCategory = 'pii' | 'secret' | 'injection' | 'tool';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type RedactionMode = 'redact' | 'mask' | 'remove';

/** One thing a detector found; never the matched text itself. */
export interface Finding {
  readonly category: DetectionCategory;
  /** email, aws_access_key_id, instruction_override, ssrf, ... */
  readonly kind: string;
  /** UTF-8 byte offset of the match's first byte (in the text, or in the argument's value). */
  readonly start: number;
  /** UTF-8 byte offset just past the match. */
  readonly end: number;
  readonly severity: Severity;
  /** Confidence in 0...1. */
  readonly score: number;
  /** For tool arguments, the argument's dotted name ('options.url', 'files[1]'); else null. */
  readonly field: string | null;
}

export interface ScanOptions {
  /** The detectors to run (default all three). */
  categories?: Array<'pii' | 'secret' | 'injection'>;
  /** Also return the text with PII and secrets replaced. */
  redact?: RedactionMode;
  /** Report injection findings from this score (0...1, default 0.5). */
  injectionThreshold?: number;
}

export interface ScanResult {
  /** In text order. */
  readonly findings: readonly Finding[];
  /** The whole text's injection score, 0...1. */
  readonly injectionScore: number;
  /** null under 0.5, then medium, high from 0.75, critical from 0.9. */
  readonly injectionSeverity: 'medium' | 'high' | 'critical' | null;
  /** The redacted text with options.redact, else null. */
  readonly redacted: string | null;
}

/** Scans text (at most 1 MiB) for personal data, secrets and prompt injection. */
export function scan(text: string, options?: ScanOptions): ScanResult;
/** The text with its personal data and secrets replaced. */
export function redact(text: string, mode?: RedactionMode): string;
/** Checks a tool call's arguments for shell injection, path traversal, sensitive paths, SSRF and destructive SQL. */
export function scanArguments(args: Record<string, unknown>): readonly Finding[];

export class WardenError extends Error {
  readonly status: string;
  readonly details: Record<string, unknown>;
}
export class PolicyError extends WardenError {
  readonly diagnostics: Array<{ file: string; path: string; line?: number; column?: number; message: string }>;
}
export class TokenError extends WardenError {
  readonly reason: string;
}
export class Denied extends Error { readonly decision: Decision; }
export class ApprovalRequired extends Error { readonly decision: Decision; }
export function version(): string;
