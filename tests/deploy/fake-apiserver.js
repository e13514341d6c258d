'use strict';
// Just enough of a Kubernetes API server on 127.0.0.1 for Helm's `lookup`
// and `--dry-run=server`: discovery for the kinds the chart renders, a
// namespace's Secrets (what `lookup` reads), 404 for everything else. Lets the
// tests check what an upgrade of an installed release renders.
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const R = (name, kind) => ({ name, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'] });
const GROUPS = {
  'apps/v1': [R('deployments', 'Deployment'), R('statefulsets', 'StatefulSet')],
  'autoscaling/v2': [R('horizontalpodautoscalers', 'HorizontalPodAutoscaler')],
  'policy/v1': [R('poddisruptionbudgets', 'PodDisruptionBudget')],
  'networking.k8s.io/v1': [R('networkpolicies', 'NetworkPolicy'), R('ingresses', 'Ingress')],
  'monitoring.coreos.com/v1': [R('servicemonitors', 'ServiceMonitor'), R('prometheusrules', 'PrometheusRule')],
  'batch/v1': [R('jobs', 'Job')],
};
const CORE = [R('secrets', 'Secret'), R('configmaps', 'ConfigMap'), R('services', 'Service'), R('serviceaccounts', 'ServiceAccount'), R('pods', 'Pod')];

// start({namespace, release, secrets: {name: {KEY: 'plain value'}}}) -> {kubeconfig, requests, close()}
async function start({ namespace, release, secrets = {} }) {
  const requests = [];
  const secretObj = (name, data) => ({
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: {
      name, namespace, labels: { 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace },
    },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  });
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const send = (code, obj) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(obj)); };
    const u = req.url.split('?')[0];
    if (u === '/version') return send(200, { major: '1', minor: '31', gitVersion: 'v1.31.0' });
    if (u === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (u === '/apis') {
      return send(200, {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: Object.keys(GROUPS).map((gv) => {
          const [name, version] = gv.split('/');
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        }),
      });
    }
    if (u === '/api/v1') return send(200, { kind: 'APIResourceList', groupVersion: 'v1', resources: CORE });
    for (const [gv, resources] of Object.entries(GROUPS)) {
      if (u === `/apis/${gv}`) return send(200, { kind: 'APIResourceList', groupVersion: gv, resources });
    }
    const m = new RegExp(`^/api/v1/namespaces/${namespace}/secrets(?:/([^/]+))?$`).exec(u);
    if (m && req.method === 'GET') {
      if (!m[1]) return send(200, { kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [] });
      if (secrets[m[1]]) return send(200, secretObj(m[1], secrets[m[1]]));
    }
    return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-kube-'));
  const kubeconfig = path.join(dir, 'config');
  fs.writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config',
    `clusters: [{name: fake, cluster: {server: "http://127.0.0.1:${server.address().port}"}}]`,
    'users: [{name: fake, user: {token: fake}}]',
    `contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: ${namespace}}}]`,
    'current-context: fake', '',
  ].join('\n'));
  return {
    kubeconfig,
    requests,
    close: () => new Promise((resolve) => { server.close(resolve); fs.rmSync(dir, { recursive: true, force: true }); }),
  };
}

module.exports = { start };
