'use strict';
// The three container images, built with Debian's docker.io engine from the
// repo root, then run together on a docker network exactly as the rendered
// chart configures them (env from ConfigMaps/Secret, numeric user, read-only
// root, emptyDir -> tmpfs, PVC -> volume, limits, dropped capabilities, the
// chart's DNS names as network aliases) and used through the gateway from the
// host on a 127.0.0.1 port: readiness, create, chat, list, restart with the
// data kept, the helm test hook, and skaffold-style file sync.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');

const TAG = 'deploy-test';
const SERVICES = ['todo-svc', 'chat-svc', 'gateway'];
const RUN_ID = `tcdeploy${process.pid}`;
const NET = `${RUN_ID}-net`;
const VOLUME = `${RUN_ID}-data`;
const TOKEN = 'deploy-image-test-token-01';
const created = { containers: [], network: false, volume: false };
const buildSeconds = {};
let objs;
let gatewayUrl;

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 600000, ...opts });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '', error: r.error };
}
function docker(args, opts = {}) {
  const r = sh('docker', args, opts);
  if (opts.check !== false && r.status !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout.slice(-3000)}`);
  return r;
}
const inspect = (ref, fmt) => docker(['inspect', '-f', fmt, ref]).stdout.trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

async function http(method, pathname, body, headers = {}) {
  const res = await fetch(`${gatewayUrl}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, text, json, headers: res.headers };
}

// docker run arguments for a rendered workload: what the kubelet would do.
function runArgs(workload, extraAliases = []) {
  const spec = workload.spec.template.spec;
  const c = spec.containers[0];
  const svc = c.name;
  const sc = c.securityContext;
  const args = ['run', '-d', '--name', `${RUN_ID}-${svc}`, '--network', NET,
    '--user', `${sc.runAsUser}:${sc.runAsGroup}`, '--group-add', String(spec.securityContext.fsGroup || sc.runAsGroup),
    '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    '--memory', c.resources.limits.memory.replace(/i$/, '').toLowerCase(), '--cpus', String(/m$/.test(c.resources.limits.cpu) ? parseInt(c.resources.limits.cpu, 10) / 1000 : Number(c.resources.limits.cpu)),
    '--stop-timeout', String(spec.terminationGracePeriodSeconds),
    '--health-interval', '2s', '--health-start-period', '30s'];
  if (sc.readOnlyRootFilesystem) args.push('--read-only');
  for (const [k, v] of Object.entries(L.containerEnv(objs, workload))) args.push('--env', `${k}=${v}`);
  for (const m of c.volumeMounts || []) {
    const vol = (spec.volumes || []).find((v) => v.name === m.name);
    if (vol && vol.emptyDir) args.push('--tmpfs', `${m.mountPath}:size=${(vol.emptyDir.sizeLimit || '64Mi').replace(/i$/, '').toLowerCase()},uid=${sc.runAsUser},mode=1777`);
    else if ((workload.spec.volumeClaimTemplates || []).some((t) => t.metadata.name === m.name)) args.push('--volume', `${VOLUME}:${m.mountPath}`);
    else throw new Error(`${svc}: cannot map volume ${m.name}`);
  }
  // Every DNS name the chart gives this workload's pods.
  const labels = workload.spec.template.metadata.labels;
  for (const s of L.kinds(objs, 'Service').filter((x) => L.matches(x.spec.selector, labels))) {
    args.push('--network-alias', s.metadata.name, '--network-alias', `${s.metadata.name}.${L.NAMESPACE}.svc.cluster.local`);
  }
  for (const a of extraAliases) args.push('--network-alias', a);
  return { args, image: c.image, svc };
}

function startWorkload(svc, extra = []) {
  const w = L.workloads(objs).find((o) => o.metadata.name === L.name(svc));
  const { args, image } = runArgs(w);
  const name = `${RUN_ID}-${svc}`;
  created.containers.push(name);
  docker([...args, ...extra, image]);
  return name;
}

async function waitHealthy(name) {
  return waitFor(`${name} healthy (image HEALTHCHECK --probe)`, () => {
    const st = inspect(name, '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}');
    if (st.startsWith('exited')) throw new Error(`${name} exited: ${docker(['logs', '--tail', '20', name], { check: false }).stderr}`);
    return st === 'running healthy';
  }, 90000);
}

before(async () => {
  L.tools();
  let r = sh(path.join(L.ROOT, 'scripts', 'docker-engine.sh'), [], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600000 });
  assert.equal(r.status, 0, 'docker engine');
  r = sh(path.join(L.ROOT, 'scripts', 'docker-base-image.sh'), [], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600000 });
  assert.equal(r.status, 0, 'base image');
  objs = L.renderOk([`global.image.tag=${TAG}`]);
});

after(() => {
  for (const c of created.containers) sh('docker', ['rm', '-f', '-v', c]);
  if (created.network) sh('docker', ['network', 'rm', NET]);
  if (created.volume) sh('docker', ['volume', 'rm', '-f', VOLUME]);
});

test('the three Dockerfiles share one build stage, byte for byte, so one compile serves all three', () => {
  const stage = (svc) => {
    const text = fs.readFileSync(path.join(L.ROOT, svc, 'Dockerfile'), 'utf8');
    const from = text.indexOf('ARG BASE_IMAGE');
    const to = text.indexOf('FROM ${BASE_IMAGE} AS runtime');
    assert.ok(from >= 0 && to > from, `${svc}/Dockerfile layout`);
    return text.slice(from, to);
  };
  assert.equal(stage('chat-svc'), stage('todo-svc'));
  assert.equal(stage('gateway'), stage('todo-svc'));
});

test('images build from the repo root; the 2nd and 3rd reuse the cached compile', () => {
  const compileCached = {};
  for (const svc of SERVICES) {
    const t0 = Date.now();
    const r = docker(['build', '--force-rm', '-f', `${svc}/Dockerfile`, '-t', `${svc}:${TAG}`,
      '--build-arg', `REVISION=${sh('git', ['-C', L.ROOT, 'rev-parse', '--short', 'HEAD']).stdout.trim() || 'unknown'}`,
      '--build-arg', `CREATED=${new Date().toISOString()}`, '.'],
    { cwd: L.ROOT, timeout: 900000 });
    buildSeconds[svc] = Math.round((Date.now() - t0) / 1000);
    const out = r.stdout + r.stderr;
    const compile = out.slice(out.lastIndexOf('RUN cmake -S . -B /build'));
    compileCached[svc] = /^\s*---> Using cache|CACHED/m.test(compile.split('\n').slice(0, 3).join('\n'));
  }
  const sizes = Object.fromEntries(SERVICES.map((s) => [s, Number(inspect(`${s}:${TAG}`, '{{.Size}}'))]));
  console.log(`# build seconds: ${JSON.stringify(buildSeconds)}; compile cached: ${JSON.stringify(compileCached)}`);
  console.log(`# image sizes (MB): ${SERVICES.map((s) => `${s} ${(sizes[s] / 1e6).toFixed(1)}`).join(', ')}`);
  for (const s of SERVICES) assert.ok(sizes[s] < 160e6, `${s} is ${sizes[s]} bytes`);
  // (Only holds while nobody edits the sources during the builds, as in CI.)
  assert.ok(compileCached['chat-svc'] && compileCached.gateway, 'the 2nd and 3rd image must reuse the 1st one\'s compile');
});

test('runtime images: numeric non-root user, HEALTHCHECK via --probe, SIGTERM, OCI labels, no toolchain', () => {
  for (const svc of SERVICES) {
    const ref = `${svc}:${TAG}`;
    const cfg = JSON.parse(inspect(ref, '{{json .Config}}'));
    assert.equal(cfg.User, '10001:10001', `${svc} user`);
    assert.deepEqual(cfg.Healthcheck.Test, ['CMD', `/usr/local/bin/${svc}`, '--probe']);
    assert.equal(cfg.StopSignal, 'SIGTERM');
    assert.deepEqual(cfg.Entrypoint, [`/usr/local/bin/${svc}`]);
    for (const l of ['title', 'description', 'version', 'revision', 'created']) {
      assert.ok(cfg.Labels[`org.opencontainers.image.${l}`], `${svc} label ${l}`);
    }
    assert.equal(cfg.Labels['org.opencontainers.image.title'], svc);
    const pkgs = docker(['run', '--rm', '--read-only', '--entrypoint', 'dpkg-query', ref, '-W', '-f', '${Package}\n']).stdout.split('\n');
    const dev = pkgs.filter((p) => /-dev$|^(gcc|gcc-\d+|cpp|cpp-\d+|cmake|make|binutils|protobuf-compiler|protobuf-c-compiler)$/.test(p));
    assert.deepEqual(dev, [], `${svc} carries build tools`);
    const v = docker(['run', '--rm', '--read-only', '--user', '10001:10001', ref, '--version']);
    assert.match(v.stdout + v.stderr, /\d+\.\d+\.\d+/, `${svc} --version (all shared libraries present)`);
  }
  const tar = docker(['run', '--rm', '--entrypoint', 'tar', `gateway:${TAG}`, '--version']);
  assert.match(tar.stdout, /GNU tar/, 'gateway has tar for skaffold file sync');
});

test('the three images run together as the chart configures them and serve the app through the gateway', async (t) => {
  docker(['network', 'create', NET]);
  created.network = true;
  docker(['volume', 'create', VOLUME]);
  created.volume = true;
  const names = {};
  const backendPorts = { 'todo-svc': [50051, 9090], 'chat-svc': [50052, 9091] };
  for (const [svc, ports] of Object.entries(backendPorts)) {
    names[svc] = startWorkload(svc, ports.flatMap((p) => ['--publish', `127.0.0.1::${p}`]));
  }
  names.gateway = startWorkload('gateway', ['--publish', '127.0.0.1::8080', '--publish', '127.0.0.1::9092']);
  for (const n of Object.values(names)) await waitHealthy(n);
  const hostPort = (name, port) => docker(['port', name, `${port}/tcp`]).stdout.trim().split('\n')[0];
  const gw = hostPort(names.gateway, 8080);
  assert.match(gw, /^127\.0\.0\.1:\d+$/, 'published on loopback only');
  gatewayUrl = `http://${gw}`;

  await t.test('readiness: /readyz is 200 once both backends answer', async () => {
    await waitFor('/readyz 200', async () => (await http('GET', '/readyz')).status === 200, 30000);
    assert.equal((await http('GET', '/healthz')).status, 200);
  });

  await t.test("the chart's native gRPC probes get SERVING from the backends", async () => {
    const g = require('../lib/grpc');
    for (const svc of ['todo-svc', 'chat-svc']) {
      const c = L.workloads(objs).find((o) => o.metadata.name === L.name(svc)).spec.template.spec.containers[0];
      const probes = ['startupProbe', 'readinessProbe', 'livenessProbe'].filter((p) => c[p]);
      assert.ok(probes.length >= 2, svc);
      for (const p of probes) {
        assert.ok(c[p].grpc, `${svc} ${p} is a native gRPC probe`);
        const client = g.healthClient(hostPort(names[svc], c[p].grpc.port));
        try {
          const r = await g.call(client, 'Check', { service: c[p].grpc.service || '' });
          assert.equal(r.status, 'SERVING', `${svc} ${p} service "${c[p].grpc.service || ''}"`);
        } finally {
          client.close();
        }
      }
    }
  });

  let todo;
  await t.test('create a todo', async () => {
    const r = await http('POST', '/api/todos', { title: 'water the plants', tags: ['home'] });
    assert.equal(r.status, 201, r.text);
    todo = r.json;
    assert.equal(todo.title, 'water the plants');
    assert.equal(r.headers.get('location'), `/api/todos/${todo.id}`);
  });

  let chat;
  await t.test('chat adds a todo in plain language', async () => {
    const r = await http('POST', '/api/chat', { message: 'add buy milk', timezone: 'Europe/Berlin' });
    assert.equal(r.status, 200, r.text);
    chat = r.json;
    assert.ok(typeof chat.reply === 'string' && chat.reply.length > 0);
    assert.equal(chat.intent, 'add_todo', r.text);
  });

  await t.test('list shows both todos', async () => {
    const r = await http('GET', '/api/todos?status=all');
    assert.equal(r.status, 200, r.text);
    const titles = r.json.todos.map((x) => x.title);
    assert.ok(titles.includes('water the plants'), titles.join(', '));
    assert.ok(titles.some((x) => /milk/i.test(x)), titles.join(', '));
  });

  await t.test('the UI is served from UI_DIR on a read-only root', async () => {
    const r = await fetch(`${gatewayUrl}/`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<html/i);
    const write = docker(['exec', names.gateway, 'touch', '/app/ui/x'], { check: false });
    assert.notEqual(write.status, 0, 'the root filesystem must be read-only');
  });

  await t.test('metrics the Grafana dashboard queries are exported', async () => {
    const dash = fs.readFileSync(path.join(L.CHART, 'files', 'dashboard.json'), 'utf8');
    const wanted = [...new Set([...dash.matchAll(/\b(gateway_[a-z_]+|grpc_server_[a-z_]+)\{/g)].map((m) => m[1]))];
    const text = [
      await (await fetch(`http://${hostPort(names.gateway, 9092)}/metrics`)).text(),
      await (await fetch(`http://${hostPort(names['todo-svc'], 9090)}/metrics`)).text(),
      await (await fetch(`http://${hostPort(names['chat-svc'], 9091)}/metrics`)).text(),
    ].join('\n');
    // A family is exported when it is declared (# TYPE), even before its first sample.
    const declared = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const missing = wanted.filter((m) => !declared.has(m.replace(/_(bucket|sum|count)$/, '')));
    assert.deepEqual(missing, [], 'metric families the dashboard queries but no service exports');
    assert.ok(/grpc_server_handled_total\{[^}]*grpc_service="todo\.v1\.TodoService"/.test(text), 'todo-svc counts its RPCs');
    assert.ok(/grpc_server_handled_total\{[^}]*grpc_service="chat\.v1\.ChatService"/.test(text), 'chat-svc counts its RPCs');
    assert.equal((await fetch(`${gatewayUrl}/metrics`)).status, 404, 'metrics never on the public port');
  });

  await t.test('todo-svc stops cleanly on SIGTERM and keeps the todos on its volume', async () => {
    docker(['stop', names['todo-svc']], { timeout: 60000 });
    assert.equal(inspect(names['todo-svc'], '{{.State.ExitCode}}'), '0', 'exit 0 after SIGTERM');
    docker(['start', names['todo-svc']]);
    await waitHealthy(names['todo-svc']);
    const r = await waitFor('list after restart', async () => {
      const x = await http('GET', '/api/todos?status=all');
      return x.status === 200 && x;
    }, 30000);
    assert.ok(r.json.todos.some((x) => x.id === todo.id), 'the todo survived the restart');
  });

  await t.test('the helm test hook passes against the running gateway', () => {
    const pod = L.byName(objs, 'Pod', `${L.RELEASE}-test-gateway`);
    const c = pod.spec.containers[0];
    const env = c.env.flatMap((e) => ['--env', `${e.name}=${e.value}`]);
    const name = `${RUN_ID}-helm-test`;
    created.containers.push(name);
    const r = docker(['run', '--name', name, '--network', NET, '--user', `${pod.spec.securityContext.runAsUser}:${pod.spec.securityContext.runAsGroup}`,
      '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      ...env, '--entrypoint', c.command[0], c.image, ...c.command.slice(1), ...c.args], { check: false, timeout: 120000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /gateway end to end passed/);
  });

  await t.test('skaffold-style file sync reaches a dev-profile gateway, never a read-only one', async () => {
    const dev = L.renderOk([`global.image.tag=${TAG}`, 'gateway.securityContext.readOnlyRootFilesystem=false']);
    const w = L.byName(dev, 'Deployment', L.name('gateway'));
    const saved = objs;
    objs = dev;
    const { args, image } = runArgs(w);
    objs = saved;
    const name = `${RUN_ID}-gateway-dev`;
    created.containers.push(name);
    const i = args.indexOf('--name');
    args[i + 1] = name;
    const filtered = args.filter((a, k) => !(a.startsWith('--network-alias') || args[k - 1] === '--network-alias'));
    docker([...filtered, '--publish', '127.0.0.1::8080', image]);
    await waitHealthy(name);
    const url = `http://${hostPort(name, 8080)}`;
    // What `skaffold dev` runs for a sync: tar from stdin into the container as its user.
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'tc-sync-'));
    fs.mkdirSync(path.join(dir, 'ui'));
    fs.writeFileSync(path.join(dir, 'ui', 'synced.txt'), `synced ${RUN_ID}\n`);
    const tarball = sh('tar', ['-C', dir, '-c', 'ui/synced.txt'], { encoding: 'buffer' }).stdout;
    fs.rmSync(dir, { recursive: true });
    const sync = sh('docker', ['exec', '-i', name, 'tar', 'xmf', '-', '-C', '/app', '--no-same-owner'], { input: tarball });
    assert.equal(sync.status, 0, sync.stderr);
    const r = await fetch(`${url}/synced.txt`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), `synced ${RUN_ID}\n`);
    const denied = sh('docker', ['exec', '-i', names.gateway, 'tar', 'xmf', '-', '-C', '/app', '--no-same-owner'], { input: tarball });
    assert.notEqual(denied.status, 0, 'sync into the production (read-only) gateway must fail');
  });

  await t.test('every service exits 0 on SIGTERM', () => {
    for (const n of [names.gateway, names['chat-svc'], names['todo-svc']]) {
      docker(['stop', n], { timeout: 60000 });
      assert.equal(inspect(n, '{{.State.ExitCode}}'), '0', `${n}: ${docker(['logs', '--tail', '5', n], { check: false }).stderr}`);
    }
  });
});
