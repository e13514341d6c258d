'use strict';
// Validates rendered Kubernetes objects against the Kubernetes OpenAPI schemas
// (npm kubernetes-models: types, enums, required fields) and adds what those
// validators leave out: an unknown (e.g. misspelled) field is an error, as
// with `kubectl apply --validate=strict`. The set of known fields per type is
// read from the same package's type declarations (.d.ts), which are generated
// from the same OpenAPI document as its validators.
const fs = require('node:fs');
const path = require('node:path');

const NODE_MODULES = path.join(__dirname, '..', 'node_modules');
// Extra model packages (CRDs) live outside the repo: scripts/deploy-tools.sh.
const extraModuleDirs = () => (process.env.TC_DEPLOY_NODE_MODULES || '').split(path.delimiter).filter(Boolean);

// Where the model of each API group lives: package name inside node_modules.
const GROUP_PACKAGES = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

function findPackageDir(pkg) {
  for (const dir of [NODE_MODULES, ...extraModuleDirs()]) {
    const p = path.join(dir, pkg);
    if (fs.existsSync(path.join(p, 'package.json'))) return p;
  }
  return null;
}

function modelLocation(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const pkg = GROUP_PACKAGES[group] || 'kubernetes-models';
  const dir = findPackageDir(pkg);
  if (!dir) return { error: `no model package ${pkg} for ${apiVersion} ${kind} (run scripts/deploy-tools.sh)` };
  const dts = path.join(dir, apiVersion, `${kind}.d.ts`);
  if (!fs.existsSync(dts)) return { error: `unknown kind ${apiVersion} ${kind}` };
  return { pkgDir: dir, module: path.join(dir, apiVersion, 'index.js'), dts };
}

// ---- .d.ts parsing -------------------------------------------------------

const typeCache = new Map(); // file -> {file, imports, root} | null

function resolveImport(fromFile, spec) {
  let base;
  if (spec.startsWith('.')) {
    base = path.resolve(path.dirname(fromFile), spec);
  } else {
    const parts = spec.split('/');
    const pkgName = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const rest = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
    // Resolve the package next to the importing file first (its own node_modules).
    let dir = path.dirname(fromFile);
    let pkgDir = null;
    while (dir !== path.dirname(dir)) {
      const cand = path.join(dir, 'node_modules', pkgName);
      if (fs.existsSync(cand)) { pkgDir = cand; break; }
      dir = path.dirname(dir);
    }
    pkgDir = pkgDir || findPackageDir(pkgName);
    if (!pkgDir) return null;
    base = path.join(pkgDir, rest);
  }
  base = base.replace(/\.js$/, '');
  for (const cand of [`${base}.d.ts`, path.join(base, 'index.d.ts')]) {
    if (fs.existsSync(cand)) return cand;
  }
  return null;
}

// A tiny parser for the type expressions in the generated declarations:
//   { "a"?: T; [key: string]: T; }   Array<T>   IName   IName["x"]   "lit" | ...
// Parsed into {kind: 'obj', props, index} | {kind: 'array', of} |
// {kind: 'ref', name} | {kind: 'leaf'}.
function tokenize(src) {
  const toks = [];
  const re = /\s+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?|[{}<>\[\]:;?|,()=&.]/gy;
  let m;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    if (!/^\s/.test(m[0])) toks.push(m[0]);
  }
  if (re.lastIndex < src.length) throw new Error(`cannot tokenize near: ${src.slice(re.lastIndex, re.lastIndex + 40)}`);
  return toks;
}

function parseType(toks, pos) {
  const members = [];
  let p = pos;
  if (toks[p] === '|') p++;
  for (;;) {
    const [node, next] = parsePrimary(toks, p);
    members.push(node);
    p = next;
    if (toks[p] !== '|' && toks[p] !== '&') break;
    p++;
  }
  const structured = members.find((n) => n.kind !== 'leaf');
  return [structured || { kind: 'leaf' }, p];
}

function parsePrimary(toks, p) {
  const t = toks[p];
  if (t === '{') return parseObject(toks, p);
  if (t === '(') {
    const [node, q] = parseType(toks, p + 1);
    return [node, q + 1];
  }
  if (t === 'Array' && toks[p + 1] === '<') {
    const [of, q] = parseType(toks, p + 2);
    return [{ kind: 'array', of }, q + 1];
  }
  let node;
  let q = p + 1;
  if (/^I[A-Z]\w*$/.test(t)) node = { kind: 'ref', name: t };
  else node = { kind: 'leaf' };
  // Generic arguments or an indexed access such as IDeployment["kind"].
  if (toks[q] === '<') {
    let depth = 0;
    do { if (toks[q] === '<') depth++; else if (toks[q] === '>') depth--; q++; } while (depth > 0);
    node = { kind: 'leaf' };
  }
  while (toks[q] === '[' && toks[q + 1] !== ']') { q += 3; node = { kind: 'leaf' }; }
  while (toks[q] === '[' && toks[q + 1] === ']') { q += 2; node = { kind: 'array', of: node }; }
  return [node, q];
}

function parseObject(toks, p) {
  const props = new Map();
  let index = null;
  p++; // {
  while (toks[p] !== '}') {
    if (toks[p] === '[') { // [key: string]: T
      while (toks[p] !== ']') p++;
      p += 2; // ] :
      const [t, q] = parseType(toks, p);
      index = t;
      p = q;
    } else {
      const name = toks[p].replace(/^["']|["']$/g, '');
      p++;
      if (toks[p] === '?') p++;
      p++; // :
      const [t, q] = parseType(toks, p);
      props.set(name, t);
      p = q;
    }
    if (toks[p] === ';' || toks[p] === ',') p++;
  }
  return [{ kind: 'obj', props, index }, p + 1];
}

// Returns {file, imports, root} for the main interface of a model file, or
// null for type aliases (IntOrString, Quantity, Time ... are leaves).
function loadType(file) {
  if (typeCache.has(file)) return typeCache.get(file);
  const src = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const imports = new Map();
  for (const m of src.matchAll(/^import \{([^}]+)\} from "([^"]+)";/gm)) {
    for (const name of m[1].split(',').map((s) => s.trim()).filter(Boolean)) imports.set(name, m[2]);
  }
  const m = /^export interface \w+(?: extends [\w, ]+)? (\{[\s\S]*?\n\})/m.exec(src);
  if (!m) {
    typeCache.set(file, null);
    return null;
  }
  const [root] = parseObject(tokenize(m[1]), 0);
  const t = { file, imports, root };
  typeCache.set(file, t);
  return t;
}

// Walks `value` against type node `node` declared in model file `owner`,
// pushing "path: unknown field" messages.
function walk(value, node, owner, at, errors) {
  if (value === null || value === undefined || !node) return;
  switch (node.kind) {
    case 'array':
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, node.of, owner, `${at}[${i}]`, errors));
      return;
    case 'obj':
      if (typeof value !== 'object' || Array.isArray(value)) return;
      for (const [k, v] of Object.entries(value)) {
        const where = at ? `${at}.${k}` : k;
        if (node.props.has(k)) walk(v, node.props.get(k), owner, where, errors);
        else if (node.index) walk(v, node.index, owner, where, errors);
        else errors.push(`${where}: unknown field "${k}"`);
      }
      return;
    case 'ref': {
      if (!owner.imports.has(node.name)) return;
      const file = resolveImport(owner.file, owner.imports.get(node.name));
      const t = file && loadType(file);
      if (t) walk(value, t.root, t, at, errors);
      return;
    }
    default:
  }
}

// validate(obj) -> Promise<string[]> of problems; empty when the object is valid.
async function validate(obj) {
  if (!obj || typeof obj !== 'object') return ['not an object'];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['apiVersion and kind are required'];
  const loc = modelLocation(apiVersion, kind);
  if (loc.error) return [loc.error];
  const errors = [];
  const mod = await import(loc.module);
  const Model = mod[kind];
  if (!Model) return [`${apiVersion} has no model ${kind}`];
  try {
    new Model(obj).validate();
  } catch (e) {
    for (const d of e.errors || [{ instancePath: '', message: e.message }]) {
      errors.push(`${(d.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || '(root)'}: ${d.message}${d.params && d.params.allowedValues ? ` ${JSON.stringify(d.params.allowedValues)}` : ''}`);
    }
  }
  const t = loadType(loc.dts);
  walk(obj, t.root, t, '', errors);
  return errors;
}

module.exports = { validate };
