'use strict';
// skaffold.yaml against skaffold's own JSON schema for its apiVersion (skaffold
// itself cannot be installed here), every profile applied the way skaffold
// applies it, and the wiring to the chart and the Dockerfiles.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const yaml = require('js-yaml');
const L = require('./lib');

// skaffold's published JSON schemas: the workplace's shared copy when present,
// else the copy kept beside this test (for machines without shared/).
const SHARED = path.join(L.ROOT, '..', 'shared', 'schemas');
const VENDORED = path.join(__dirname, 'schemas');
const SCHEMAS = process.env.TC_SKAFFOLD_SCHEMAS || (fs.existsSync(SHARED) ? SHARED : VENDORED);
const config = yaml.load(fs.readFileSync(path.join(L.ROOT, 'skaffold.yaml'), 'utf8'));

function validator(apiVersion) {
  const file = path.join(SCHEMAS, `skaffold-${apiVersion.replace('skaffold/', '')}.json`);
  assert.ok(fs.existsSync(file), `no schema ${file} for ${apiVersion}`);
  // The schema carries skaffold's own annotations (preferredOrder, x-intellij-*).
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
}

// The errors worth showing: anyOf branches make ajv report every branch.
const explain = (errors) => (errors || []).filter((e) => e.keyword === 'additionalProperties' || e.keyword === 'type' || e.keyword === 'enum')
  .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).slice(0, 10).join('\n');

// RFC 6902 add/replace/remove, as skaffold applies profile patches.
function applyPatch(doc, patches) {
  const out = structuredClone(doc);
  for (const p of patches) {
    const keys = p.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    const parent = keys.reduce((n, k) => {
      assert.ok(n && typeof n === 'object' && k in n, `patch path ${p.path}: ${k} does not exist`);
      return n[k];
    }, out);
    if (p.op === 'replace' || p.op === 'remove') assert.ok(last in parent, `patch path ${p.path} does not exist`);
    if (p.op === 'remove') delete parent[last];
    else parent[last] = p.value;
  }
  return out;
}

test('skaffold.yaml is valid for its apiVersion (v4beta13), unknown keys rejected', () => {
  assert.equal(config.apiVersion, 'skaffold/v4beta13');
  const v = validator(config.apiVersion);
  assert.ok(v(config), explain(v.errors));
  const typo = structuredClone(config);
  typo.build.artifacts[0].docker.dockerFile = typo.build.artifacts[0].docker.dockerfile;
  assert.equal(v(typo), false, 'a misspelled key must fail');
  assert.match(explain(v.errors), /dockerFile/);
  const wrongType = structuredClone(config);
  wrongType.build.local.push = 'no';
  assert.equal(v(wrongType), false, 'a wrong type must fail');
});

test('every profile applies cleanly and the result is still valid', () => {
  const v = validator(config.apiVersion);
  const names = config.profiles.map((p) => p.name);
  assert.deepEqual(names.sort(), ['debug', 'dev', 'loadgen', 'no-persistence', 'postgres']);
  for (const p of config.profiles) {
    const patched = applyPatch(config, p.patches || []);
    delete patched.profiles;
    assert.ok(v(patched), `${p.name}: ${explain(v.errors)}`);
  }
});

test('three local docker artifacts built from the repo root with the contract Dockerfiles, nothing pushed', () => {
  assert.equal(config.build.local.push, false);
  assert.equal(config.build.local.concurrency, 1, 'sequential, so the shared build stage is cached');
  const arts = Object.fromEntries(config.build.artifacts.map((a) => [a.image, a]));
  assert.deepEqual(Object.keys(arts).sort(), ['chat-svc', 'gateway', 'todo-svc']);
  for (const [img, a] of Object.entries(arts)) {
    assert.equal(a.context, '.');
    assert.equal(a.docker.dockerfile, `${img}/Dockerfile`);
    assert.ok(fs.existsSync(path.join(L.ROOT, a.docker.dockerfile)));
    const df = fs.readFileSync(path.join(L.ROOT, a.docker.dockerfile), 'utf8');
    for (const arg of Object.keys(a.docker.buildArgs || {})) assert.match(df, new RegExp(`^ARG ${arg}=`, 'm'), `${img}: ARG ${arg}`);
  }
});

test('the debug profile makes Debug builds; no-persistence turns the PVC off; dev relaxes only the gateway root', () => {
  const byName = Object.fromEntries(config.profiles.map((p) => [p.name, p]));
  const debug = applyPatch(config, byName.debug.patches);
  for (const a of debug.build.artifacts) assert.equal(a.docker.buildArgs.BUILD_TYPE, 'Debug');
  const np = applyPatch(config, byName['no-persistence'].patches);
  assert.equal(np.deploy.helm.releases[0].setValues['todo-svc.persistence.enabled'], false);
  assert.deepEqual(byName.dev.activation, [{ command: 'dev' }]);
  const dev = applyPatch(config, byName.dev.patches);
  const changed = Object.keys(dev.deploy.helm.releases[0].setValues)
    .filter((k) => config.deploy.helm.releases[0].setValues[k] !== dev.deploy.helm.releases[0].setValues[k]);
  assert.deepEqual(changed, ['gateway.securityContext.readOnlyRootFilesystem']);
});

// A profile turned on only by -p NAME: the release's setValues before and after
// it, the keys it changes, and the chart's objects rendered with them.
function onRequestProfile(name) {
  const profile = config.profiles.find((p) => p.name === name);
  assert.equal(profile.activation, undefined, `only on request (\`skaffold run -p ${name}\`)`);
  const before = config.deploy.helm.releases[0].setValues;
  const after = applyPatch(config, profile.patches).deploy.helm.releases[0].setValues;
  const changed = Object.keys(after).filter((k) => before[k] !== after[k]).sort();
  const render = (values, more = []) => L.renderOk([...Object.entries(values).map(([k, v]) => `${k}=${v}`), ...more]);
  return { before, after, changed, render };
}

test('the loadgen profile adds the in-cluster load generator Job and changes nothing else', () => {
  const { before, after, changed, render } = onRequestProfile('loadgen');
  assert.deepEqual(changed, ['loadgen.enabled']);
  const objs = render(after);
  const jobs = L.kinds(objs, 'Job');
  assert.equal(jobs.length, 1);
  // L.renderOk renders as release "todo" in "todo-ns": the Job aims at that release's gateway.
  assert.equal(jobs[0].spec.template.spec.containers[0].env.find((e) => e.name === 'GATEWAY_HOST').value, 'todo-gateway.todo-ns.svc.cluster.local');
  assert.equal(L.kinds(render(before), 'Job').length, 0);
});

test('the postgres profile runs todo-svc as 2 replicas on a PostgreSQL StatefulSet of the release, and changes nothing else', () => {
  const { after, changed, render } = onRequestProfile('postgres');
  assert.deepEqual(changed, ['postgresql.enabled', 'todo-svc.replicaCount']);
  assert.equal(after['postgresql.enabled'], true);
  assert.ok(after['todo-svc.replicaCount'] >= 2);
  const objs = render(after);
  assert.ok(L.byName(objs, 'StatefulSet', 'todo-postgresql'), 'the PostgreSQL StatefulSet');
  assert.equal(L.byName(objs, 'StatefulSet', 'todo-todo-svc'), undefined, 'no SQLite StatefulSet');
  const d = L.byName(objs, 'Deployment', 'todo-todo-svc');
  assert.deepEqual(d.spec.template.spec.containers[0].env.find((e) => e.name === 'TODO_DB').valueFrom.secretKeyRef, { name: 'todo-postgresql', key: 'url' });
  assert.ok(L.byName(objs, 'HorizontalPodAutoscaler', 'todo-todo-svc').spec.minReplicas >= 2);
  // With the HPA off the profile's replica count is what runs.
  const fixed = render(after, ['todo-svc.autoscaling.enabled=false']);
  assert.equal(L.byName(fixed, 'Deployment', 'todo-todo-svc').spec.replicas, after['todo-svc.replicaCount']);
});

test('one Helm release of the umbrella chart; images wired through setValueTemplates; values accepted by the chart', () => {
  const rels = config.deploy.helm.releases;
  assert.equal(rels.length, 1);
  const rel = rels[0];
  assert.equal(rel.chartPath, 'helm/todo-chatbot');
  for (const img of ['todo-svc', 'chat-svc', 'gateway']) {
    const key = img.replace(/-/g, '_');
    assert.equal(rel.setValueTemplates[`${img}.image.repository`], `{{.IMAGE_REPO_${key}}}`);
    assert.equal(rel.setValueTemplates[`${img}.image.tag`], `{{.IMAGE_TAG_${key}}}`);
  }
  // Render the chart the way skaffold would (templates filled in, each profile).
  const fill = { repository: (img) => img, tag: () => 'abc1234' };
  for (const profile of [null, ...config.profiles]) {
    const c = profile ? applyPatch(config, profile.patches) : config;
    const r = c.deploy.helm.releases[0];
    const sets = [];
    for (const [k, v] of Object.entries(r.setValueTemplates)) {
      const [img, , field] = k.split('.');
      assert.ok(v.startsWith('{{'), k);
      sets.push(`${k}=${fill[field](img)}`);
    }
    for (const [k, v] of Object.entries(r.setValues || {})) sets.push(`${k}=${v}`);
    const objs = L.renderOk(sets);
    const gw = L.byName(objs, 'Deployment', 'todo-gateway');
    assert.equal(gw.spec.template.spec.containers[0].image, 'gateway:abc1234');
    if (profile && profile.name === 'dev') {
      assert.equal(gw.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem, false);
      assert.equal(L.byName(objs, 'Deployment', 'todo-chat-svc').spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem, true);
    }
  }
});

test('port-forward of the gateway Service to 127.0.0.1:8080 matches the release', () => {
  const rel = config.deploy.helm.releases[0];
  const pf = config.portForward;
  assert.equal(pf.length, 1);
  assert.equal(pf[0].resourceType, 'service');
  assert.equal(pf[0].resourceName, `${rel.name}-gateway`);
  assert.equal(pf[0].localPort, 8080);
  assert.equal(pf[0].address, '127.0.0.1');
  const r = L.helm(['template', rel.name, L.CHART]);
  assert.equal(r.status, 0, r.stderr);
  const objs = L.yaml.loadAll(r.stdout).filter(Boolean);
  const svc = L.kinds(objs, 'Service').find((s) => s.metadata.name === pf[0].resourceName);
  assert.ok(svc, `the chart renders no Service ${pf[0].resourceName}`);
  assert.ok(svc.spec.ports.some((p) => p.port === pf[0].port));
});

test('ui/** is synced into the gateway at the UI_DIR the chart gives it', () => {
  const gw = config.build.artifacts.find((a) => a.image === 'gateway');
  const rule = gw.sync.manual[0];
  assert.equal(rule.src, 'ui/**');
  // skaffold keeps the path relative to the context: ui/x -> <dest>/ui/x
  const objs = L.renderOk();
  const uiDir = L.byName(objs, 'ConfigMap', 'todo-gateway').data.UI_DIR;
  assert.equal(path.posix.join(rule.dest, 'ui'), uiDir);
  const df = fs.readFileSync(path.join(L.ROOT, 'gateway/Dockerfile'), 'utf8');
  assert.match(df, new RegExp(`COPY --chown=10001:10001 ui/ ${uiDir}/`), 'the image puts ui/ there, writable for sync');
  for (const a of config.build.artifacts.filter((x) => x.image !== 'gateway')) assert.equal(a.sync, undefined);
});

test('the schema kept beside this test is the published one', () => {
  const file = 'skaffold-v4beta13.json';
  const ours = JSON.parse(fs.readFileSync(path.join(VENDORED, file), 'utf8'));
  assert.ok(ours.definitions && ours.definitions.HelmRelease, 'a skaffold schema');
  if (fs.existsSync(path.join(SHARED, file))) {
    assert.deepEqual(ours, JSON.parse(fs.readFileSync(path.join(SHARED, file), 'utf8')));
  }
});
