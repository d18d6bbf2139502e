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

export class Decision {
  readonly decision: Outcome;
  readonly reason: string;
  readonly rules: string[];
  readonly policy: { name: string; version: string } | null;
  readonly risk: string | null;
  /** The parsed decision JSON. */
  readonly raw: Record<string, unknown>;
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

export class Gateway {
  /** address 'host:port'; connecting is lazy. */
  static connect(address: string, options?: { timeoutMs?: number; failOpen?: boolean; tls?: boolean; token?: string }): Gateway;
  setToken(token: string): void;
  register(request: { enrollmentSecret: string; name: string; team?: string | null; org?: string | null;
    labels?: Record<string, string> }): Promise<{ agentId: string; token: string; expiresAt: number }>;
  /** Resolves to deny (or allow with failOpen) with rules ['gateway_unavailable'] when the gateway is unreachable. */
  check(action: Action | string): Promise<Decision & { readonly decisionId: string | null }>;
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
