'use strict';
// The Node SDK's Gateway client (libwarden's gRPC client) against a real `warden serve`.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const warden = require('..');

const CLI = process.env.WARDEN_BIN || path.join(__dirname, '..', '..', '..', '.build', 'debug', 'warden');

// Beside the starter policies: deploys need a human's approval.
const DEPLOY_POLICY = `apiVersion: warden/v1
kind: Policy
metadata: {name: deploy, version: "1"}
spec:
  statements:
    - {sid: ReviewDeploy, effect: review, actions: [deploy.run], reason: deploys need a human}
`;

async function serve() {
  assert.ok(fs.existsSync(CLI), `the warden CLI is not built at ${CLI} (make test builds it first)`);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-node-gw-'));
  execFileSync(CLI, ['init', path.join(data, 'policies')]);
  fs.writeFileSync(path.join(data, 'policies', '40-deploy.yaml'), DEPLOY_POLICY);
  const secret = execFileSync(CLI, ['keys', 'create-enrollment', '--name', 'node', '--data', data], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const admin = execFileSync(CLI, ['keys', 'create-admin', '--name', 'node-admin', '--data', data], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const proc = spawn(CLI, ['serve', '--listen', '127.0.0.1:0', '--data', data]);
  const address = await new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (chunk) => {
      buf += chunk;
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`warden serve exited ${code}`)));
  });
  // `warden approvals ARGS --server ADDRESS` as the admin; returns stdout.
  const approvals = (...args) => execFileSync(CLI, ['approvals', ...args, '--server', address],
    { env: { ...process.env, WARDEN_ADMIN_SECRET: admin }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  return { address, secret, data, approvals, stop: () => { proc.kill('SIGTERM'); fs.rmSync(data, { recursive: true, force: true }); } };
}

function unusedPort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

test('register, check and record through the gateway', async () => {
  const srv = await serve();
  try {
    const gw = warden.Gateway.connect(srv.address, { timeoutMs: 10000 });
    const reg = await gw.register({ enrollmentSecret: srv.secret, name: 'node-sdk', team: 'qa' });
    assert.match(reg.agentId, /^agt_/);
    const d = await gw.check({ type: 'bash.execute', params: { command: 'rm -rf /' } });
    assert.strictEqual(d.decision, 'deny');
    assert.deepStrictEqual(d.rules, ['DenyRecursiveDelete']);
    assert.match(d.decisionId, /^dec_/);
    assert.strictEqual(d.approvalId, null);
    assert.strictEqual(d.approvalExpiresAt, null);
    const r = await gw.record([{ decision_id: d.decisionId, file: { operation: 'write', path: '/tmp/x', bytes: 3 } }]);
    assert.strictEqual(r.count, 1);
    await assert.rejects(gw.register({ enrollmentSecret: 'wd_enroll_wrong', name: 'x' }),
      (err) => err.status === 'gateway_refused' && err.details.grpc_code === 'unauthenticated');
    await gw.close();
    await assert.rejects(gw.check({ type: 'x' }), (err) => err.status === 'invalid_handle');
  } finally {
    srv.stop();
  }
});

test('wait for an approval, then the same action is allowed once', async () => {
  const srv = await serve();
  try {
    const gw = warden.Gateway.connect(srv.address, { timeoutMs: 10000 });
    await gw.register({ enrollmentSecret: srv.secret, name: 'node-approvals' });
    const deploy = { type: 'deploy.run', target: 'prod', params: { version: 'v7' } };
    const pending = await gw.check(deploy);
    assert.ok(pending.requiresApproval);
    assert.deepStrictEqual(pending.rules, ['ReviewDeploy']);
    assert.match(pending.approvalId, /^apr_/);
    assert.ok(pending.approvalExpiresAt > Date.now() / 1000);
    // The decision is cut out of the detailed reply verbatim: the engine's bytes.
    const local = warden.Engine.fromDirectory(path.join(srv.data, 'policies'));
    assert.strictEqual(pending.json, local.check(deploy).json);

    const waiting = gw.waitForApproval(pending.approvalId, { timeoutMs: 30000 });
    const early = await Promise.race([waiting.then(() => 'returned'), new Promise((r) => setTimeout(() => r('waiting'), 500))]);
    assert.strictEqual(early, 'waiting', 'the wait returned while the approval was pending');
    srv.approvals('approve', pending.approvalId, '--note', 'release 7 signed off');
    const a = await waiting;
    assert.strictEqual(a.state, 'approved');
    assert.strictEqual(a.approved, true);
    assert.strictEqual(a.approvalId, pending.approvalId);
    assert.strictEqual(a.decidedBy, 'node-admin');
    assert.strictEqual(a.note, 'release 7 signed off');
    assert.strictEqual(a.reason, 'deploys need a human');
    assert.deepStrictEqual(a.raw.action, deploy);
    assert.deepStrictEqual(a.raw, JSON.parse(srv.approvals('show', pending.approvalId, '--json')));

    const retry = await gw.check(deploy);
    assert.ok(retry.allowed);
    assert.ok(retry.rules.includes(`approval:${pending.approvalId}`));
    assert.strictEqual(retry.approvalId, null);
    const again = await gw.check(deploy);
    assert.ok(again.requiresApproval);
    assert.notStrictEqual(again.approvalId, pending.approvalId);

    // Nobody decides it in time: not approved, failing closed.
    const late = await gw.waitForApproval(again.approvalId, { timeoutMs: 200 });
    assert.strictEqual(late.state, 'timed_out');
    assert.strictEqual(late.approved, false);
    assert.strictEqual(late.reason, 'no decision within 200 ms; not approved (failing closed)');
    assert.strictEqual(late.decidedBy, null);

    await assert.rejects(gw.waitForApproval('apr_does_not_exist', { timeoutMs: 5000 }),
      (err) => err instanceof warden.WardenError && err.status === 'gateway_refused' && err.details.grpc_code === 'not_found');
    await assert.rejects(gw.waitForApproval('', { timeoutMs: 1000 }),
      (err) => err.status === 'invalid_argument' && /approval_id is empty/.test(err.message));
    await assert.rejects(gw.waitForApproval(again.approvalId, { timeoutMs: 0 }),
      (err) => err.status === 'invalid_argument' && /timeout_ms must be 1\.\.\.86400000, got 0/.test(err.message));
    await assert.rejects(gw.waitForApproval(again.approvalId, { timeoutMs: 1.5 }), TypeError);
    await assert.rejects(gw.waitForApproval(null), TypeError);
    await gw.close();
  } finally {
    srv.stop();
  }
});

test('an unreachable gateway fails closed, or open when asked', async () => {
  const address = `127.0.0.1:${await unusedPort()}`;
  const closed = warden.Gateway.connect(address, { timeoutMs: 2000, token: 'a.b.c' });
  const d = await closed.check({ type: 'bash.execute' });
  assert.strictEqual(d.decision, 'deny');
  assert.deepStrictEqual(d.rules, ['gateway_unavailable']);
  assert.match(d.reason, /unreachable/);
  assert.strictEqual(d.decisionId, null);
  assert.strictEqual(d.approvalId, null);
  await closed.close();
  const open = warden.Gateway.connect(address, { timeoutMs: 2000, failOpen: true, token: 'a.b.c' });
  assert.ok((await open.check({ type: 'bash.execute' })).allowed);
  // Waiting for an approval fails closed even on a fail-open connection.
  const a = await open.waitForApproval('apr_x', { timeoutMs: 30000 });
  assert.strictEqual(a.state, 'unavailable');
  assert.strictEqual(a.approved, false);
  assert.ok(a.reason.includes(`the gateway at ${address} is unreachable`) && a.reason.endsWith('; not approved (failing closed)'), a.reason);
  await open.close();
  assert.throws(() => warden.Gateway.connect('no-port'), (err) => err.status === 'invalid_argument');
});
