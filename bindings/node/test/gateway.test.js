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

async function serve() {
  assert.ok(fs.existsSync(CLI), `the warden CLI is not built at ${CLI} (make test builds it first)`);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-node-gw-'));
  execFileSync(CLI, ['init', path.join(data, 'policies')]);
  const secret = execFileSync(CLI, ['keys', 'create-enrollment', '--name', 'node', '--data', data], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
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
  return { address, secret, stop: () => { proc.kill('SIGTERM'); fs.rmSync(data, { recursive: true, force: true }); } };
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

test('an unreachable gateway fails closed, or open when asked', async () => {
  const address = `127.0.0.1:${await unusedPort()}`;
  const closed = warden.Gateway.connect(address, { timeoutMs: 2000, token: 'a.b.c' });
  const d = await closed.check({ type: 'bash.execute' });
  assert.strictEqual(d.decision, 'deny');
  assert.deepStrictEqual(d.rules, ['gateway_unavailable']);
  assert.match(d.reason, /unreachable/);
  assert.strictEqual(d.decisionId, null);
  await closed.close();
  const open = warden.Gateway.connect(address, { timeoutMs: 2000, failOpen: true, token: 'a.b.c' });
  assert.ok((await open.check({ type: 'bash.execute' })).allowed);
  await open.close();
  assert.throws(() => warden.Gateway.connect('no-port'), (err) => err.status === 'invalid_argument');
});
