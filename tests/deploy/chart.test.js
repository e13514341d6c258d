'use strict';
// The umbrella chart as an operator meets it: lint, render the default values
// and a matrix, validate every object strictly against the Kubernetes schemas,
// and check what each setting must change in the rendered release.
const { test, describe, before } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const L = require('./lib');
const { validate } = require('./k8s-strict');

const MATRIX = {
  default: [],
  'persistence-off': ['todo-svc.persistence.enabled=false'],
  'autoscaling-off': ['gateway.autoscaling.enabled=false', 'chat-svc.autoscaling.enabled=false'],
  'ingress-on': ['gateway.ingress.enabled=true', 'gateway.ingress.host=todo.local'],
  'monitoring-on': ['global.monitoring.serviceMonitor.enabled=true', 'global.monitoring.dashboard.enabled=true',
    'global.monitoring.prometheusRule.enabled=true'],
  'loadgen-on': ['loadgen.enabled=true'],
  // todo-svc on PostgreSQL: deployed with the release, or one the operator runs.
  postgresql: ['postgresql.enabled=true'],
  'external-db': ['externalDatabase.existingSecret=todo-pg-app', 'externalDatabase.secretKey=uri'],
  // Switching an existing SQLite release to PostgreSQL, copying its todos.
  'copy-from-sqlite': ['postgresql.enabled=true', 'todo-svc.copyFromSqlite=true'],
};
const rendered = {};

before(() => {
  L.tools();
  for (const [entry, sets] of Object.entries(MATRIX)) rendered[entry] = L.renderOk(sets);
});

const summary = (objs) => objs.map((o) => `${o.kind}/${o.metadata.name}`).sort();

describe('helm lint --strict', () => {
  for (const [entry, sets] of Object.entries(MATRIX)) {
    test(`lint passes: ${entry}`, () => {
      const r = L.helm(['lint', '--strict', L.CHART, ...sets.flatMap((s) => ['--set', s])]);
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }
});

describe('Helm 3 (3.14+) works too', () => {
  const strip = (objs) => objs.map((o) => {
    const c = structuredClone(o);
    if (c.kind === 'Secret') c.data = Object.fromEntries(Object.keys(c.data).map((k) => [k, '<random>']));
    const a = c.spec && c.spec.template && c.spec.template.metadata && c.spec.template.metadata.annotations;
    if (a && a['checksum/secret']) a['checksum/secret'] = '<random>';
    return c;
  });
  test('helm 3 lint --strict passes', () => {
    const v = L.helm(['version', '--short'], { helm3: true }).stdout;
    assert.match(v, /^v3\.(1[4-9]|[2-9]\d)\./, v);
    const r = L.helm(['lint', '--strict', L.CHART], { helm3: true });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  });
  for (const [entry, sets] of Object.entries(MATRIX)) {
    test(`helm 3 renders the same objects as helm 4: ${entry}`, () => {
      const r = L.template(sets, [], { helm3: true });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(strip(r.objects), strip(rendered[entry]));
    });
  }
});

describe('every rendered object is valid Kubernetes (unknown fields rejected)', () => {
  for (const entry of Object.keys(MATRIX)) {
    test(`${entry}`, async () => {
      const objs = rendered[entry];
      console.log(`# ${entry}: ${objs.length} objects: ${summary(objs).join(', ')}`);
      const problems = [];
      for (const o of objs) {
        for (const e of await validate(o)) problems.push(`${o.kind}/${o.metadata && o.metadata.name}: ${e}`);
      }
      assert.deepEqual(problems, []);
      const names = new Set(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
      assert.equal(names.size, objs.length, 'two objects share kind and name');
    });
  }

  // Free-form maps, where any key is allowed by design.
  const MAPS = new Set(['labels', 'annotations', 'matchLabels', 'data', 'stringData', 'nodeSelector', 'requests', 'limits']);
  test('a misspelled key anywhere in any rendered object fails validation', async () => {
    const objs = [...rendered.default, ...rendered['monitoring-on'], ...rendered['ingress-on'],
      ...L.kinds(rendered['loadgen-on'], 'Job'), ...L.kinds(rendered['copy-from-sqlite'], 'Job'),
      ...rendered.postgresql.filter((o) => /postgresql|todo-svc/.test(o.metadata.name) && o.kind !== 'ServiceAccount')];
    let checked = 0;
    const missed = [];
    for (const o of objs) {
      const spots = [];
      const visit = (node, p, parentKey) => {
        if (Array.isArray(node)) node.forEach((v, i) => visit(v, [...p, i], parentKey));
        else if (node && typeof node === 'object') {
          const serviceSelector = o.kind === 'Service' && p.join('.') === 'spec.selector';
          if (!MAPS.has(parentKey) && !serviceSelector && Object.keys(node).length) spots.push(p);
          for (const [k, v] of Object.entries(node)) visit(v, [...p, k], k);
        }
      };
      visit(o, [], null);
      for (const p of spots) {
        const copy = structuredClone(o);
        const node = p.reduce((n, k) => n[k], copy);
        const key = Object.keys(node).find((k) => k !== 'apiVersion' && k !== 'kind');
        if (!key) continue;
        node[`${key}x`] = node[key];
        delete node[key];
        checked++;
        const errs = await validate(copy);
        if (!errs.some((e) => e.includes(`unknown field "${key}x"`))) missed.push(`${o.kind}/${o.metadata.name} ${[...p, key].join('.')}`);
      }
    }
    console.log(`# misspelled ${checked} keys, one at a time`);
    assert.ok(checked > 300, `only ${checked} spots`);
    assert.deepEqual(missed, []);
  });

  test('a wrong type is rejected (containerPort as a string)', async () => {
    const d = structuredClone(L.byName(rendered.default, 'Deployment', L.name('gateway')));
    d.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    const errs = await validate(d);
    assert.ok(errs.some((e) => /containerPort: must be integer/.test(e)), errs.join('\n'));
  });
});

describe('what the default release contains', () => {
  let objs;
  before(() => { objs = rendered.default; });

  test('the expected objects, nothing more', () => {
    const want = [
      'ConfigMap/todo-chat-svc', 'ConfigMap/todo-gateway', 'ConfigMap/todo-todo-svc',
      'Deployment/todo-chat-svc', 'Deployment/todo-gateway',
      'HorizontalPodAutoscaler/todo-chat-svc', 'HorizontalPodAutoscaler/todo-gateway',
      'NetworkPolicy/todo-chat-svc', 'NetworkPolicy/todo-gateway', 'NetworkPolicy/todo-todo-svc',
      'Pod/todo-test-gateway',
      'PodDisruptionBudget/todo-chat-svc', 'PodDisruptionBudget/todo-gateway',
      'Secret/todo-chat-svc', 'Secret/todo-gateway',
      'Service/todo-chat-svc', 'Service/todo-chat-svc-headless', 'Service/todo-gateway', 'Service/todo-gateway-metrics',
      'Service/todo-todo-svc', 'Service/todo-todo-svc-headless',
      'ServiceAccount/todo-chat-svc', 'ServiceAccount/todo-gateway', 'ServiceAccount/todo-todo-svc',
      'StatefulSet/todo-todo-svc',
    ];
    assert.deepEqual(summary(objs), want);
    for (const o of objs) assert.equal(o.metadata.namespace, L.NAMESPACE, `${o.kind}/${o.metadata.name}`);
  });

  test('todo-svc: one replica, database on a PersistentVolumeClaim', () => {
    const sts = L.byName(objs, 'StatefulSet', L.name('todo-svc'));
    assert.equal(sts.spec.replicas, 1);
    assert.equal(sts.spec.serviceName, L.name('todo-svc-headless'));
    assert.equal(sts.spec.volumeClaimTemplates.length, 1);
    assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '1Gi');
    const env = L.containerEnv(objs, sts);
    assert.equal(env.TODO_DB, '/var/lib/todo-svc/todos.db');
    const mount = sts.spec.template.spec.containers[0].volumeMounts.find((m) => m.name === 'data');
    assert.equal(mount.mountPath, '/var/lib/todo-svc');
    assert.equal(sts.spec.template.spec.securityContext.fsGroup, 10001, 'volume writable by the user');
  });

  test('binaries are configured by the env vars of the contract, with dns:/// targets of headless Services', () => {
    const env = {
      todo: L.containerEnv(objs, L.byName(objs, 'StatefulSet', L.name('todo-svc'))),
      chat: L.containerEnv(objs, L.byName(objs, 'Deployment', L.name('chat-svc'))),
      gw: L.containerEnv(objs, L.byName(objs, 'Deployment', L.name('gateway'))),
    };
    assert.deepEqual(Object.keys(env.todo).sort(), ['TODO_DB', 'TODO_LISTEN', 'TODO_METRICS_LISTEN']);
    assert.deepEqual(Object.keys(env.chat).sort(), ['CHAT_CONTEXT_KEY', 'CHAT_LISTEN', 'CHAT_LIST_CACHE_MB', 'CHAT_METRICS_LISTEN', 'TODO_ADDR']);
    assert.equal(env.chat.CHAT_LIST_CACHE_MB, '16');
    assert.deepEqual(Object.keys(env.gw).sort(), ['CHAT_ADDR', 'GATEWAY_DEADLINE_MS', 'GATEWAY_ID_KEY', 'GATEWAY_LISTEN', 'GATEWAY_LIST_CACHE_MB', 'GATEWAY_METRICS_LISTEN', 'GATEWAY_WORKERS', 'TODO_ADDR', 'UI_DIR']);
    assert.equal(env.gw.GATEWAY_METRICS_LISTEN, '0.0.0.0:9092', 'metrics on their own port, not the public 8080');
    assert.equal(env.gw.GATEWAY_WORKERS, '64');
    assert.equal(env.gw.GATEWAY_LIST_CACHE_MB, '64');
    assert.equal(env.gw.GATEWAY_DEADLINE_MS, '2000');
    const targets = [['todo-svc', env.chat.TODO_ADDR], ['todo-svc', env.gw.TODO_ADDR], ['chat-svc', env.gw.CHAT_ADDR]];
    for (const [svc, target] of targets) {
      const m = /^dns:\/\/\/([^.]+)\.([^.]+)\.svc\.cluster\.local:(\d+)$/.exec(target);
      assert.ok(m, `${target} is not a dns:/// target`);
      assert.equal(m[2], L.NAMESPACE);
      const s = L.byName(objs, 'Service', m[1]);
      assert.ok(s, `${target}: no Service ${m[1]}`);
      assert.equal(s.spec.clusterIP, 'None', `${m[1]} must be headless`);
      assert.ok(s.spec.ports.some((p) => p.port === Number(m[3])), `${m[1]} has no port ${m[3]}`);
      assert.equal(s.spec.selector['app.kubernetes.io/name'], svc);
    }
    assert.equal(env.chat.CHAT_CONTEXT_KEY.length, 64, 'generated HMAC key');
    assert.equal(env.gw.GATEWAY_ID_KEY.length, 64, 'one id key for all gateway replicas (same user id whichever pod answers)');
    assert.notEqual(env.gw.GATEWAY_ID_KEY, env.chat.CHAT_CONTEXT_KEY);
  });

  test('every Service selects pods and targets a named container port', () => {
    const pods = L.podSpecs(objs).filter((p) => p.owner.kind !== 'Pod');
    for (const s of L.kinds(objs, 'Service')) {
      const target = pods.filter((p) => L.matches(s.spec.selector, p.labels));
      assert.equal(target.length, 1, `Service ${s.metadata.name} selects ${target.length} workloads`);
      const ports = target[0].spec.containers.flatMap((c) => c.ports.map((p) => p.name));
      for (const p of s.spec.ports) assert.ok(ports.includes(p.targetPort), `${s.metadata.name}: ${p.targetPort}`);
    }
  });

  test('probes: native gRPC on the backends; the gateway is probed on /healthz only, never on /readyz', () => {
    for (const svc of ['todo-svc', 'chat-svc']) {
      const w = L.workloads(objs).find((o) => o.metadata.name === L.name(svc));
      const c = w.spec.template.spec.containers[0];
      const port = c.ports.find((p) => p.name === 'grpc').containerPort;
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        assert.equal(c[probe].grpc.port, port, `${svc} ${probe}`);
      }
    }
    assert.ok(L.byName(objs, 'StatefulSet', L.name('todo-svc')).spec.template.spec.containers[0].startupProbe.grpc);
    const g = L.byName(objs, 'Deployment', L.name('gateway')).spec.template.spec.containers[0];
    // Readiness follows the gateway itself, not its backends: a todo-svc
    // restart must not take every gateway out of its Service (the page would 503).
    assert.equal(g.readinessProbe.httpGet.path, '/healthz');
    assert.equal(g.livenessProbe.httpGet.path, '/healthz');
    assert.equal(g.startupProbe.httpGet.path, '/healthz');
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      assert.equal(g[probe].httpGet.port, 'http', `${probe} on the public port, where draining closes the listener`);
    }
    const text = JSON.stringify(L.podSpecs(objs).filter((p) => p.owner.kind !== 'Pod').map((p) => p.spec));
    assert.ok(!text.includes('/readyz'), 'no probe of any workload may use /readyz (backend health would cascade)');
  });

  test('the gateway liveness probe outlasts a drain, so a draining gateway is not restarted', () => {
    for (const grace of [undefined, 5, 30, 95]) {
      const o = grace === undefined ? objs : L.renderOk([`gateway.terminationGracePeriodSeconds=${grace}`]);
      const ps = L.byName(o, 'Deployment', L.name('gateway')).spec.template.spec;
      const live = ps.containers[0].livenessProbe;
      const failAfter = live.periodSeconds * live.failureThreshold;
      assert.ok(failAfter > ps.terminationGracePeriodSeconds,
        `grace ${ps.terminationGracePeriodSeconds} s: liveness fails after ${failAfter} s, within the drain`);
      const ready = ps.containers[0].readinessProbe;
      assert.ok(ready.periodSeconds * ready.failureThreshold <= 10, 'a draining gateway leaves its Service within 10 s');
    }
  });

  test('every container is bounded and hardened, every pod runs as a numeric non-root user (SQLite and both PostgreSQL modes)', () => {
    for (const { owner, spec, objs: all } of ['default', 'postgresql', 'external-db', 'copy-from-sqlite']
      .flatMap((e) => L.podSpecs(rendered[e]).map((p) => ({ ...p, objs: rendered[e] })))) {
      const where = `${owner.kind}/${owner.metadata.name}`;
      assert.equal(spec.automountServiceAccountToken, false, where);
      assert.equal(spec.securityContext.runAsNonRoot, true, where);
      assert.ok(Number.isInteger(spec.securityContext.runAsUser) && spec.securityContext.runAsUser > 0, where);
      assert.equal(spec.securityContext.seccompProfile.type, 'RuntimeDefault', where);
      for (const c of spec.containers) {
        assert.ok(c.resources.requests.cpu && c.resources.requests.memory, `${where} requests`);
        assert.ok(c.resources.limits.cpu && c.resources.limits.memory, `${where} limits`);
        assert.equal(c.imagePullPolicy, 'IfNotPresent', where);
        const sc = c.securityContext;
        assert.equal(sc.allowPrivilegeEscalation, false, where);
        assert.equal(sc.readOnlyRootFilesystem, true, where);
        assert.deepEqual(sc.capabilities.drop, ['ALL'], where);
        const tmp = c.volumeMounts.find((m) => m.mountPath === '/tmp');
        assert.ok(tmp && spec.volumes.find((v) => v.name === tmp.name).emptyDir, `${where}: emptyDir on /tmp`);
      }
      if (owner.kind !== 'Pod' && owner.kind !== 'Job') {
        const sa = L.byName(all, 'ServiceAccount', spec.serviceAccountName);
        assert.ok(sa, `${where}: ServiceAccount ${spec.serviceAccountName}`);
        assert.equal(sa.automountServiceAccountToken, false);
      }
    }
  });

  test('rollouts never drop capacity: HPA owns replicas, maxUnavailable 0, preStop delay, spread, PDB', () => {
    for (const svc of ['gateway', 'chat-svc']) {
      const d = L.byName(objs, 'Deployment', L.name(svc));
      assert.equal(d.spec.replicas, undefined, `${svc}: replicas must be left to the HPA`);
      assert.equal(d.spec.strategy.rollingUpdate.maxUnavailable, 0);
      assert.ok(d.spec.strategy.rollingUpdate.maxSurge >= 1);
      const ps = d.spec.template.spec;
      assert.deepEqual(ps.containers[0].lifecycle.preStop.exec.command, ['/bin/sleep', '5']);
      assert.ok(ps.terminationGracePeriodSeconds > 5);
      assert.equal(ps.topologySpreadConstraints[0].topologyKey, 'kubernetes.io/hostname');
      assert.ok(L.matches(ps.topologySpreadConstraints[0].labelSelector.matchLabels, d.spec.template.metadata.labels));
      const hpa = L.byName(objs, 'HorizontalPodAutoscaler', L.name(svc));
      assert.equal(hpa.apiVersion, 'autoscaling/v2');
      assert.equal(hpa.spec.scaleTargetRef.name, d.metadata.name);
      assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
      const pdb = L.byName(objs, 'PodDisruptionBudget', L.name(svc));
      assert.ok(L.matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels));
    }
    assert.ok(L.byName(objs, 'HorizontalPodAutoscaler', L.name('gateway')).spec.minReplicas >= 2, 'gateway runs at least 2');
  });

  test('NetworkPolicies: gateway -> chat-svc, gateway + chat-svc -> todo-svc, monitoring namespace -> metrics', () => {
    const labels = Object.fromEntries(L.podSpecs(objs).map((p) => [p.owner.metadata.name, p.labels]));
    const stranger = { 'app.kubernetes.io/name': 'stranger', 'app.kubernetes.io/instance': L.RELEASE };
    const allowed = (policyName, from, port) => {
      const np = L.byName(objs, 'NetworkPolicy', policyName);
      return np.spec.ingress.some((rule) => (rule.ports || []).some((p) => p.port === port) &&
        (!rule.from || rule.from.some((f) => (f.podSelector && L.matches(f.podSelector.matchLabels, from)) ||
          (f.namespaceSelector && from.namespace === f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']))));
    };
    const gw = labels[L.name('gateway')];
    const chat = labels[L.name('chat-svc')];
    const todo = labels[L.name('todo-svc')];
    const monitoring = { namespace: 'monitoring' };
    assert.ok(allowed(L.name('todo-svc'), gw, 50051));
    assert.ok(allowed(L.name('todo-svc'), chat, 50051));
    assert.ok(!allowed(L.name('todo-svc'), stranger, 50051), 'other pods must not reach todo-svc');
    assert.ok(!allowed(L.name('todo-svc'), labels[`${L.RELEASE}-test-gateway`], 50051), 'the test pod goes through the gateway');
    assert.ok(allowed(L.name('chat-svc'), gw, 50052));
    assert.ok(!allowed(L.name('chat-svc'), todo, 50052), 'todo-svc must not call chat-svc');
    assert.ok(!allowed(L.name('chat-svc'), stranger, 50052));
    assert.ok(allowed(L.name('todo-svc'), monitoring, 9090));
    assert.ok(allowed(L.name('chat-svc'), monitoring, 9091));
    assert.ok(!allowed(L.name('todo-svc'), { namespace: 'default' }, 9090));
    assert.ok(allowed(L.name('gateway'), stranger, 8080), 'the gateway is the front door');
    assert.ok(allowed(L.name('gateway'), monitoring, 9092), 'Prometheus scrapes the gateway on its metrics port');
    assert.ok(!allowed(L.name('gateway'), stranger, 9092), 'gateway metrics only for the monitoring namespace');
    assert.ok(!allowed(L.name('gateway'), { namespace: 'default' }, 9092));
    for (const np of L.kinds(objs, 'NetworkPolicy')) {
      const target = L.podSpecs(objs).filter((p) => L.matches(np.spec.podSelector.matchLabels, p.labels) && p.owner.kind !== 'Pod');
      assert.equal(target.length, 1, `${np.metadata.name} selects one workload`);
    }
  });

  test('pods are annotated for Prometheus on their metrics port', () => {
    for (const [svc, port] of [['todo-svc', 9090], ['chat-svc', 9091], ['gateway', 9092]]) {
      const w = L.workloads(objs).find((o) => o.metadata.name === L.name(svc));
      const a = w.spec.template.metadata.annotations;
      assert.equal(a['prometheus.io/scrape'], 'true');
      assert.equal(a['prometheus.io/port'], String(port));
      assert.ok(w.spec.template.spec.containers[0].ports.some((p) => p.containerPort === port));
    }
  });

  test('the helm test hook checks the gateway Service end to end with the gateway image', () => {
    const pod = L.byName(objs, 'Pod', `${L.RELEASE}-test-gateway`);
    assert.equal(pod.metadata.annotations['helm.sh/hook'], 'test');
    assert.equal(pod.spec.restartPolicy, 'Never');
    const c = pod.spec.containers[0];
    assert.equal(c.image, L.byName(objs, 'Deployment', L.name('gateway')).spec.template.spec.containers[0].image);
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
    assert.equal(env.GATEWAY_HOST, `${L.name('gateway')}.${L.NAMESPACE}.svc.cluster.local`);
    for (const step of ['/readyz', 'POST /api/todos', '/api/todos?status=all', '/api/chat', 'DELETE']) {
      assert.ok(c.args[0].includes(step.split(' ').pop()), `test script covers ${step}`);
    }
  });
});

describe('matrix entries change what they should', () => {
  test('persistence off: no volume claim, todo-svc on :memory:', () => {
    const objs = rendered['persistence-off'];
    const sts = L.byName(objs, 'StatefulSet', L.name('todo-svc'));
    assert.equal(sts.spec.volumeClaimTemplates, undefined);
    assert.equal(L.containerEnv(objs, sts).TODO_DB, ':memory:');
    assert.ok(!sts.spec.template.spec.containers[0].volumeMounts.some((m) => m.name === 'data'));
  });

  test('autoscaling off: no HPA, the Deployments set 2 replicas', () => {
    const objs = rendered['autoscaling-off'];
    assert.equal(L.kinds(objs, 'HorizontalPodAutoscaler').length, 0);
    assert.equal(L.byName(objs, 'Deployment', L.name('gateway')).spec.replicas, 2);
    assert.equal(L.byName(objs, 'Deployment', L.name('chat-svc')).spec.replicas, 2);
  });

  test('ingress on: an nginx Ingress routes the host to the gateway Service port', () => {
    const objs = rendered['ingress-on'];
    const ing = L.byName(objs, 'Ingress', L.name('gateway'));
    assert.equal(ing.spec.ingressClassName, 'nginx');
    const rule = ing.spec.rules[0];
    assert.equal(rule.host, 'todo.local');
    const backend = rule.http.paths[0].backend.service;
    const svc = L.byName(objs, 'Service', backend.name);
    assert.ok(svc.spec.ports.some((p) => p.name === backend.port.name));
    assert.equal(ing.metadata.annotations['nginx.ingress.kubernetes.io/proxy-buffering'], 'off', 'SSE must stream');
  });

  test('/metrics is not public: the Ingress and the public Service reach only the http port (8080), never 9092', () => {
    for (const sets of [['gateway.ingress.enabled=true'], ['gateway.ingress.enabled=true', 'gateway.service.type=LoadBalancer']]) {
      const objs = L.renderOk(sets);
      const gw = L.byName(objs, 'Deployment', L.name('gateway')).spec.template.spec.containers[0];
      const byPortName = Object.fromEntries(gw.ports.map((p) => [p.name, p.containerPort]));
      assert.deepEqual(byPortName, { http: 8080, metrics: 9092 });
      const ing = L.byName(objs, 'Ingress', L.name('gateway'));
      const reached = ing.spec.rules.flatMap((r) => r.http.paths).map((p) => {
        const svc = L.byName(objs, 'Service', p.backend.service.name);
        const sp = svc.spec.ports.find((x) => x.name === p.backend.service.port.name || x.port === p.backend.service.port.number);
        return byPortName[sp.targetPort] || sp.targetPort;
      });
      assert.deepEqual(reached, [8080]);
      const pub = L.byName(objs, 'Service', L.name('gateway'));
      assert.deepEqual(pub.spec.ports.map((p) => byPortName[p.targetPort]), [8080], `public ${pub.spec.type} Service exposes only 8080`);
      const metrics = L.byName(objs, 'Service', L.name('gateway-metrics'));
      assert.equal(metrics.spec.type, 'ClusterIP', 'the metrics Service stays inside the cluster');
      assert.deepEqual(metrics.spec.ports.map((p) => byPortName[p.targetPort]), [9092]);
    }
  });

  test('monitoring on: one ServiceMonitor per service selecting exactly its metrics Service port; dashboard JSON', () => {
    const objs = rendered['monitoring-on'];
    const sms = L.kinds(objs, 'ServiceMonitor');
    assert.equal(sms.length, 3);
    for (const sm of sms) {
      const svcs = L.kinds(objs, 'Service').filter((s) => L.matches(sm.spec.selector.matchLabels, s.metadata.labels));
      assert.equal(svcs.length, 1, `${sm.metadata.name} selects ${svcs.length} Services (scraped twice?)`);
      assert.ok(svcs[0].spec.ports.some((p) => p.name === sm.spec.endpoints[0].port), sm.metadata.name);
      assert.deepEqual(sm.spec.namespaceSelector.matchNames, [L.NAMESPACE]);
    }
    const cm = L.byName(objs, 'ConfigMap', `${L.RELEASE}-dashboard`);
    assert.equal(cm.metadata.labels.grafana_dashboard, '1');
    const dash = JSON.parse(cm.data['todo-chatbot.json']);
    const exprs = dash.panels.flatMap((p) => (p.targets || []).map((t) => t.expr)).join('\n');
    for (const sel of ['gateway_http_requests_total', 'gateway_http_request_duration_seconds_bucket',
      'grpc_service="chat.v1.ChatService"', 'grpc_service="todo.v1.TodoService"', 'grpc_server_handling_seconds_bucket']) {
      assert.ok(exprs.includes(sel), `dashboard queries ${sel}`);
    }
    const gwSm = L.byName(objs, 'ServiceMonitor', L.name('gateway'));
    const gwSvc = L.kinds(objs, 'Service').find((x) => L.matches(gwSm.spec.selector.matchLabels, x.metadata.labels));
    assert.equal(gwSvc.metadata.name, L.name('gateway-metrics'), 'the gateway is scraped on its metrics Service');
    assert.equal(gwSvc.spec.ports.find((p) => p.name === gwSm.spec.endpoints[0].port).port, 9092);
    const titles = dash.panels.map((p) => p.title).join('|');
    for (const t of ['rate', 'rror', 'atency']) assert.equal(titles.split(t).length - 1 >= 3, true, `3 panels on ${t}`);
  });
});

describe('values wiring', () => {
  test('global image registry and tag reach all three images; a service tag wins', () => {
    const objs = L.renderOk(['global.image.registry=registry.example.com/todo', 'global.image.tag=1.2.3', 'chat-svc.image.tag=9.9.9']);
    const img = (svc) => L.workloads(objs).find((o) => o.metadata.name === L.name(svc)).spec.template.spec.containers[0].image;
    assert.equal(img('todo-svc'), 'registry.example.com/todo/todo-svc:1.2.3');
    assert.equal(img('chat-svc'), 'registry.example.com/todo/chat-svc:9.9.9');
    assert.equal(img('gateway'), 'registry.example.com/todo/gateway:1.2.3');
    assert.equal(L.byName(objs, 'Pod', `${L.RELEASE}-test-gateway`).spec.containers[0].image, img('gateway'));
  });

  test('an all-digit tag (skaffold: a commit hash like 1234567, a number to --set) still makes a valid image reference', () => {
    for (const opts of [{}, { helm3: true }]) {
      const r = L.template(['gateway.image.tag=1234567', 'global.image.tag=2024'], [], opts);
      assert.equal(r.status, 0, r.stderr);
      const img = (svc) => L.workloads(r.objects).find((o) => o.metadata.name === L.name(svc)).spec.template.spec.containers[0].image;
      assert.equal(img('gateway'), 'gateway:1234567');
      assert.equal(img('todo-svc'), 'todo-svc:2024');
      assert.equal(L.byName(r.objects, 'Pod', `${L.RELEASE}-test-gateway`).spec.containers[0].image, 'gateway:1234567');
    }
  });

  test('a config change rolls exactly the pods that read it (checksum/config)', () => {
    const before = L.renderOk();
    const after = L.renderOk(['gateway.chatAddr=dns:///elsewhere:50052']);
    const sum = (objs, svc) => L.workloads(objs).find((o) => o.metadata.name === L.name(svc)).spec.template.metadata.annotations['checksum/config'];
    assert.notEqual(sum(before, 'gateway'), sum(after, 'gateway'));
    assert.equal(sum(before, 'todo-svc'), sum(after, 'todo-svc'));
    assert.equal(sum(before, 'chat-svc').length, 64);
    assert.equal(L.containerEnv(after, L.byName(after, 'Deployment', L.name('gateway'))).CHAT_ADDR, 'dns:///elsewhere:50052');
  });

  test('CHAT_CONTEXT_KEY: a given key is used as is; an existing Secret is referenced, none created', () => {
    const key = crypto.randomBytes(24).toString('hex');
    let objs = L.renderOk([`chat-svc.contextKey.value=${key}`]);
    assert.equal(L.containerEnv(objs, L.byName(objs, 'Deployment', L.name('chat-svc'))).CHAT_CONTEXT_KEY, key);
    objs = L.renderOk(['chat-svc.contextKey.existingSecret=my-key', 'chat-svc.contextKey.secretKey=hmac']);
    assert.deepEqual(L.kinds(objs, 'Secret').map((x) => x.metadata.name), [L.name('gateway')]);
    const ref = L.byName(objs, 'Deployment', L.name('chat-svc')).spec.template.spec.containers[0].env
      .find((e) => e.name === 'CHAT_CONTEXT_KEY').valueFrom.secretKeyRef;
    assert.deepEqual(ref, { name: 'my-key', key: 'hmac' });
  });

  test('GATEWAY_ID_KEY: an existing Secret is referenced, none created; its key name is configurable', () => {
    const objs = L.renderOk(['gateway.idKey.existingSecret=ops-id-key', 'gateway.idKey.secretKey=id']);
    assert.deepEqual(L.kinds(objs, 'Secret').map((x) => x.metadata.name), [L.name('chat-svc')]);
    const d = L.byName(objs, 'Deployment', L.name('gateway'));
    const ref = d.spec.template.spec.containers[0].env.find((e) => e.name === 'GATEWAY_ID_KEY').valueFrom.secretKeyRef;
    assert.deepEqual(ref, { name: 'ops-id-key', key: 'id' });
    assert.equal(d.spec.template.metadata.annotations['checksum/secret'], undefined, 'no checksum of a Secret the chart does not render');
    const both = L.renderOk(['gateway.idKey.existingSecret=a', 'chat-svc.contextKey.existingSecret=b']);
    assert.deepEqual(L.kinds(both, 'Secret'), []);
  });

  test('the key Secrets outlive `helm uninstall` (resource-policy keep), whether generated or pinned', () => {
    for (const sets of [[], ['gateway.idKey.value=' + 'p'.repeat(40), 'chat-svc.contextKey.value=' + 'q'.repeat(40)]]) {
      const secrets = L.kinds(L.renderOk(sets), 'Secret');
      assert.deepEqual(secrets.map((x) => x.metadata.name).sort(), [L.name('chat-svc'), L.name('gateway')]);
      for (const sec of secrets) {
        assert.equal(sec.metadata.annotations['helm.sh/resource-policy'], 'keep', `${sec.metadata.name} would be deleted by helm uninstall`);
      }
    }
    // Nothing else is kept: an uninstall still removes the workloads, Services, ConfigMaps...
    const kept = rendered.default.filter((o) => (o.metadata.annotations || {})['helm.sh/resource-policy']);
    assert.deepEqual(kept.map((o) => o.kind), ['Secret', 'Secret']);
  });

  test('GitOps (`helm template`, no cluster to look up): a generated key changes with every render, a pinned one does not', () => {
    const gw = (objs) => L.containerEnv(objs, L.byName(objs, 'Deployment', L.name('gateway'))).GATEWAY_ID_KEY;
    assert.notEqual(gw(L.renderOk()), gw(L.renderOk()), 'without lookup every render makes a new key: pin it (docs)');
    const key = 'z'.repeat(48);
    assert.equal(gw(L.renderOk([`gateway.idKey.value=${key}`])), key);
    assert.equal(gw(L.renderOk([`gateway.idKey.value=${key}`])), key);
  });

  test('generated keys (CHAT_CONTEXT_KEY, GATEWAY_ID_KEY) are kept across upgrades (lookup of the existing Secret)', () => {
    const helpers = L.fs.readFileSync(L.path.join(L.CHART, 'charts/common/templates/_helpers.tpl'), 'utf8');
    assert.match(helpers, /lookup "v1" "Secret" \.ctx\.Release\.Namespace \$name/);
    for (const svc of ['chat-svc', 'gateway']) {
      const tpl = L.fs.readFileSync(L.path.join(L.CHART, `charts/${svc}/templates/secret.yaml`), 'utf8');
      assert.match(tpl, /common\.generatedKeySecret/);
    }
    const key = 'k'.repeat(40);
    const objs = L.renderOk([`gateway.idKey.value=${key}`]);
    assert.equal(L.containerEnv(objs, L.byName(objs, 'Deployment', L.name('gateway'))).GATEWAY_ID_KEY, key);
  });

  test('NodePort service with a fixed port; network policies and scrape annotations can be turned off', () => {
    const objs = L.renderOk(['gateway.service.type=NodePort', 'gateway.service.nodePort=30080',
      'global.networkPolicy.enabled=false', 'global.monitoring.scrapeAnnotations=false']);
    const svc = L.byName(objs, 'Service', L.name('gateway'));
    assert.equal(svc.spec.type, 'NodePort');
    assert.equal(svc.spec.ports[0].nodePort, 30080);
    assert.equal(L.kinds(objs, 'NetworkPolicy').length, 0);
    assert.equal(L.byName(objs, 'Deployment', L.name('gateway')).spec.template.metadata.annotations['prometheus.io/scrape'], undefined);
  });
});

describe('generated keys survive upgrades (helm lookup against a fake API server)', () => {
  const { execFile } = require('node:child_process');
  const fakeApi = require('./fake-apiserver');
  // Async: the fake API server lives in this process and must keep answering.
  const helmAsync = (bin, args, env) => new Promise((resolve) => {
    execFile(bin, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 120000 }, (err, stdout, stderr) => {
      resolve({ status: err ? (err.code || 1) : 0, stdout, stderr });
    });
  });
  const renderAgainst = async (bin, api, verb = ['upgrade', '--install'], sets = []) => {
    const r = await helmAsync(bin, [...verb, L.RELEASE, L.CHART, '-n', L.NAMESPACE, '--dry-run=server',
      '--disable-openapi-validation', '-o', 'json', ...sets.flatMap((x) => ['--set', x])], { KUBECONFIG: api.kubeconfig });
    assert.equal(r.status, 0, r.stderr);
    return L.yaml.loadAll(JSON.parse(r.stdout).manifest).filter(Boolean);
  };
  const keys = (objs) => ({
    chat: L.containerEnv(objs, L.byName(objs, 'Deployment', L.name('chat-svc'))).CHAT_CONTEXT_KEY,
    gw: L.containerEnv(objs, L.byName(objs, 'Deployment', L.name('gateway'))).GATEWAY_ID_KEY,
  });

  for (const major of ['HELM', 'HELM3']) {
    test(`${major === 'HELM' ? 'Helm 4' : 'Helm 3'}: an upgrade, or a reinstall finding the Secrets an uninstall kept, reuses the keys; a first install generates new ones`, async () => {
      const bin = L.tools()[major];
      const installed = { chat: 'c'.repeat(20) + crypto.randomBytes(16).toString('hex'), gw: 'g'.repeat(20) + crypto.randomBytes(16).toString('hex') };
      let api = await fakeApi.start({
        namespace: L.NAMESPACE, release: L.RELEASE,
        secrets: { [L.name('chat-svc')]: { CHAT_CONTEXT_KEY: installed.chat }, [L.name('gateway')]: { GATEWAY_ID_KEY: installed.gw } },
      });
      try {
        const objs = await renderAgainst(bin, api);
        assert.deepEqual(keys(objs), installed);
        assert.ok(api.requests.some((x) => x.startsWith(`GET /api/v1/namespaces/${L.NAMESPACE}/secrets/${L.name('chat-svc')}`)), 'lookup asked the cluster');
        // After `helm uninstall`: no release any more, only the kept Secrets.
        const again = await renderAgainst(bin, api, ['install']);
        assert.deepEqual(keys(again), installed, 'a reinstall must find every user\'s todos again');
        for (const sec of L.kinds(again, 'Secret')) assert.equal(sec.metadata.annotations['helm.sh/resource-policy'], 'keep');
      } finally {
        await api.close();
      }
      api = await fakeApi.start({ namespace: L.NAMESPACE, release: L.RELEASE });
      try {
        const fresh = keys(await renderAgainst(bin, api));
        assert.equal(fresh.chat.length, 64);
        assert.equal(fresh.gw.length, 64);
        assert.notEqual(fresh.chat, installed.chat);
        assert.notEqual(fresh.chat, fresh.gw);
      } finally {
        await api.close();
      }
    });
  }

  // The bundled PostgreSQL's password: its data directory only opens with the one it was initialised with.
  const pgSecret = async (bin, api, verb) => {
    const sec = L.byName(await renderAgainst(bin, api, verb, ['postgresql.enabled=true']), 'Secret', L.name('postgresql'));
    const dec = (k) => Buffer.from(sec.data[k], 'base64').toString();
    return { password: dec('password'), url: new URL(dec('url')), keep: sec.metadata.annotations['helm.sh/resource-policy'] };
  };
  for (const major of ['HELM', 'HELM3']) {
    test(`${major === 'HELM' ? 'Helm 4' : 'Helm 3'}: postgresql.enabled: an upgrade or a reinstall keeps the server's password (and rebuilds todo-svc's URI from it); a first install makes a new one`, async () => {
      const bin = L.tools()[major];
      const installed = `p${crypto.randomBytes(20).toString('hex')}`;
      let api = await fakeApi.start({ namespace: L.NAMESPACE, release: L.RELEASE, secrets: { [L.name('postgresql')]: { password: installed, url: 'stale' } } });
      try {
        for (const verb of [['upgrade', '--install'], ['install']]) {
          const s = await pgSecret(bin, api, verb);
          assert.equal(s.password, installed, `${verb[0]}: the kept password`);
          assert.equal(decodeURIComponent(s.url.password), installed, `${verb[0]}: todo-svc's URI carries it`);
          assert.equal(s.keep, 'keep');
        }
        assert.ok(api.requests.some((x) => x.startsWith(`GET /api/v1/namespaces/${L.NAMESPACE}/secrets/${L.name('postgresql')}`)), 'lookup asked the cluster');
      } finally {
        await api.close();
      }
      api = await fakeApi.start({ namespace: L.NAMESPACE, release: L.RELEASE });
      try {
        const fresh = await pgSecret(bin, api, ['upgrade', '--install']);
        assert.equal(fresh.password.length, 64);
        assert.notEqual(fresh.password, installed);
      } finally {
        await api.close();
      }
    });
  }
});

describe('values.schema.json refuses bad values', () => {
  const BAD = [
    [['gateway.replicaCount=1'], /replicaCount.*minimum/s],
    [['gateway.autoscaling.minReplicas=1'], /minReplicas.*minimum/s],
    [['todo-svc.persistence.enabled=yes'], /persistence\/enabled.*boolean/s],
    [['todo-svc.persistance.enabled=false'], /persistance/],
    [['gateway.replicas=3'], /replicas/],
    [['global.image.registri=x'], /registri/],
    [['global.monitoring.serviceMonitor.enable=true'], /enable/],
    [['global.monitoring.prometheusRule.availabilityObjective=100'], /availabilityObjective/],
    [['global.monitoring.prometheusRule.latencyBucket=0.3'], /latencyBucket/],
    [['loadgen.users=0'], /users/],
    [['loadgen.enabled=yes'], /enabled/],
    [['unknownTopLevel=1'], /unknownTopLevel/],
    [['gateway.service.type=Ingress'], /service\/type/],
    [['global.image.pullPolicy=Sometimes'], /pullPolicy/],
    [['chat-svc.autoscaling.targetCPUUtilizationPercentage=150'], /targetCPUUtilizationPercentage/],
    [['todo-svc.securityContext.runAsUser=0'], /runAsUser/],
    [['gateway.resources.limits=null'], /limits/],
    [['gateway.ingress.path=api'], /ingress\/path/],
    [['gateway.service.nodePort=80'], /nodePort/],
    [['chat-svc.contextKey.value=short'], /contextKey\/value/],
    [['tests.token=x'], /token/],
    [['todo-svc.image.digest=latest'], /digest/],
    [['--set-string gateway.replicaCount=3'], /replicaCount.*integer/s],
    [['gateway.autoscaling.minReplicas=5', 'gateway.autoscaling.maxReplicas=3'], /minReplicas \(5\) is above autoscaling.maxReplicas \(3\)/],
    [['loadgen.enabled=true', 'loadgen.users=2', 'loadgen.parallelism=3'], /loadgen.users \(2\) is below loadgen.parallelism \(3\)/],
    // The database: one choice at a time, replicas only where the database takes them.
    [['postgresql.enabled=true', 'externalDatabase.existingSecret=pg-app'],
      /postgresql.enabled=true and externalDatabase.existingSecret=pg-app both choose todo-svc's database: set only one/],
    [['todo-svc.replicaCount=3'], /todo-svc.replicaCount=3 needs PostgreSQL: on SQLite todo-svc is exactly one pod/],
    [['postgresql.enabled=true', 'todo-svc.autoscaling.enabled=false', 'todo-svc.replicaCount=1'], /on PostgreSQL todo-svc runs at least 2 replicas/],
    [['todo-svc.autoscaling.minReplicas=1'], /minReplicas/],
    [['postgresql.enable=true'], /enable/],
    [['postgresql.enabled=yes'], /enabled/],
    [['postgresql.enabled=true', 'postgresql.auth.password=short'], /password/],
    [['postgresql.enabled=true', 'postgresql.auth.username=Todo User'], /username/],
    [['postgresql.enabled=true', 'postgresql.image.tag='], /tag/],
    [['postgresql.enabled=true', 'postgresql.securityContext.runAsUser=0'], /runAsUser/],
    [['externalDatabase.existingSecret=Not_A_Name'], /existingSecret/],
    [['externalDatabase.secretKey='], /secretKey/],
  ];
  for (const [sets, why] of BAD) {
    test(`refused: ${sets.join(' ')}`, () => {
      const r = L.template(sets);
      assert.notEqual(r.status, 0, `accepted ${sets.join(' ')}`);
      assert.match(r.stderr, why);
      // Helm 3 words its schema errors differently but must refuse the same values.
      const r3 = L.template(sets, [], { helm3: true });
      assert.notEqual(r3.status, 0, `Helm 3 accepted ${sets.join(' ')}`);
      const key = sets[sets.length - 1].replace(/^--set-string /, '').split('=')[0].split('.').pop();
      assert.ok(r3.stderr.includes(key) || why.test(r3.stderr), `Helm 3 error does not name ${key}: ${r3.stderr}`);
    });
  }
  test('helm install refuses them too (same schema)', () => {
    const r = L.helm(['install', L.RELEASE, L.CHART, '--dry-run=client', '--set', 'gateway.replicas=3']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /additional properties 'replicas' not allowed/);
  });
  test('valid non-default values are accepted', () => {
    L.renderOk(['gateway.service.type=LoadBalancer', 'gateway.ingress.enabled=true',
      '--set-json gateway.ingress.tls=[{"secretName":"tls","hosts":["todo.example.com"]}]',
      'todo-svc.persistence.storageClass=standard', 'todo-svc.persistence.size=5Gi',
      'chat-svc.pdb.minAvailable=50%', 'global.imagePullSecrets[0]=regcred',
      '--set-json gateway.extraEnv=[{"name":"X","value":"1"}]']);
  });
});

describe('todo-svc on PostgreSQL (postgresql.enabled, externalDatabase.existingSecret)', () => {
  const todoSvcObjs = (objs) => objs.filter((o) => o.metadata.name === L.name('todo-svc'));
  // TODO_DB of the todo-svc container: its env entry, and the ConfigMap it also reads.
  const todoDb = (objs) => {
    const d = L.byName(objs, 'Deployment', L.name('todo-svc'));
    const c = d.spec.template.spec.containers[0];
    return { d, entry: (c.env || []).find((e) => e.name === 'TODO_DB'), cm: L.byName(objs, 'ConfigMap', L.name('todo-svc')).data };
  };
  const secretData = (sec, key) => Buffer.from(sec.data[key], 'base64').toString();

  test('SQLite stays the default: todo-svc is one StatefulSet pod with its PVC, no Deployment, HPA, PDB or database server', () => {
    const objs = rendered.default;
    assert.deepEqual(todoSvcObjs(objs).map((o) => o.kind).sort(), ['ConfigMap', 'NetworkPolicy', 'Service', 'ServiceAccount', 'StatefulSet']);
    const sts = L.byName(objs, 'StatefulSet', L.name('todo-svc'));
    assert.equal(sts.spec.replicas, 1);
    assert.equal(sts.spec.volumeClaimTemplates[0].metadata.name, 'data');
    assert.equal(L.containerEnv(objs, sts).TODO_DB, '/var/lib/todo-svc/todos.db');
    assert.deepEqual(objs.filter((o) => /postgresql/.test(o.metadata.name)), []);
    // Asking for 1 replica is what SQLite has: accepted, same StatefulSet.
    const one = L.renderOk(['todo-svc.replicaCount=1']);
    assert.equal(L.byName(one, 'StatefulSet', L.name('todo-svc')).spec.replicas, 1);
  });

  for (const entry of ['postgresql', 'external-db']) {
    test(`${entry}: todo-svc is a Deployment of 2+ replicas (HPA on CPU, min 2), a PDB keeps one, rollouts never drop capacity`, () => {
      const objs = rendered[entry];
      assert.deepEqual(todoSvcObjs(objs).map((o) => o.kind).sort(),
        ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
      assert.equal(L.byName(objs, 'StatefulSet', L.name('todo-svc')), undefined, 'no SQLite StatefulSet');
      const d = L.byName(objs, 'Deployment', L.name('todo-svc'));
      assert.equal(d.spec.replicas, undefined, 'replicas left to the HPA');
      assert.equal(d.spec.strategy.rollingUpdate.maxUnavailable, 0);
      const hpa = L.byName(objs, 'HorizontalPodAutoscaler', L.name('todo-svc'));
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name });
      assert.ok(hpa.spec.minReplicas >= 2, `HPA min ${hpa.spec.minReplicas}`);
      assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
      const pdb = L.byName(objs, 'PodDisruptionBudget', L.name('todo-svc'));
      assert.equal(pdb.spec.minAvailable, 1);
      assert.ok(L.matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels));
      const ps = d.spec.template.spec;
      assert.equal(ps.topologySpreadConstraints[0].topologyKey, 'kubernetes.io/hostname', 'replicas spread over nodes');
      assert.ok(!ps.containers[0].volumeMounts.some((m) => m.name === 'data'), 'no SQLite volume');
      assert.ok(!(ps.volumes || []).some((v) => v.persistentVolumeClaim), 'no PVC');
      assert.ok(ps.containers[0].readinessProbe.grpc && ps.containers[0].livenessProbe.grpc, 'native gRPC probes as on SQLite');
      // Every Service still selects exactly one workload, on a named port it has.
      for (const s of L.kinds(objs, 'Service')) {
        const target = L.podSpecs(objs).filter((p) => p.owner.kind !== 'Pod' && L.matches(s.spec.selector, p.labels));
        assert.equal(target.length, 1, `Service ${s.metadata.name} selects ${target.length} workloads`);
        const ports = target[0].spec.containers.flatMap((c) => c.ports.map((p) => p.name));
        for (const p of s.spec.ports) assert.ok(ports.includes(p.targetPort), `${s.metadata.name}: ${p.targetPort}`);
      }
    });

    test(`${entry}: TODO_DB comes from a Secret (secretKeyRef), never as a value in a manifest`, () => {
      const objs = rendered[entry];
      const { entry: env, cm } = todoDb(objs);
      assert.ok(env && env.valueFrom && env.valueFrom.secretKeyRef, 'TODO_DB is a secretKeyRef');
      assert.equal(env.value, undefined);
      assert.equal(cm.TODO_DB, undefined, 'the ConfigMap does not carry a SQLite TODO_DB beside it');
      const want = entry === 'postgresql' ? { name: L.name('postgresql'), key: 'url' } : { name: 'todo-pg-app', key: 'uri' };
      assert.deepEqual(env.valueFrom.secretKeyRef, want);
      // No plain postgresql:// anywhere outside a Secret's (base64) data.
      const plain = JSON.stringify(objs.filter((o) => o.kind !== 'Secret'));
      assert.ok(!/postgres(ql)?:\/\//.test(plain), 'a connection URI in plain text');
    });
  }

  test('external database: nothing of a database server is rendered, the Secret is the operator\'s; secretKey defaults to url', () => {
    const objs = rendered['external-db'];
    assert.deepEqual(objs.filter((o) => /postgresql/.test(o.metadata.name)), []);
    assert.deepEqual(L.kinds(objs, 'StatefulSet'), []);
    assert.deepEqual(L.kinds(objs, 'Secret').map((x) => x.metadata.name).sort(), [L.name('chat-svc'), L.name('gateway')]);
    const dflt = L.renderOk(['externalDatabase.existingSecret=managed-pg']);
    assert.deepEqual(todoDb(dflt).entry.valueFrom.secretKeyRef, { name: 'managed-pg', key: 'url' }, 'the contract\'s key name');
  });

  test('replicas when the HPA is off: 2 by default, todo-svc.replicaCount otherwise', () => {
    for (const [sets, want] of [[[], 2], [['todo-svc.replicaCount=4'], 4]]) {
      for (const db of [['postgresql.enabled=true'], ['externalDatabase.existingSecret=x']]) {
        const objs = L.renderOk([...db, 'todo-svc.autoscaling.enabled=false', ...sets]);
        assert.equal(L.byName(objs, 'Deployment', L.name('todo-svc')).spec.replicas, want);
        assert.equal(L.byName(objs, 'HorizontalPodAutoscaler', L.name('todo-svc')), undefined);
      }
    }
  });

  test('bundled PostgreSQL: the Secret\'s url reaches the StatefulSet through its headless Service with its user, database and password', () => {
    const objs = rendered.postgresql;
    const sec = L.byName(objs, 'Secret', L.name('postgresql'));
    const url = new URL(secretData(sec, 'url'));
    assert.equal(url.protocol, 'postgresql:');
    const sts = L.byName(objs, 'StatefulSet', L.name('postgresql'));
    const svc = L.byName(objs, 'Service', L.name('postgresql'));
    assert.equal(svc.spec.clusterIP, 'None', 'headless');
    assert.equal(sts.spec.serviceName, svc.metadata.name);
    assert.ok(L.matches(svc.spec.selector, sts.spec.template.metadata.labels));
    assert.equal(url.hostname, `${svc.metadata.name}.${L.NAMESPACE}.svc.cluster.local`);
    const c = sts.spec.template.spec.containers[0];
    const port = c.ports.find((p) => p.name === svc.spec.ports[0].targetPort).containerPort;
    assert.equal(Number(url.port), svc.spec.ports[0].port);
    assert.equal(port, 5432);
    const env = Object.fromEntries(c.env.map((e) => [e.name, e]));
    assert.equal(decodeURIComponent(url.username), env.POSTGRES_USER.value);
    assert.equal(url.pathname, `/${env.POSTGRES_DB.value}`);
    assert.deepEqual(env.POSTGRES_PASSWORD.valueFrom.secretKeyRef, { name: sec.metadata.name, key: 'password' });
    const password = secretData(sec, 'password');
    assert.equal(decodeURIComponent(url.password), password, 'the URI carries the server\'s password');
    assert.equal(password.length, 64, 'generated');
    assert.equal(sec.metadata.annotations['helm.sh/resource-policy'], 'keep', 'the data on the kept volume only opens with this password');
    // A pinned password (GitOps) is used as is.
    const pinned = 'Pinned.password-0123';
    const p = L.byName(L.renderOk(['postgresql.enabled=true', `postgresql.auth.password=${pinned}`]), 'Secret', L.name('postgresql'));
    assert.equal(secretData(p, 'password'), pinned);
    assert.equal(decodeURIComponent(new URL(secretData(p, 'url')).password), pinned);
  });

  test('bundled PostgreSQL: a hardened StatefulSet (non-root 999, read-only root, no capabilities, pg_isready probes, resources)', () => {
    const sts = L.byName(rendered.postgresql, 'StatefulSet', L.name('postgresql'));
    assert.equal(sts.spec.replicas, 1);
    const ps = sts.spec.template.spec;
    assert.equal(ps.automountServiceAccountToken, false);
    assert.deepEqual(ps.securityContext, {
      runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
    const c = ps.containers[0];
    assert.match(c.image, /^docker\.io\/library\/postgres:\d+\.\d+-bookworm$/, 'official Debian image pinned to a minor release');
    assert.deepEqual(c.securityContext, {
      runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, allowPrivilegeEscalation: false, privileged: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    const emptyDirAt = (dir) => {
      const m = c.volumeMounts.find((x) => x.mountPath === dir);
      return m && ps.volumes.find((v) => v.name === m.name).emptyDir;
    };
    for (const dir of ['/var/run/postgresql', '/tmp', '/dev/shm']) assert.ok(emptyDirAt(dir), `emptyDir on ${dir}`);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      assert.equal(c[probe].exec.command[0], 'pg_isready', probe);
      assert.ok(c[probe].exec.command.includes('--port=5432'), probe);
    }
    assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory);
    assert.equal(c.lifecycle.preStop.exec.command[0], 'pg_ctl', 'a fast shutdown, not a smart one that waits for pooled sessions');
    assert.ok(c.lifecycle.preStop.exec.command.includes('--mode=fast'));
  });

  test('bundled PostgreSQL: data on a PVC (volumeClaimTemplates, kept on uninstall), PGDATA a subdirectory of the mount', () => {
    const sts = L.byName(rendered.postgresql, 'StatefulSet', L.name('postgresql'));
    const vct = sts.spec.volumeClaimTemplates;
    assert.equal(vct.length, 1);
    assert.deepEqual(vct[0].spec.accessModes, ['ReadWriteOnce']);
    assert.equal(vct[0].spec.resources.requests.storage, '2Gi');
    assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
    const c = sts.spec.template.spec.containers[0];
    const mount = c.volumeMounts.find((m) => m.name === vct[0].metadata.name).mountPath;
    const pgdata = c.env.find((e) => e.name === 'PGDATA').value;
    assert.ok(pgdata.startsWith(`${mount}/`) && pgdata.length > mount.length + 1, `PGDATA ${pgdata} is not below ${mount}`);
    const sized = L.renderOk(['postgresql.enabled=true', 'postgresql.persistence.size=20Gi', 'postgresql.persistence.storageClass=fast']);
    const v = L.byName(sized, 'StatefulSet', L.name('postgresql')).spec.volumeClaimTemplates[0].spec;
    assert.equal(v.resources.requests.storage, '20Gi');
    assert.equal(v.storageClassName, 'fast');
  });

  test('bundled PostgreSQL: its NetworkPolicy admits todo-svc only; todo-svc\'s own policy is unchanged', () => {
    const objs = rendered.postgresql;
    const np = L.byName(objs, 'NetworkPolicy', L.name('postgresql'));
    const labels = Object.fromEntries(L.podSpecs(objs).map((p) => [p.owner.metadata.name, p.labels]));
    assert.ok(L.matches(np.spec.podSelector.matchLabels, labels[L.name('postgresql')]));
    const admits = (from) => np.spec.ingress.some((r) => r.ports.some((p) => p.port === 5432) &&
      r.from.some((f) => f.podSelector && L.matches(f.podSelector.matchLabels, from)));
    assert.ok(admits(labels[L.name('todo-svc')]));
    for (const other of ['gateway', 'chat-svc']) assert.ok(!admits(labels[L.name(other)]), `${other} must not reach PostgreSQL`);
    assert.ok(!admits({ 'app.kubernetes.io/name': 'stranger', 'app.kubernetes.io/instance': L.RELEASE }));
    assert.deepEqual(L.byName(objs, 'NetworkPolicy', L.name('todo-svc')), L.byName(rendered.default, 'NetworkPolicy', L.name('todo-svc')));
    assert.equal(L.kinds(L.renderOk(['postgresql.enabled=true', 'global.networkPolicy.enabled=false']), 'NetworkPolicy').length, 0);
  });

  test('todo-svc.copyFromSqlite: a post-upgrade Job copies the old SQLite claim, mounted read-only, into the database; only when asked', () => {
    const jobs = (objs) => L.kinds(objs, 'Job').filter((j) => /copy/.test(j.metadata.name));
    for (const entry of ['default', 'postgresql', 'external-db', 'persistence-off']) assert.deepEqual(jobs(rendered[entry]), [], entry);
    const objs = rendered['copy-from-sqlite'];
    assert.equal(jobs(objs).length, 1);
    const job = jobs(objs)[0];
    assert.equal(job.metadata.annotations['helm.sh/hook'], 'post-upgrade');
    const ps = job.spec.template.spec;
    const c = ps.containers[0];
    assert.deepEqual(c.args, ['--copy-from', '/data/todos.db']);
    // The claim the SQLite StatefulSet made: data-<its name>-0.
    const sts = L.byName(rendered.default, 'StatefulSet', L.name('todo-svc'));
    const claim = `${sts.spec.volumeClaimTemplates[0].metadata.name}-${sts.metadata.name}-0`;
    assert.equal(claim, 'data-todo-todo-svc-0');
    const vol = ps.volumes.find((v) => v.persistentVolumeClaim);
    assert.deepEqual(vol.persistentVolumeClaim, { claimName: claim, readOnly: true });
    const mount = c.volumeMounts.find((m) => m.name === vol.name);
    assert.deepEqual(mount, { name: vol.name, mountPath: '/data', readOnly: true });
    assert.equal(L.containerEnv(rendered.default, sts).TODO_DB, '/var/lib/todo-svc/todos.db', 'the same file');
    // TODO_DB from the database's Secret, as todo-svc's own.
    const db = (o) => o.spec.template.spec.containers[0].env.find((e) => e.name === 'TODO_DB').valueFrom;
    assert.deepEqual(db(job), { secretKeyRef: { name: 'todo-postgresql', key: 'url' } });
    assert.deepEqual(db(job), db(L.byName(objs, 'Deployment', L.name('todo-svc'))));
    const ext = jobs(L.renderOk([...MATRIX['external-db'], 'todo-svc.copyFromSqlite=true']))[0];
    assert.deepEqual(db(ext), { secretKeyRef: { name: 'todo-pg-app', key: 'uri' } });
    // Hardened like the services (also checked with every pod above).
    assert.equal(ps.securityContext.runAsNonRoot, true);
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
    assert.equal(ps.automountServiceAccountToken, false);
    // No Service sends it calls; the database's NetworkPolicy lets it in.
    const labels = job.spec.template.metadata.labels;
    for (const svc of L.kinds(objs, 'Service')) {
      const sel = svc.spec.selector || {};
      assert.ok(!Object.entries(sel).every(([k, v]) => labels[k] === v), `Service ${svc.metadata.name} selects the copy pod`);
    }
    const np = L.byName(objs, 'NetworkPolicy', L.name('postgresql'));
    const admitted = (l) => np.spec.ingress[0].from.some((f) => Object.entries(f.podSelector.matchLabels).every(([k, v]) => l[k] === v));
    assert.ok(admitted(labels), 'PostgreSQL admits the copy pod');
    const gw = L.byName(objs, 'Deployment', L.name('gateway')).spec.template.metadata.labels;
    assert.ok(!admitted(gw), 'and still not the gateway');
  });

  test('todo-svc.copyFromSqlite without PostgreSQL, or without a SQLite volume, is refused at render time', () => {
    const alone = L.template(['todo-svc.copyFromSqlite=true']);
    assert.notEqual(alone.status, 0);
    assert.match(alone.stderr, /copyFromSqlite=true.*postgresql\.enabled=true or externalDatabase\.existingSecret/);
    const noVolume = L.template([...MATRIX['copy-from-sqlite'], 'todo-svc.persistence.enabled=false']);
    assert.notEqual(noVolume.status, 0);
    assert.match(noVolume.stderr, /needs todo-svc\.persistence\.enabled/);
    const wrongType = L.template(['postgresql.enabled=true', 'todo-svc.copyFromSqlite=yes']);
    assert.notEqual(wrongType.status, 0);
  });

  test('the umbrella schema knows every key of the postgresql chart (a misspelled one fails even while it is off)', () => {
    const sub = JSON.parse(L.fs.readFileSync(L.path.join(L.CHART, 'charts/postgresql/values.schema.json'), 'utf8'));
    const top = JSON.parse(L.fs.readFileSync(L.path.join(L.CHART, 'values.schema.json'), 'utf8'));
    assert.deepEqual(top.properties.postgresql.propertyNames.enum.sort(), Object.keys(sub.properties).sort());
  });

  test('NOTES: the rollout commands name the real workloads in each mode', () => {
    const notes = (sets) => {
      const r = L.helm(['install', L.RELEASE, L.CHART, '--dry-run=client', '-n', L.NAMESPACE, ...sets.flatMap((s) => ['--set', s])]);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.slice(r.stdout.indexOf('NOTES:'));
    };
    assert.match(notes([]), /rollout status statefulset\/todo-todo-svc/);
    const pg = notes(['postgresql.enabled=true']);
    assert.match(pg, /rollout status statefulset\/todo-postgresql\n.*rollout status deployment\/todo-todo-svc/);
    assert.match(pg, /Secret todo-postgresql, which outlives/);
    assert.match(notes(['externalDatabase.existingSecret=pg-app']), /rollout status deployment\/todo-todo-svc[\s\S]*TODO_DB from the Secret pg-app/);
  });
});

describe('NOTES.txt tells how to open the app for the chosen service type', () => {
  const notes = (sets) => {
    const r = L.helm(['install', L.RELEASE, L.CHART, '--dry-run=client', '-n', L.NAMESPACE, ...sets.flatMap((s) => ['--set', s])]);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.slice(r.stdout.indexOf('NOTES:'));
  };
  test('ClusterIP: port-forward to localhost:8080', () => {
    const n = notes([]);
    assert.match(n, /kubectl -n todo-ns port-forward service\/todo-gateway 8080:8080/);
    assert.match(n, /http:\/\/localhost:8080/);
    assert.match(n, /helm test todo -n todo-ns/);
  });
  test('NodePort: minikube service --url', () => {
    assert.match(notes(['gateway.service.type=NodePort']), /minikube service -n todo-ns todo-gateway --url/);
  });
  test('LoadBalancer: wait for EXTERNAL-IP', () => {
    assert.match(notes(['gateway.service.type=LoadBalancer']), /EXTERNAL-IP/);
  });
  test('Ingress with a host: that URL; persistence off is called out', () => {
    const n = notes(['gateway.ingress.enabled=true', 'gateway.ingress.host=todo.local', 'todo-svc.persistence.enabled=false']);
    assert.match(n, /http:\/\/todo\.local\//);
    assert.match(n, /persistence is off/);
  });
});

describe('subcharts stand alone; `global` is open', () => {
  const os = require('node:os');
  let dir;
  before(() => {
    // A copy, so that `helm dependency build` (which writes charts/common-*.tgz
    // and Chart.lock into the subchart) leaves the work tree alone.
    dir = L.fs.mkdtempSync(L.path.join(os.tmpdir(), 'tc-subcharts-'));
    L.fs.cpSync(L.CHART, L.path.join(dir, 'todo-chatbot'), { recursive: true });
  });
  const sub = (svc) => L.path.join(dir, 'todo-chatbot', 'charts', svc);

  for (const svc of ['todo-svc', 'chat-svc', 'gateway', 'postgresql']) {
    test(`${svc}: declares common; after \`helm dependency build\` it lints --strict and renders alone (Helm 4 and 3)`, () => {
      const meta = L.yaml.load(L.fs.readFileSync(L.path.join(L.CHART, 'charts', svc, 'Chart.yaml'), 'utf8'));
      assert.deepEqual(meta.dependencies, [{ name: 'common', version: '0.1.0', repository: 'file://../common' }]);
      const b = L.helm(['dependency', 'build', sub(svc)]);
      assert.equal(b.status, 0, b.stderr);
      for (const opts of [{}, { helm3: true }]) {
        const r = L.helm(['lint', '--strict', sub(svc)], opts);
        assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
        const t = L.helm(['template', 'solo', sub(svc), '-n', 'solo-ns'], opts);
        assert.equal(t.status, 0, t.stderr);
        const objs = L.yaml.loadAll(t.stdout).filter(Boolean);
        assert.ok(L.workloads(objs).some((o) => o.metadata.name === `solo-${svc}`), `${svc} renders its workload`);
      }
    });
  }

  test('the umbrella still renders the same with the subcharts\' own copies of common present', () => {
    for (const svc of ['todo-svc', 'chat-svc', 'gateway', 'postgresql']) assert.equal(L.helm(['dependency', 'build', sub(svc)]).status, 0);
    const r = L.helm(['template', L.RELEASE, L.path.join(dir, 'todo-chatbot'), '--namespace', L.NAMESPACE]);
    assert.equal(r.status, 0, r.stderr);
    const strip = (objs) => objs.filter((o) => o.kind !== 'Secret').map((o) => {
      const c = structuredClone(o);
      const a = c.spec && c.spec.template && c.spec.template.metadata && c.spec.template.metadata.annotations;
      if (a) delete a['checksum/secret'];
      return c;
    });
    assert.deepEqual(strip(L.yaml.loadAll(r.stdout).filter(Boolean)), strip(rendered.default));
  });

  test('each subchart\'s global defaults are the umbrella\'s (so alone it renders as inside the umbrella)', () => {
    const parent = L.yaml.load(L.fs.readFileSync(L.path.join(L.CHART, 'values.yaml'), 'utf8')).global;
    const pick = (src, shape) => Object.fromEntries(Object.keys(shape).map((k) => [k,
      shape[k] && typeof shape[k] === 'object' && !Array.isArray(shape[k]) && Object.keys(shape[k]).length ? pick(src[k] || {}, shape[k]) : src[k]]));
    for (const svc of ['todo-svc', 'chat-svc', 'gateway', 'postgresql']) {
      const own = L.yaml.load(L.fs.readFileSync(L.path.join(L.CHART, 'charts', svc, 'values.yaml'), 'utf8')).global;
      assert.ok(own, `${svc}/values.yaml has no global defaults`);
      assert.deepEqual(own, pick(parent, own), `${svc}: global defaults differ from the umbrella's`);
    }
  });

  test('global accepts keys of other charts (an embedding umbrella\'s), Helm 4 and 3; typed keys stay checked', () => {
    const sets = ['global.foo=bar', 'global.storageClass=fast', '--set-json global.security={"allowInsecureImages":true}',
      '--set-json global.imagePullSecrets=[{"name":"regcred"},"other"]'];
    for (const opts of [{}, { helm3: true }]) {
      const r = L.template(sets, [], opts);
      assert.equal(r.status, 0, r.stderr);
      const ps = L.byName(r.objects, 'Deployment', L.name('gateway')).spec.template.spec;
      assert.deepEqual(ps.imagePullSecrets, [{ name: 'regcred' }, { name: 'other' }]);
    }
    for (const svc of ['todo-svc', 'chat-svc', 'gateway', 'postgresql']) {
      const schema = JSON.parse(L.fs.readFileSync(L.path.join(L.CHART, 'charts', svc, 'values.schema.json'), 'utf8'));
      assert.notEqual(schema.properties.global.additionalProperties, false, `${svc} closes global`);
    }
    const bad = L.template(['global.image.pullPolicy=Sometimes']);
    assert.notEqual(bad.status, 0, 'a typed global value is still checked');
  });
});

describe('PrometheusRule: SLO alerts for 99 % availability and 200 ms latency', () => {
  const os = require('node:os');
  const { spawnSync } = require('node:child_process');
  let rule;
  let dir;
  before(() => {
    rule = L.byName(rendered['monitoring-on'], 'PrometheusRule', `${L.RELEASE}-slo`);
    dir = L.fs.mkdtempSync(L.path.join(os.tmpdir(), 'tc-rules-'));
  });
  const alerts = () => rule.spec.groups.flatMap((g) => g.rules).filter((r) => r.alert);
  const promtool = (args) => {
    const r = spawnSync(L.tools().PROMTOOL, args, { cwd: dir, encoding: 'utf8', timeout: 120000 });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  };
  // The rules as Prometheus loads them; annotations dropped for the unit tests
  // (promtool compares them word for word; `check rules` sees them).
  const writeRules = (file, withAnnotations) => {
    const groups = structuredClone(rule.spec.groups);
    if (!withAnnotations) for (const g of groups) for (const r of g.rules) delete r.annotations;
    L.fs.writeFileSync(L.path.join(dir, file), L.yaml.dump({ groups }));
  };

  test('off by default; on, it is a valid monitoring.coreos.com/v1 PrometheusRule with the release label Prometheus selects', () => {
    assert.equal(L.kinds(rendered.default, 'PrometheusRule').length, 0);
    assert.ok(rule, 'monitoring-on renders the PrometheusRule');
    const objs = L.renderOk(['global.monitoring.prometheusRule.enabled=true', 'global.monitoring.prometheusRule.labels.release=kps',
      'global.monitoring.prometheusRule.namespace=monitoring']);
    const r = L.kinds(objs, 'PrometheusRule')[0];
    assert.equal(r.metadata.labels.release, 'kps');
    assert.equal(r.metadata.namespace, 'monitoring');
    assert.ok(r.spec.groups[0].rules[0].expr.includes(`namespace="${L.NAMESPACE}"`), 'rules still select the release namespace');
  });

  test('promtool accepts the rules (PromQL and alert templates)', () => {
    writeRules('rules-full.yml', true);
    const r = promtool(['check', 'rules', 'rules-full.yml']);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /SUCCESS: 5 rules found/);
  });

  test('multi-window burn rates: 14.4x over 1h and 5m (page), 6x over 6h and 30m (ticket), errors and latency', () => {
    const byName = Object.fromEntries(alerts().map((a) => [a.alert, a]));
    for (const [name, factor, long, short, severity] of [
      ['TodoChatbotErrorBudgetBurnFast', '14.4', '1h', '5m', 'critical'], ['TodoChatbotErrorBudgetBurnSlow', '6', '6h', '30m', 'warning'],
      ['TodoChatbotLatencyBudgetBurnFast', '14.4', '1h', '5m', 'critical'], ['TodoChatbotLatencyBudgetBurnSlow', '6', '6h', '30m', 'warning']]) {
      const a = byName[name];
      assert.ok(a, `no alert ${name}`);
      assert.equal(a.labels.severity, severity);
      assert.ok(a.expr.includes(`[${long}]`) && a.expr.includes(`[${short}]`), `${name}: windows ${long} and ${short}`);
      const budget = name.includes('Latency') ? 'latencyObjective' : 'availabilityObjective';
      assert.equal(a.expr.split(`> (${factor} * (1 - 99 / 100))`).length - 1, 2, `${name}: ${factor} x the 1 % budget (${budget} 99), both windows`);
      assert.ok(a.annotations.summary && a.annotations.description, `${name} tells the operator what and where`);
    }
    assert.ok(byName.TodoChatbotLatencyBudgetBurnFast.expr.includes('le="0.2"'), 'the 200 ms target has its own bucket');
  });

  test('every metric and label the rules read is one the gateway exports', () => {
    const src = ['gateway/gw_server.c', 'lib/base/metrics.c'].map((f) => L.fs.readFileSync(L.path.join(L.ROOT, f), 'utf8')).join('\n');
    const exported = new Set(['up']);
    for (const m of src.matchAll(/metrics_describe\("([a-z_]+)", "(\w+)"/g)) {
      exported.add(m[1]);
      if (m[2] === 'histogram') for (const sfx of ['_bucket', '_count', '_sum']) exported.add(m[1] + sfx);
    }
    assert.ok(exported.has('gateway_http_requests_total'), 'gateway metrics found in the source');
    const used = new Set();
    for (const a of alerts()) for (const m of a.expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)) used.add(m[1]);
    assert.deepEqual([...used].filter((m) => !exported.has(m)), [], 'rules read metrics nobody exports');
    assert.ok(used.has('gateway_http_request_duration_seconds_bucket') && used.has('gateway_http_requests_total'));
    // Labels: route and code as the gateway writes them, le as lib/base/metrics.c prints its bounds.
    assert.match(src, /route=\\"%s\\",code=\\"%d\\"/);
    const bounds = /buckets\[\] = \{([^}]*)\}/.exec(src)[1].split(',').map((x) => Number(x.trim()));
    const le = Number(/le="([^"]+)"/.exec(alerts().find((a) => a.alert === 'TodoChatbotLatencyBudgetBurnFast').expr)[1]);
    assert.ok(bounds.includes(le), `le="${le}" is not a bucket bound (${bounds.join(', ')})`);
    assert.equal(Math.min(...bounds.filter((b) => b >= 0.2)), le, 'the nearest bound at or above the 200 ms target');
  });

  test('promtool unit tests: the alerts fire on a real burn and stay quiet otherwise', () => {
    writeRules('rules.yml', false);
    const sel = `namespace="${L.NAMESPACE}",job="${L.name('gateway-metrics')}"`;
    const req = (route, code, per) => ({ series: `gateway_http_requests_total{${sel},route="${route}",code="${code}"}`, values: `0+${per}x600` });
    const lat = (fast, all) => [
      { series: `gateway_http_request_duration_seconds_bucket{${sel},route="/api/todos",le="0.2"}`, values: `0+${fast}x600` },
      { series: `gateway_http_request_duration_seconds_count{${sel},route="/api/todos"}`, values: `0+${all}x600` },
    ];
    const up = { series: `up{${sel}}`, values: '1x600' };
    const fire = (severity, slo) => [{ exp_labels: { severity, slo } }];
    const expect = (at, map) => Object.entries(map).map(([alertname, exp]) => ({ eval_time: at, alertname, exp_alerts: exp }));
    const tests = [
      { // 20 % of requests fail: pages within minutes, the slow alert too.
        interval: '1m', input_series: [req('/api/todos', 200, 80), req('/api/todos', 503, 20), up, ...lat(100, 100)],
        alert_rule_test: expect('30m', { TodoChatbotErrorBudgetBurnFast: fire('critical', 'availability'),
          TodoChatbotErrorBudgetBurnSlow: fire('warning', 'availability'), TodoChatbotLatencyBudgetBurnFast: [] }),
      },
      { // 8 % fail for hours: above 6x but under 14.4x the budget: a ticket, no page.
        interval: '1m', input_series: [req('/api/todos', 200, 92), req('/api/chat', 500, 8), up],
        alert_rule_test: expect('7h', { TodoChatbotErrorBudgetBurnFast: [], TodoChatbotErrorBudgetBurnSlow: fire('warning', 'availability') }),
      },
      { // 0.5 % fail: within the 1 % budget.
        interval: '1m', input_series: [req('/api/todos', 200, 199), req('/api/todos', 503, 1), up],
        alert_rule_test: expect('7h', { TodoChatbotErrorBudgetBurnFast: [], TodoChatbotErrorBudgetBurnSlow: [] }),
      },
      { // /readyz answering 503 (a backend restarting) is not a failed user request.
        interval: '1m', input_series: [req('/api/todos', 200, 100), req('/readyz', 503, 500), up],
        alert_rule_test: expect('2h', { TodoChatbotErrorBudgetBurnFast: [], TodoChatbotErrorBudgetBurnSlow: [] }),
      },
      { // 20 % of API requests slower than 250 ms: the latency alerts fire.
        interval: '1m', input_series: [req('/api/todos', 200, 100), up, ...lat(80, 100)],
        alert_rule_test: expect('30m', { TodoChatbotLatencyBudgetBurnFast: fire('critical', 'latency'),
          TodoChatbotLatencyBudgetBurnSlow: fire('warning', 'latency'), TodoChatbotErrorBudgetBurnFast: [] }),
      },
      { // 99.5 % are fast: no latency alert.
        interval: '1m', input_series: [req('/api/todos', 200, 200), up, ...lat(199, 200)],
        alert_rule_test: expect('7h', { TodoChatbotLatencyBudgetBurnFast: [], TodoChatbotLatencyBudgetBurnSlow: [] }),
      },
      { // No gateway to scrape: the burn alerts would be blind, this one says so.
        interval: '1m', input_series: [],
        alert_rule_test: expect('10m', { TodoChatbotGatewayMetricsAbsent: fire('critical', 'availability') }),
      },
      {
        interval: '1m', input_series: [up],
        alert_rule_test: expect('10m', { TodoChatbotGatewayMetricsAbsent: [] }),
      },
    ];
    L.fs.writeFileSync(L.path.join(dir, 'tests.yml'), L.yaml.dump({ rule_files: ['rules.yml'], evaluation_interval: '1m', tests }));
    const r = promtool(['test', 'rules', 'tests.yml']);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /SUCCESS/);
    // The unit tests can fail: with the alerts' thresholds doubled, the 20 % burn still pages but the 8 % one no longer tickets.
    const loose = structuredClone(rule.spec.groups);
    for (const g of loose) for (const x of g.rules) { delete x.annotations; x.expr = x.expr.replaceAll('> (6 *', '> (12 *'); }
    L.fs.writeFileSync(L.path.join(dir, 'rules.yml'), L.yaml.dump({ groups: loose }));
    assert.notEqual(promtool(['test', 'rules', 'tests.yml']).status, 0, 'promtool tests did not notice a weaker slow-burn threshold');
  });
});

describe('autoscaling at real load (docs/deploy.md, "Scale")', () => {
  const milli = (q) => (String(q).endsWith('m') ? Number(String(q).slice(0, -1)) : Number(q) * 1000);
  // "| gateway | 100 | 183m |" rows of the measurement table in docs/deploy.md.
  const measured = () => {
    const md = L.fs.readFileSync(L.path.join(L.ROOT, 'docs', 'deploy.md'), 'utf8');
    const rows = {};
    for (const m of md.matchAll(/^\| (gateway|chat-svc|todo-svc) \| (\d+) users \| (\d+)m \|/gm)) {
      if (m[2] === '100') rows[m[1]] = Math.max(rows[m[1]] || 0, Number(m[3]));
    }
    return rows;
  };

  test('the HPA adds a pod at 50-100 % of the CPU one pod measured at 100 users, not at a sliver of it', () => {
    const use = measured();
    for (const svc of ['gateway', 'chat-svc']) {
      assert.ok(use[svc] > 0, `docs/deploy.md has no measurement for ${svc} at 100 users`);
      const d = L.byName(rendered.default, 'Deployment', L.name(svc));
      const request = milli(d.spec.template.spec.containers[0].resources.requests.cpu);
      const limit = milli(d.spec.template.spec.containers[0].resources.limits.cpu);
      const hpa = L.byName(rendered.default, 'HorizontalPodAutoscaler', L.name(svc));
      const target = hpa.spec.metrics[0].resource.target.averageUtilization;
      const scaleAt = (request * target) / 100;
      console.log(`# ${svc}: request ${request}m, target ${target} %: scales out above ${scaleAt}m per pod; measured ${use[svc]}m at 100 users`);
      assert.ok(scaleAt >= 0.5 * use[svc] && scaleAt <= use[svc], `${svc} scales out at ${scaleAt}m per pod`);
      assert.ok(request >= 0.8 * use[svc] && request <= 1.5 * use[svc], `${svc}: the request (${request}m) should reflect real use (${use[svc]}m)`);
      assert.ok(limit >= 2 * request, `${svc}: room to burst above the request while the HPA reacts`);
    }
    const todo = L.byName(rendered.default, 'StatefulSet', L.name('todo-svc')).spec.template.spec.containers[0].resources;
    assert.ok(milli(todo.requests.cpu) >= use['todo-svc'], 'todo-svc (one pod for all users) requests what 100 users take');
  });
});

describe('in-cluster load generator (loadgen.enabled, skaffold profile loadgen)', () => {
  const { spawn } = require('node:child_process');
  const http = require('node:http');
  const os = require('node:os');

  test('a Job in the gateway image, hardened like the services, aimed at the gateway Service', () => {
    assert.equal(L.kinds(rendered.default, 'Job').length, 0, 'off by default');
    const objs = rendered['loadgen-on'];
    const job = L.byName(objs, 'Job', `${L.RELEASE}-loadgen-1`);
    assert.ok(job);
    const ps = job.spec.template.spec;
    const c = ps.containers[0];
    assert.equal(c.image, L.byName(objs, 'Deployment', L.name('gateway')).spec.template.spec.containers[0].image, 'no extra image to pull');
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
    assert.equal(env.GATEWAY_HOST, `${L.name('gateway')}.${L.NAMESPACE}.svc.cluster.local`);
    assert.equal(Number(env.GATEWAY_PORT), L.byName(objs, 'Service', L.name('gateway')).spec.ports[0].port);
    assert.equal(env.USERS, '300');
    assert.equal(job.spec.parallelism, Number(env.PODS));
    assert.equal(job.spec.completionMode, 'Indexed');
    assert.ok(job.spec.activeDeadlineSeconds > Number(env.DURATION), 'the Job ends on its own');
    assert.equal(ps.securityContext.runAsNonRoot, true);
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
    assert.ok(c.resources.requests.cpu && c.resources.limits.cpu);
    const np = L.byName(objs, 'NetworkPolicy', L.name('gateway'));
    assert.ok(np.spec.ingress.some((r) => !r.from && r.ports.some((p) => p.port === 8080)), 'the gateway port admits the load generator');
  });

  // files/loadgen.sh against a stand-in gateway on loopback: it must speak the
  // contract's API (tokens, JSON bodies) and report what it did.
  const runLoadgen = (port, extraEnv = {}) => new Promise((resolve) => {
    const p = spawn('bash', [L.path.join(L.CHART, 'files', 'loadgen.sh')], {
      env: { PATH: process.env.PATH, GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: String(port), USERS: '5', PODS: '1',
        DURATION: '3', THINK_MS: '20', TMPDIR: L.fs.mkdtempSync(L.path.join(os.tmpdir(), 'tc-loadgen-')), ...extraEnv },
    });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });

  test('files/loadgen.sh drives the API like users do and reports its totals', async () => {
    const seen = { tokens: new Set(), kinds: {}, bad: [] };
    let next = 0;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const tok = (/^Bearer ([A-Za-z0-9._~-]{16,128})$/.exec(req.headers.authorization || '') || [])[1];
        if (!tok) seen.bad.push(`no valid token: ${req.method} ${req.url}`);
        else seen.tokens.add(tok);
        const kind = `${req.method} ${req.url.replace(/\/api\/todos\/[^?]+/, '/api/todos/ID').replace(/\?.*/, '')}`;
        seen.kinds[kind] = (seen.kinds[kind] || 0) + 1;
        if (body) {
          try { JSON.parse(body); } catch { seen.bad.push(`not JSON: ${body}`); }
          if (req.headers['content-type'] !== 'application/json') seen.bad.push(`content-type ${req.headers['content-type']}`);
        }
        if (kind === 'POST /api/todos') {
          res.writeHead(201, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ id: `t${++next}`, title: JSON.parse(body).title }));
        } else {
          res.writeHead(kind.startsWith('DELETE') ? 204 : 200, { 'Content-Type': 'application/json' });
          res.end(kind.startsWith('DELETE') ? '' : '{"todos": []}');
        }
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await runLoadgen(server.address().port);
      assert.equal(r.code, 0, r.out);
      assert.deepEqual(seen.bad, []);
      assert.equal(seen.tokens.size, 5, 'one identity per simulated user');
      for (const k of ['GET /api/todos', 'POST /api/todos', 'PATCH /api/todos/ID', 'POST /api/chat']) {
        assert.ok(seen.kinds[k] > 0, `never sent ${k}: ${JSON.stringify(seen.kinds)}`);
      }
      const total = Object.values(seen.kinds).reduce((a, b) => a + b, 0);
      const m = /done: (\d+) answered 2xx, 0 not 2xx, 0 without a connection/.exec(r.out);
      assert.ok(m, r.out);
      assert.ok(Number(m[1]) > 20 && Number(m[1]) <= total, `reported ${m[1]} of ${total}`);
    } finally {
      server.close();
    }
  });

  test('files/loadgen.sh fails when the gateway cannot be reached at all', async () => {
    const server = http.createServer();
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address();
    await new Promise((r) => server.close(r));
    const r = await runLoadgen(port, { DURATION: '2' });
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /0 answered 2xx, 0 not 2xx, [1-9]\d* without a connection/);
  });
});
