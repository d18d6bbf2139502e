'use strict';
// Per-check latency through the Node SDK on the 20-rule workload.
// Usage: node bindings/node/bench.js POLICY ACTIONS.jsonl   (from `warden bench policy --export DIR`)
// Modes: check(string) (the action already JSON text) and check(object) (JSON.stringify, then the
// call). Each call is timed with process.hrtime.bigint(); harness_p50_ns is what timing a call
// that does nothing costs the same way (included in every sample).
const fs = require('fs');
const warden = require('.');

const [policy, actionsFile] = process.argv.slice(2);
const engine = warden.Engine.fromDirectory(policy);
const lines = fs.readFileSync(actionsFile, 'utf8').split('\n').filter((l) => l.trim());
const objects = lines.map((l) => JSON.parse(l));

// p50 of timing a call that does nothing, the same way: the clock reads and the call, which
// every sample below includes.
function harnessP50(n = 100000) {
  const noop = () => undefined;
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    noop();
    const t1 = process.hrtime.bigint();
    samples.push(Number(t1 - t0));
  }
  samples.sort((a, b) => a - b);
  return samples[n >> 1];
}

function measure(mode, inputs) {
  const samples = [];
  const counts = { allow: 0, deny: 0, require_approval: 0 };
  for (let round = 0; round < 2; round++) {
    for (const input of inputs) {
      const t0 = process.hrtime.bigint();
      const d = engine.check(input);
      const t1 = process.hrtime.bigint();
      if (round) { samples.push(Number(t1 - t0)); counts[d.decision]++; }
    }
  }
  samples.sort((a, b) => a - b);
  console.log(JSON.stringify({ binding: 'node', mode, checks: samples.length, p50_ns: samples[samples.length >> 1],
    p99_ns: samples[Math.floor(samples.length * 0.99)], harness_p50_ns: harnessP50(), ...counts }));
}

measure('check(string)', lines);
measure('check(object)', objects);
