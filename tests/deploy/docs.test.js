'use strict';
// The documentation an operator reads: the chart README lists every value the
// schemas accept (and nothing else), and docs/deploy.md gives every command
// for both a POSIX shell and Windows PowerShell.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { table } = require(path.join(L.ROOT, 'scripts', 'deploy-values-table.js'));

// Leaf paths of a values schema: strict objects are descended, anything else is a value.
function schemaLeaves(schema, prefix = []) {
  if (schema.type === 'object' && schema.additionalProperties === false && schema.properties) {
    return Object.entries(schema.properties).flatMap(([k, s]) => schemaLeaves(s, [...prefix, k]));
  }
  return [prefix.join('.')];
}

test('the README values table is generated from values.yaml and up to date', () => {
  execFileSync('node', [path.join(L.ROOT, 'scripts', 'deploy-values-table.js'), '--check'], { stdio: 'inherit' });
});

test('README, values.yaml and values.schema.json agree on every value', () => {
  const documented = table().rows.map((r) => r.key);
  const leaves = [];
  const load = (f) => JSON.parse(fs.readFileSync(path.join(L.CHART, f), 'utf8'));
  leaves.push(...schemaLeaves(load('values.schema.json')).filter((k) => !['todo-svc', 'chat-svc', 'gateway', 'common'].includes(k)));
  for (const svc of ['todo-svc', 'chat-svc', 'gateway']) {
    leaves.push(...schemaLeaves(load(`charts/${svc}/values.schema.json`)).filter((k) => k !== 'global').map((k) => `${svc}.${k}`));
  }
  const covered = (leaf) => documented.some((d) => leaf === d || leaf.startsWith(`${d}.`));
  assert.deepEqual(leaves.filter((l) => !covered(l)), [], 'schema values missing from the README');
  const inSchema = (d) => leaves.some((l) => l === d || l.startsWith(`${d}.`));
  assert.deepEqual(documented.filter((d) => !inSchema(d)), [], 'README values the schema does not accept');
  console.log(`# ${documented.length} documented values, ${leaves.length} schema leaves`);
});

test('docs/deploy.md gives every shell command block also for Windows PowerShell', () => {
  const md = fs.readFileSync(path.join(L.ROOT, 'docs', 'deploy.md'), 'utf8');
  const blocks = [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1], body: m[2] }));
  const sh = blocks.filter((b) => b.lang === 'sh');
  assert.ok(sh.length >= 10, `only ${sh.length} sh blocks`);
  blocks.forEach((b, i) => {
    if (b.lang !== 'sh') return;
    const next = blocks[i + 1];
    assert.ok(next && next.lang === 'powershell', `sh block without a PowerShell twin:\n${b.body}`);
  });
  for (const must of ['minikube start', 'skaffold dev', 'grpcurl -plaintext', 'kubectl port-forward', 'helm install',
    'kubectl scale', 'helm uninstall', 'minikube delete', 'winget install']) {
    assert.ok(md.includes(must), `docs/deploy.md does not mention ${must}`);
  }
});

test('docs/deploy.md names the real objects of the chart', () => {
  const md = fs.readFileSync(path.join(L.ROOT, 'docs', 'deploy.md'), 'utf8');
  const objs = L.renderOk([], []);
  // Every service/<name> and deployment/<name> the doc mentions exists in a release named "todo-chatbot"
  // (skaffold's) or "todo" (the helm install example).
  const names = new Set();
  for (const rel of ['todo-chatbot', 'todo']) {
    const r = L.helm(['template', rel, L.CHART]);
    for (const o of L.yaml.loadAll(r.stdout).filter(Boolean)) names.add(`${o.kind.toLowerCase()}/${o.metadata.name}`);
  }
  const mentioned = [...md.matchAll(/\b(service|deployment|statefulset)\/([a-z0-9-]+)/g)].map((m) => `${m[1]}/${m[2]}`);
  assert.ok(mentioned.length >= 5);
  assert.deepEqual([...new Set(mentioned.filter((m) => !names.has(m)))], []);
  assert.ok(objs.length > 0);
});
