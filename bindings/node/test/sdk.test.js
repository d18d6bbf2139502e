'use strict';
// The Node SDK over libwarden (WARDEN_LIB points at build/lib/libwarden.so in make test).
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const warden = require('..');

const ROOT = path.join(__dirname, '..', '..', '..');
const POLICY = require('fs').readFileSync(path.join(ROOT, 'bindings', 'testdata', 'pay.yaml'), 'utf8');

test('check gives a typed decision', () => {
  const e = warden.Engine.fromText(POLICY, 'pay.yaml');
  const d = e.check({ type: 'bash.execute', params: { command: 'rm -rf /' } });
  assert.strictEqual(d.allowed, false);
  assert.strictEqual(d.decision, 'deny');
  assert.deepStrictEqual(d.rules, ['NoRm']);
  assert.strictEqual(d.raw.decision, 'deny');
  assert.ok(e.check({ type: 'payment.charge', params: { amount: 5000 } }).requiresApproval);
  assert.ok(e.check('{"type":"bash.execute","params":{"command":"ls"}}').allowed);
  e.close();
});

test('checkAsync decides on the thread pool, many at once', async () => {
  const e = warden.Engine.fromText(POLICY);
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    e.checkAsync({ type: 'bash.execute', params: { command: i % 2 ? 'rm -rf /' : 'ls' } })));
  results.forEach((d, i) => assert.strictEqual(d.allowed, i % 2 === 0));
  await assert.rejects(e.checkAsync('{"type":'), (err) => err instanceof warden.WardenError && err.status === 'invalid_json');
  e.close();
});

test('loads a fixture directory', () => {
  const e = warden.Engine.fromDirectory(path.join(ROOT, 'conformance', 'fixtures', 'policy', '001-precedence', 'policies'));
  assert.strictEqual(e.info().policies[0].name, 'base');
  e.close();
});

test('invalid policies throw PolicyError with every diagnostic', () => {
  assert.throws(() => warden.Engine.fromText('spec: {statements: [{effect: maybe}]}\n', 'bad.yaml'), (err) =>
    err instanceof warden.PolicyError && err.diagnostics.length > 0 && err.diagnostics.every((d) => d.file === 'bad.yaml'));
});

test('bad inputs throw precise errors, never crash', () => {
  const e = warden.Engine.fromText(POLICY);
  assert.throws(() => warden.Engine.fromDirectory('/nonexistent/policies'), (err) => err.status === 'io' && err.message.includes('/nonexistent/policies'));
  assert.throws(() => e.check('{"type":"x","parms":{}}'), (err) => err.status === 'invalid_json' && err.message.includes('parms'));
  assert.throws(() => e.check({ type: 'x', params: { blob: 'a'.repeat(2 << 20) } }), (err) => err.status === 'too_large');
  assert.throws(() => e.check({}), TypeError);
  assert.throws(() => e.check('{"type":"a\u0000b"}'), /NUL/);
  assert.throws(() => e.check({ type: 'x' }, { at: 1.5 }), TypeError);
  assert.throws(() => warden.Engine.fromText(42), TypeError);
  e.close();
});

test('use after close and forged handles are errors', () => {
  const e = warden.Engine.fromText(POLICY);
  e.close();
  assert.throws(() => e.check({ type: 'bash.execute' }), (err) => err.status === 'invalid_handle');
  assert.throws(() => e.close(), (err) => err.status === 'invalid_handle');
  const forged = new warden.Engine(12345n);
  assert.throws(() => forged.check({ type: 'x' }), (err) => err.status === 'invalid_handle');
  const bogus = new warden.Engine('nope');
  assert.throws(() => bogus.check({ type: 'x' }), TypeError);
});

test('checkBatch keeps order and reports unreadable actions', () => {
  const e = warden.Engine.fromText(POLICY);
  const out = e.checkBatch([{ type: 'bash.execute' }, { typo: 1 }, { type: 'payment.charge' }]);
  assert.strictEqual(out[0].decision, 'allow');
  assert.ok(out[1] instanceof warden.WardenError);
  assert.strictEqual(out[2].decision, 'allow');
  e.close();
});

test('guard checks before the function runs', () => {
  const e = warden.Engine.fromText(POLICY);
  const ran = [];
  const charge = warden.guard('payment.charge', e, (p) => { ran.push(p.amount); return 'charged'; });
  assert.strictEqual(charge({ amount: 10 }), 'charged');
  assert.throws(() => charge({ amount: 5000 }), warden.ApprovalRequired);
  const shell = warden.guard('bash.execute', e, () => ran.push('ran'));
  assert.throws(() => shell({ command: 'rm -rf /' }), warden.Denied);
  assert.deepStrictEqual(ran, [10]);
  e.close();
});

test('verifyToken refusals carry a reason', () => {
  assert.throws(() => warden.verifyToken('nope', { keys: [] }), (err) => err instanceof warden.TokenError && err.reason === 'malformed');
  assert.throws(() => warden.verifyToken('a.b.c', '{'), (err) => err.status === 'invalid_json');
  assert.match(warden.version(), /^\d+\.\d+\.\d+$/);
});

test('decisions larger than the addon buffer still come back whole', () => {
  const reason = 'r'.repeat(10000);
  const e = warden.Engine.fromText(`apiVersion: warden/v1
kind: Policy
metadata: {name: long}
spec:
  default: deny
  statements:
    - {sid: Long, effect: deny, actions: [x.y], reason: "${reason}"}
`);
  const d = e.check({ type: 'x.y' });
  assert.strictEqual(d.decision, 'deny');
  assert.strictEqual(d.reason, reason);
  assert.throws(() => e.check('{"type":'), (err) => err.status === 'invalid_json');
  e.close();
});

test('actions around the addon input buffer size (16 KiB) are read whole', () => {
  const e = warden.Engine.fromText(POLICY);
  const base = '{"type":"bash.execute","params":{"command":"rm -rf / #","pad":""}}';
  for (const size of [16382, 16383, 16384, 16385, 40000]) {
    for (const tail of ['a', 'é', '😀']) { // a multibyte character may straddle the buffer's end
      const pad = tail.repeat(Math.ceil((size - base.length) / Buffer.byteLength(tail)));
      const text = base.replace('"pad":""', `"pad":"${pad}"`);
      const d = e.check(text);
      assert.strictEqual(d.decision, 'deny', `${Buffer.byteLength(text)} bytes ending in ${tail}`);
      assert.deepStrictEqual(d.rules, ['NoRm']);
      // The same text cut short of its closing brace is refused, not read as a shorter action.
      assert.throws(() => e.check(text.slice(0, -1)), (err) => err.status === 'invalid_json');
    }
  }
  e.close();
});

test('a decision shows only its outcome as an own property; json and raw stay readable', () => {
  const e = warden.Engine.fromText(POLICY);
  const d = e.check({ type: 'bash.execute', params: { command: 'rm -rf /' } });
  assert.deepStrictEqual(Object.keys(d), ['decision']);
  assert.strictEqual(JSON.parse(d.json).decision, 'deny');
  assert.deepStrictEqual(JSON.parse(JSON.stringify(d)), d.raw);
  e.close();
});

test('worker threads check at the same time as the main thread', async () => {
  const { Worker } = require('node:worker_threads');
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const warden = require(workerData.sdk);
    const e = warden.Engine.fromText(workerData.policy);
    let wrong = 0;
    for (let i = 0; i < 20000; i++) {
      const deny = (i + workerData.id) % 2 === 0;
      const d = e.check({ type: 'bash.execute', params: { command: deny ? 'rm -rf /' : 'ls -la' } });
      if (d.decision !== (deny ? 'deny' : 'allow') || d.json.length === 0) wrong++;
    }
    parentPort.postMessage(wrong);`;
  const workers = [0, 1, 2].map((id) => new Promise((resolve, reject) => {
    const w = new Worker(source, { eval: true, workerData: { sdk: path.join(__dirname, '..'), policy: POLICY, id } });
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const e = warden.Engine.fromText(POLICY);
  let wrong = 0;
  for (let i = 0; i < 20000; i++) {
    const d = e.check({ type: 'bash.execute', params: { command: i % 3 ? 'ls' : 'rm -rf /' } });
    if (d.decision !== (i % 3 ? 'allow' : 'deny')) wrong++;
  }
  assert.deepStrictEqual(await Promise.all(workers), [0, 0, 0]);
  assert.strictEqual(wrong, 0);
  e.close();
});

test('decision texts arrive whole, ASCII or not, the same from check and checkAsync', async () => {
  // libwarden's text becomes a JS string as Latin-1 when it is all ASCII and as UTF-8
  // otherwise; a default decision's reason names the type, so these types give both, and the
  // reason must hold the type exactly as sent (Latin-1 read of UTF-8 bytes would garble it).
  const e = warden.Engine.fromText(POLICY);
  const actions = [
    { type: 'bash.execute', params: { command: 'rm -rf /' } },
    { type: 'bash.execute', params: { command: 'ls' } },
    { type: 'payment.charge', params: { amount: 5000 } },
    { type: 'paiement.reçu' },
    { type: '支払い.確認' },
    { type: 'emoji.😀' },
    { type: 'plain.ascii' },
  ];
  for (const a of actions) {
    const d = e.check(a);
    const expected = await e.checkAsync(a);
    assert.strictEqual(d.json, expected.json, a.type);
    assert.strictEqual(d.decision, JSON.parse(d.json).decision, a.type);
    assert.strictEqual(d.allowed, d.decision === 'allow');
    assert.strictEqual(d.requiresApproval, d.decision === 'require_approval');
    if (!a.params) assert.ok(d.reason.includes(a.type), d.reason);
  }
  assert.deepStrictEqual([...new Set(actions.map((a) => e.check(a).decision))].sort(), ['allow', 'deny', 'require_approval']);
  e.close();
});

test('check gives the same frozen Decision for the same kept decision, and never a wrong one', () => {
  // The addon keeps one Decision per decision serial (wd_engine_check_serial) in a table of 1024
  // slots per environment; these hold it to what a fresh Decision of the same text says.
  const e = warden.Engine.fromText(POLICY);
  const rm = { type: 'bash.execute', params: { command: 'rm -rf /' } };
  const ls = { type: 'bash.execute', params: { command: 'ls' } };
  const d = e.check(rm);
  assert.strictEqual(e.check(rm), d);
  assert.strictEqual(e.check(JSON.stringify(rm)), d);
  assert.notStrictEqual(e.check(ls), d);
  assert.ok(Object.isFrozen(d) && Object.isFrozen(d.raw) && Object.isFrozen(d.rules) && Object.isFrozen(d.policy));
  // Shared, so nothing in it can be changed: not the outcome, not the rules.
  assert.throws(() => { d.decision = 'allow'; }, TypeError);
  assert.throws(() => { d.rules.push('x'); }, TypeError);
  assert.throws(() => { d.raw.reason = 'x'; }, TypeError);
  assert.strictEqual(e.check(rm).decision, 'deny');
  assert.deepStrictEqual(e.check(rm).rules, ['NoRm']);
  // checkAsync, checkBatch: frozen too, the same text.
  const batch = e.checkBatch([rm]);
  assert.ok(Object.isFrozen(batch[0]) && Object.isFrozen(batch[0].raw));
  assert.strictEqual(batch[0].json, d.json);
  // Another engine's equal decision is its own object (serials are never shared).
  const other = warden.Engine.fromText(POLICY);
  assert.notStrictEqual(other.check(rm), d);
  assert.strictEqual(other.check(rm).json, d.json);
  // A default decision per type, for more types than the table has slots: each answer names its
  // own type, the first time and after its slot was taken by others.
  const types = Array.from({ length: 3000 }, (_, i) => `t${i}.x`);
  for (let round = 0; round < 2; round++) {
    for (const type of types) {
      const got = e.check({ type });
      assert.ok(Object.isFrozen(got));
      assert.strictEqual(got.decision, 'deny');
      assert.ok(got.reason.startsWith(`no rule matched ${type};`), `${type}: ${got.reason}`);
    }
  }
  assert.strictEqual(e.check(rm).json, d.json);
  other.close();
  e.close();
});

test('a decision made for one action alone is a fresh frozen Decision each time', () => {
  const e = warden.Engine.fromText(`default: allow
statements:
  - {sid: A, effect: deny, actions: [x.y]}
  - {sid: B, effect: deny, actions: [x.y]}
`);
  const first = e.check({ type: 'x.y' });
  const second = e.check({ type: 'x.y' });
  assert.deepStrictEqual(first.rules, ['A', 'B']);
  assert.notStrictEqual(first, second);
  assert.strictEqual(first.json, second.json);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.rules));
  // A type longer than libwarden keeps defaults for (128 bytes): also made afresh, and right.
  const long = 'l'.repeat(200);
  const d = e.check({ type: long });
  assert.notStrictEqual(e.check({ type: long }), d);
  assert.ok(d.allowed && d.reason.includes(long));
  e.close();
});

test('the addon refuses a decision maker that is not a function, and checks without one', async () => {
  const native = require(path.join(__dirname, '..', 'build', 'warden.node'));
  assert.throws(() => native.setDecisionMaker(42), TypeError);
  // Still the SDK's own maker: checks go on.
  const e = warden.Engine.fromText(POLICY);
  assert.strictEqual(e.check({ type: 'bash.execute', params: { command: 'ls' } }).decision, 'allow');
  e.close();
  // In a fresh environment that loads the addon without index.js, check() names the problem.
  const { Worker } = require('node:worker_threads');
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const native = require(workerData.addon);
    const h = native.loadText(workerData.policy, 'p.yaml');
    try { native.check(h, '{"type":"bash.execute"}', -1); parentPort.postMessage('no error'); }
    catch (err) { parentPort.postMessage(String(err.message)); }`;
  const message = await new Promise((resolve, reject) => {
    const w = new Worker(source, { eval: true, workerData: { addon: path.join(__dirname, '..', 'build', 'warden.node'), policy: POLICY } });
    w.on('message', resolve);
    w.on('error', reject);
  });
  assert.match(message, /setDecisionMaker/);
});
