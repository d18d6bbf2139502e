'use strict';
// The Node conformance runner: the line protocol of conformance/README.md over the Node SDK
// (bindings/node), which calls libwarden (WARDEN_LIB).
const path = require('path');
const readline = require('readline');
const warden = require(path.join(__dirname, '..', '..', 'bindings', 'node'));

function error(err) {
  if (err instanceof warden.WardenError) return Object.assign({}, err.details, { status: err.status, message: err.message });
  return { status: 'runner', message: String(err && err.message) };
}

// SCAN: the result rebuilt from the SDK's typed ScanResult, in libwarden's JSON shape.
function scanJSON(text, options) {
  const r = warden.scan(text, {
    categories: options.categories, redact: options.redact, injectionThreshold: options.injection_threshold,
  });
  const findings = r.findings.map((f) => {
    const item = { category: f.category, kind: f.kind, start: f.start, end: f.end, severity: f.severity, score: f.score };
    if (f.field !== null) item.field = f.field;
    return item;
  });
  const out = { findings, injection: { score: r.injectionScore, severity: r.injectionSeverity } };
  if (r.redacted !== null) out.redacted = r.redacted;
  return JSON.stringify(out);
}

let engine = null;
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
lines.on('line', (line) => {
  const f = line.split('\t');
  let result;
  try {
    if (f[0] === 'ENGINE' && f.length === 2) {
      if (engine) engine.close();
      engine = null;
      engine = warden.Engine.fromDirectory(f[1]);
      result = JSON.stringify({ ok: true });
    } else if (f[0] === 'CHECK' && f.length >= 3) {
      result = engine ? engine.check(f.slice(2).join('\t'), { at: Number(f[1]) === -1 ? undefined : Number(f[1]) }).json
        : JSON.stringify({ error: { status: 'invalid_handle', message: 'no engine loaded' } });
    } else if (f[0] === 'TOKEN' && f.length >= 6) {
      try {
        const claims = warden.verifyToken(f[4], f.slice(5).join('\t'), { now: Number(f[1]), leeway: Number(f[2]), issuer: f[3] || undefined });
        result = JSON.stringify({ valid: true, claims });
      } catch (err) {
        if (!(err instanceof warden.TokenError)) throw err;
        result = JSON.stringify({ valid: false, error: error(err) });
      }
    } else if (f[0] === 'SCAN' && f.length === 3) {
      result = scanJSON(JSON.parse(f[1]), f[2] ? JSON.parse(f[2]) : {});
    } else {
      result = JSON.stringify({ error: { status: 'runner', message: 'bad protocol line' } });
    }
  } catch (err) {
    result = JSON.stringify({ error: error(err) });
  }
  out.push(result);
});
lines.on('close', () => process.stdout.write(out.map((l) => l + '\n').join('')));
