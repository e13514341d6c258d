'use strict';
// Shared helpers of the deployment checks: tool paths, helm rendering,
// manifest parsing and lookups over rendered objects.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const ROOT = process.env.TC_SOURCE_DIR || path.join(__dirname, '..', '..');
const CHART = path.join(ROOT, 'helm', 'todo-chatbot');
const RELEASE = 'todo';
const NAMESPACE = 'todo-ns';

let toolEnv = null;
// Installs (once, cached outside the repo) and returns {HELM, KUBECTL, TC_DEPLOY_NODE_MODULES}.
function tools() {
  if (toolEnv) return toolEnv;
  const out = execFileSync(path.join(ROOT, 'scripts', 'deploy-tools.sh'), ['--env'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300000,
  });
  toolEnv = {};
  for (const line of out.trim().split('\n')) {
    const i = line.indexOf('=');
    toolEnv[line.slice(0, i)] = line.slice(i + 1);
  }
  process.env.TC_DEPLOY_NODE_MODULES = toolEnv.TC_DEPLOY_NODE_MODULES;
  return toolEnv;
}

// Runs helm (v4; opts.helm3 for Helm 3) with args; returns {status, stdout, stderr}.
function helm(args, opts = {}) {
  const bin = opts.helm3 ? tools().HELM3 : tools().HELM;
  delete opts.helm3;
  const r = spawnSync(bin, args, {
    encoding: 'utf8', cwd: ROOT, timeout: 120000, maxBuffer: 64 << 20, ...opts,
  });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

// `--set`-style list ["a.b=c", ...] -> helm args.
function setArgs(sets = []) {
  return sets.flatMap((s) => (s.startsWith('--') ? s.split(/ (.*)/s).filter(Boolean) : ['--set', s]));
}

// Renders the chart; returns {status, stderr, objects, text}.
function template(sets = [], extra = [], opts = {}) {
  const r = helm(['template', RELEASE, CHART, '--namespace', NAMESPACE, ...setArgs(sets), ...extra], opts);
  let objects = [];
  if (r.status === 0) objects = yaml.loadAll(r.stdout).filter((o) => o && typeof o === 'object');
  return { status: r.status, stderr: r.stderr, objects, text: r.stdout };
}

function renderOk(sets = [], extra = []) {
  const r = template(sets, extra);
  if (r.status !== 0) throw new Error(`helm template ${sets.join(' ')} failed:\n${r.stderr}`);
  return r.objects;
}

const kinds = (objs, kind) => objs.filter((o) => o.kind === kind);
const byName = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const name = (svc) => `${RELEASE}-${svc}`;

function workloads(objs) {
  return objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
}

// Every pod spec of the render with where it comes from.
function podSpecs(objs) {
  const out = [];
  for (const o of objs) {
    if (o.kind === 'Pod') out.push({ owner: o, labels: o.metadata.labels || {}, spec: o.spec });
    else if (o.spec && o.spec.template && o.spec.template.spec) {
      out.push({ owner: o, labels: o.spec.template.metadata.labels || {}, spec: o.spec.template.spec });
    }
  }
  return out;
}

const matches = (selector, labels) => Object.entries(selector || {}).every(([k, v]) => labels[k] === v);

// Environment of a workload's first container, configMap envFrom resolved.
function containerEnv(objs, workload) {
  const c = workload.spec.template.spec.containers[0];
  const env = {};
  for (const ef of c.envFrom || []) {
    if (ef.configMapRef) Object.assign(env, byName(objs, 'ConfigMap', ef.configMapRef.name).data);
  }
  for (const e of c.env || []) {
    if ('value' in e) env[e.name] = e.value;
    else if (e.valueFrom && e.valueFrom.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const s = byName(objs, 'Secret', ref.name);
      env[e.name] = s ? Buffer.from(s.data[ref.key], 'base64').toString() : undefined;
    }
  }
  return env;
}

module.exports = {
  ROOT, CHART, RELEASE, NAMESPACE, tools, helm, template, renderOk, kinds, byName, name,
  workloads, podSpecs, matches, containerEnv, yaml, fs, path,
};
