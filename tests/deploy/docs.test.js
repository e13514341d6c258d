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

// Leaf paths of a values schema: objects with declared properties are descended
// (strict ones, and `global`, open to other charts' keys), anything else is a value.
function schemaLeaves(schema, prefix = []) {
  if (schema.type === 'object' && schema.properties && (schema.additionalProperties === false || schema.additionalProperties === true)) {
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
  leaves.push(...schemaLeaves(load('values.schema.json')).filter((k) => !['todo-svc', 'chat-svc', 'gateway', 'postgresql', 'common'].includes(k)));
  for (const svc of ['todo-svc', 'chat-svc', 'gateway', 'postgresql']) {
    // global is the umbrella's (documented there); common holds the library chart's (empty) values.
    leaves.push(...schemaLeaves(load(`charts/${svc}/values.schema.json`)).filter((k) => k !== 'global' && k !== 'common').map((k) => `${svc}.${k}`));
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
  // (skaffold's) or "todo" (the helm install example), on SQLite or on the bundled PostgreSQL.
  const names = new Set();
  for (const [rel, sets] of [['todo-chatbot', []], ['todo', []], ['todo', ['--set', 'postgresql.enabled=true']]]) {
    const r = L.helm(['template', rel, L.CHART, ...sets]);
    for (const o of L.yaml.loadAll(r.stdout).filter(Boolean)) names.add(`${o.kind.toLowerCase()}/${o.metadata.name}`);
  }
  const mentioned = [...md.matchAll(/\b(service|deployment|statefulset)\/([a-z0-9-]+)/g)].map((m) => `${m[1]}/${m[2]}`);
  assert.ok(mentioned.length >= 5);
  assert.deepEqual([...new Set(mentioned.filter((m) => !names.has(m)))], []);
  assert.ok(objs.length > 0);
});

const readDoc = () => fs.readFileSync(path.join(L.ROOT, 'docs', 'deploy.md'), 'utf8');
const blocksOf = (md) => [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1], body: m[2] }));
// A section of docs/deploy.md from its "## N. Title" heading to the next "## ".
const section = (md, title) => {
  const i = md.search(new RegExp(`^## (\\d+\\. )?${title}`, 'm'));
  assert.ok(i >= 0, `docs/deploy.md has no section "${title}"`);
  const rest = md.slice(i + 3);
  const j = rest.search(/^## /m);
  return j < 0 ? rest : rest.slice(0, j);
};

test('every PowerShell line works in Windows PowerShell 5.1 too: no shell-only syntax, same commands as its sh twin', () => {
  const blocks = blocksOf(readDoc());
  const problems = [];
  const uncomment = (line) => line.replace(/(^|\s)#.*$/, '');
  const unquote = (line) => line.replace(/"[^"]*"|'[^']*'/g, '""');
  const PS_BAD = [
    [/&&|\|\|/, '&& and || need PowerShell 7 (use ; or if)'],
    [/\\\s*$/, 'a trailing backslash does not continue a PowerShell line'],
    [/(^|[\s;|])(export|eval|sudo|source|kill)\s/, 'a POSIX shell command'],
    [/(^|[\s;|(])(curl|wget)\s+-/, 'curl/wget are aliases of Invoke-WebRequest in Windows PowerShell 5.1 and take no curl flags'],
    [/\/dev\/null|\$\(\s*[a-z]+\s[^)]*\)\s*$/, 'a POSIX redirection or command substitution'],
    [/-SkipHttpErrorCheck|\?\?|\?\./, 'PowerShell 7 only'],
  ];
  const toolCalls = (body) => body.split('\n').map(uncomment).flatMap((l) => [...l.matchAll(/\b(kubectl|helm|skaffold|minikube|grpcurl|docker)[ \t]+([a-z][\w-]*)(?=[\s;|)]|$)/g)].map((m) => `${m[1]} ${m[2]}`)).sort();
  blocks.forEach((b, i) => {
    if (b.lang !== 'powershell') return;
    for (const raw of b.body.split('\n')) {
      const line = unquote(uncomment(raw));
      for (const [re, why] of PS_BAD) if (re.test(line)) problems.push(`${raw.trim()}\n    -> ${why}`);
    }
    const twin = blocks[i - 1];
    if (twin && twin.lang === 'sh') {
      assert.deepEqual(toolCalls(b.body), toolCalls(twin.body), `PowerShell block differs from its sh twin:\n${twin.body}`);
    }
  });
  assert.deepEqual(problems, []);
});

test('the checker above catches a shell-only PowerShell line', () => {
  // The same rules, applied to lines that break in Windows PowerShell.
  for (const bad of ['minikube start && kubectl get nodes', 'curl -s http://localhost:8080/readyz', 'export KUBECONFIG=x', 'eval $(minikube docker-env)']) {
    const line = bad.replace(/"[^"]*"|'[^']*'/g, '""');
    const hit = [/&&|\|\|/, /(^|[\s;|])(export|eval|sudo|source|kill)\s/, /(^|[\s;|(])(curl|wget)\s+-/].some((re) => re.test(line));
    assert.ok(hit, `not caught: ${bad}`);
  }
});

test('docs state the tool versions the checks use, and pin them in the install commands', () => {
  const md = readDoc();
  const tools = section(md, '1\\. Install the tools') ? section(md, 'Install the tools') : '';
  const helm4 = /v\d+\.\d+\.\d+/.exec(L.helm(['version', '--short']).stdout)[0];
  const helm3 = /v\d+\.\d+\.\d+/.exec(L.helm(['version', '--short'], { helm3: true }).stdout)[0];
  const kubectl = /v\d+\.\d+\.\d+/.exec(execFileSync(L.tools().KUBECTL, ['version', '--client'], { encoding: 'utf8' }))[0];
  for (const v of [helm4, helm3, kubectl]) assert.ok(tools.includes(v), `docs/deploy.md does not name the tested ${v}`);
  // skaffold: the first release that reads skaffold.yaml's apiVersion, and the one that works with Helm 4.1.4.
  const api = /^apiVersion: skaffold\/(\S+)/m.exec(fs.readFileSync(path.join(L.ROOT, 'skaffold.yaml'), 'utf8'))[1];
  assert.equal(api, 'v4beta13');
  assert.match(tools, /skaffold\/v4beta13`?, introduced in v2\.15\.0/);
  assert.match(tools, /Helm 4\.1\.4[\s\S]*invalid plugin version[\s\S]*v2\.19\.0/);
  assert.match(tools, /Known good pairs: \*\*skaffold v2\.19\.0 with Helm v3\.17\.2 or v4\.1\.4\*\*/);
  const [sh, ps] = blocksOf(tools).filter((b) => b.body.includes('kubectl'));
  for (const body of [sh.body, ps.body]) {
    assert.ok(body.includes(`release/${kubectl}/bin/`), `kubectl not pinned to ${kubectl}:\n${body}`);
    assert.ok(body.includes('skaffold/releases/v2.19.0/'), 'skaffold not pinned');
    assert.ok(body.includes(helm3), `helm not pinned to ${helm3}`);
  }
  assert.match(tools, /minikube \| v1\.36 or later, started with `--container-runtime=docker`/);
  assert.ok(section(md, 'Start a cluster').includes('minikube start --cpus 4 --memory 6g --container-runtime=docker'));
});

test('Windows and macOS reach the Ingress through `minikube tunnel`, never `minikube ip`', () => {
  const md = readDoc();
  const ing = md.slice(md.indexOf('### Through an Ingress'));
  const [sh, ps] = blocksOf(ing);
  assert.equal(sh.lang, 'sh');
  assert.equal(ps.lang, 'powershell');
  assert.match(sh.body, /^minikube tunnel/m);
  assert.match(ps.body, /Start-Process minikube tunnel/);
  assert.match(sh.body, /127\.0\.0\.1 todo\.local/);
  assert.match(ps.body, /127\.0\.0\.1 todo\.local/);
  const notes = L.helm(['install', 'todo', L.CHART, '--dry-run=client', '-n', 'todo', '--set', 'gateway.ingress.enabled=true', '--set', 'gateway.ingress.host=todo.local']).stdout;
  const notesNoHost = L.helm(['install', 'todo', L.CHART, '--dry-run=client', '-n', 'todo', '--set', 'gateway.ingress.enabled=true']).stdout;
  for (const [where, text] of [['docs/deploy.md', md], ['NOTES (host)', notes], ['NOTES (no host)', notesNoHost],
    ['chart README', fs.readFileSync(path.join(L.CHART, 'README.md'), 'utf8')]]) {
    assert.ok(!/\$\(minikube ip\)|map [^.]* to `?minikube ip/.test(text), `${where} still sends people to minikube ip`);
  }
  assert.match(notes, /minikube tunnel/);
  assert.match(notesNoHost, /http:\/\/127\.0\.0\.1\/ .*minikube tunnel/);
});

test('keys: docs and chart README explain keep, reinstall, existingSecret and the GitOps case with the real names', () => {
  const readme = fs.readFileSync(path.join(L.CHART, 'README.md'), 'utf8');
  const md = readDoc();
  const values = (f) => L.yaml.load(fs.readFileSync(path.join(L.CHART, f), 'utf8'));
  const gw = values('charts/gateway/values.yaml').idKey;
  const chat = values('charts/chat-svc/values.yaml').contextKey;
  for (const [where, text] of [['docs/deploy.md', md], ['README', readme]]) {
    for (const must of ['gateway.idKey.existingSecret', 'chat-svc.contextKey.existingSecret', gw.secretKey, chat.secretKey,
      'helm template', 'helm.sh/resource-policy: keep', 'gateway.idKey.value']) {
      assert.ok(text.includes(must), `${where} does not mention ${must}`);
    }
  }
  // The existingSecret example really works with the chart: one Secret for both keys.
  const ex = blocksOf(md).find((b) => b.lang === 'sh' && b.body.includes('create secret generic'));
  assert.ok(ex);
  const name = /create secret generic (\S+)/.exec(ex.body)[1];
  for (const k of [gw.secretKey, chat.secretKey]) assert.ok(ex.body.includes(`--from-literal=${k}=`), `the example Secret lacks ${k}`);
  const sets = [...ex.body.matchAll(/--set (\S+)/g)].map((m) => m[1]);
  const objs = L.renderOk(sets);
  assert.deepEqual(L.kinds(objs, 'Secret'), [], 'with the documented settings the chart makes no key Secret');
  const env = L.byName(objs, 'Deployment', 'todo-gateway').spec.template.spec.containers[0].env;
  assert.equal(env.find((e) => e.name === 'GATEWAY_ID_KEY').valueFrom.secretKeyRef.name, name);
  assert.match(section(md, 'Tear down'), /delete secret todo-gateway todo-chat-svc/);
});

test('monitoring section: kube-prometheus-stack in the namespace the NetworkPolicy admits, its release label, the dashboard', () => {
  const md = readDoc();
  const mon = section(md, 'Monitoring');
  const def = L.yaml.load(fs.readFileSync(path.join(L.CHART, 'values.yaml'), 'utf8')).global;
  const [sh, ps] = blocksOf(mon);
  assert.equal(ps.lang, 'powershell');
  const install = /helm install (\S+) prometheus-community\/kube-prometheus-stack --namespace (\S+)/.exec(sh.body);
  assert.ok(install, 'installs kube-prometheus-stack with helm');
  assert.equal(install[2], def.networkPolicy.monitoringNamespace, 'Prometheus must run where the NetworkPolicies let it in');
  const sets = [...sh.body.matchAll(/--set (global\.\S+)/g)].map((m) => m[1]);
  assert.ok(sets.includes(`global.monitoring.serviceMonitor.labels.release=${install[1]}`));
  assert.ok(sets.includes(`global.monitoring.prometheusRule.labels.release=${install[1]}`));
  const objs = L.renderOk(sets);
  for (const o of [...L.kinds(objs, 'ServiceMonitor'), ...L.kinds(objs, 'PrometheusRule')]) {
    assert.equal(o.metadata.labels.release, install[1], `${o.kind}/${o.metadata.name} lacks the release label`);
  }
  const dash = L.kinds(objs, 'ConfigMap').find((c) => c.metadata.labels.grafana_dashboard === '1');
  assert.ok(dash, 'the documented settings render the dashboard');
  assert.ok(mon.includes('helm/todo-chatbot/files/dashboard.json') && fs.existsSync(path.join(L.CHART, 'files', 'dashboard.json')));
  assert.match(sh.body, /port-forward svc\/\S+-grafana 3000:80/);
  assert.equal(sh.body.replace(/\s+/g, ' '), ps.body.replace(/\s+/g, ' '), 'the same commands work in both shells');
});

test('scaling section: the load generator (skaffold profile and Helm value) and `kubectl get hpa -w`', () => {
  const md = readDoc();
  const sc = section(md, 'Scale');
  assert.match(sc, /skaffold run -p loadgen/);
  assert.match(sc, /--set loadgen\.enabled=true/);
  assert.match(sc, /kubectl get hpa -w/);
  assert.match(sc, /minikube addons enable metrics-server/);
  assert.match(sc, /\| gateway \| 100 users \| \d+m \|/);
  assert.match(sc, /approximate/);
  assert.match(sc, /30 s/, 'tells when new gRPC pods get traffic');
  const profiles = L.yaml.load(fs.readFileSync(path.join(L.ROOT, 'skaffold.yaml'), 'utf8')).profiles.map((p) => p.name);
  assert.ok(profiles.includes('loadgen'));
});

test('uptime section: what 99 % allows, the single point of failure, and the PostgreSQL mode', () => {
  const up = section(readDoc(), 'Uptime');
  const objective = L.yaml.load(fs.readFileSync(path.join(L.CHART, 'values.yaml'), 'utf8')).global.monitoring.prometheusRule.availabilityObjective;
  const minutes = Math.round((1 - objective / 100) * 365.25 / 12 * 24 * 60);
  assert.ok(up.includes(`${Math.floor(minutes / 60)} h ${minutes % 60} min`), `the budget of ${objective} % is ${Math.floor(minutes / 60)} h ${minutes % 60} min a month`);
  for (const must of ['single point of failure', 'todo-svc', 'SQLite', 'postgresql.enabled', 'externalDatabase.existingSecret', 'PodDisruptionBudget']) {
    assert.ok(up.includes(must), `uptime section does not mention ${must}`);
  }
});

test('.gitattributes: LF everywhere (a Windows checkout runs the chart\'s scripts), images and fuzz corpora binary', () => {
  const attrs = fs.readFileSync(path.join(L.ROOT, '.gitattributes'), 'utf8');
  assert.match(attrs, /^\* text=auto eol=lf$/m);
  const check = (files) => {
    const out = execFileSync('git', ['check-attr', 'text', 'eol', 'binary', '--', ...files], { cwd: L.ROOT, encoding: 'utf8' });
    const r = {};
    for (const line of out.trim().split('\n')) {
      const [f, attr, v] = line.split(': ');
      (r[f] = r[f] || {})[attr] = v;
    }
    return r;
  };
  const text = ['helm/todo-chatbot/files/gateway-e2e.sh', 'helm/todo-chatbot/files/loadgen.sh', 'scripts/test.sh', 'gateway/Dockerfile', 'docs/deploy.md'];
  for (const [f, a] of Object.entries(check(text))) assert.equal(a.eol, 'lf', `${f} would get CRLF on Windows`);
  const bin = ['ui/icon.png', 'ui/x.jpg', 'ui/favicon.ico', 'ui/a.gif', 'ui/font.woff2', 'tests/fuzz/seeds/gw_json_request/seed01.json'];
  for (const [f, a] of Object.entries(check(bin))) assert.equal(a.binary, 'set', `${f} must not be converted`);
  // Nothing in the index has CRLF: a checkout anywhere gets what the tests run.
  const eol = execFileSync('git', ['ls-files', '--eol'], { cwd: L.ROOT, encoding: 'utf8' });
  assert.deepEqual(eol.split('\n').filter((l) => /^i\/(crlf|mixed)/.test(l)), []);
  for (const f of text) assert.ok(!fs.readFileSync(path.join(L.ROOT, f), 'utf8').includes('\r'), `${f} has CR`);
});
