'use strict';
// grpc.health.v1 (Check, Watch, NOT_SERVING on SIGTERM) and server reflection
// in grpc.reflection.v1 and v1alpha, doing what `grpcurl list` and
// `grpcurl describe` do with no proto files.
const { describe, it, before, after } = require('node:test');
const protobuf = require('protobufjs');
const descriptor = require('protobufjs/ext/descriptor');
const {
  assert, status, ms, sleep, tracker, call, expectCode,
} = require('./util');

const T = tracker();
let svc;

before(async () => {
  svc = await T.startTodo();
});
after(() => T.cleanup());

const TODO_SERVICE = 'todo.v1.TodoService';
const TODO_METHODS = ['CreateTodo', 'GetTodo', 'ListTodos', 'UpdateTodo', 'DeleteTodo', 'WatchTodos', 'WatchChanges'];

// The first message of a server stream; rejects on error or after 3 s (its
// timer is cleared so it does not keep the test process alive).
function firstMessage(stream, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no message within ${ms(3000)} ms`)), ms(3000));
    stream.once('data', (m) => { clearTimeout(timer); resolve(m); });
    stream.once('error', (e) => { clearTimeout(timer); reject(new Error(`${what}: failed with ${e.code} ${e.details}`)); });
  });
}

describe('health', () => {
  it('Check "" and "todo.v1.TodoService" are SERVING', async () => {
    const h = T.health(svc.addr);
    assert.equal((await call(h, 'Check', { service: '' })).status, 'SERVING');
    assert.equal((await call(h, 'Check', { service: TODO_SERVICE })).status, 'SERVING');
  });

  it('Check of an unknown service is NOT_FOUND', async () => {
    const h = T.health(svc.addr);
    await expectCode(call(h, 'Check', { service: 'no.such.Service' }), status.NOT_FOUND);
    await expectCode(call(h, 'Check', { service: 'todo.v1.TodoServic' }), status.NOT_FOUND);
  });

  it('Watch "" sends SERVING first and keeps the stream open', async () => {
    const h = T.health(svc.addr);
    const w = h.Watch({ service: '' });
    const first = await firstMessage(w, 'health Watch("")');
    assert.equal(first.status, 'SERVING');
    let ended = false;
    w.on('error', () => { ended = true; });
    w.on('end', () => { ended = true; });
    await sleep(ms(300));
    assert.equal(ended, false, 'Watch stays open while nothing changes');
    w.cancel();
  });

  it('Watch of an unknown service sends SERVICE_UNKNOWN (and does not fail the call)', async () => {
    const h = T.health(svc.addr);
    const w = h.Watch({ service: 'no.such.Service' });
    const first = await firstMessage(w, 'health Watch(unknown) (the health spec wants a SERVICE_UNKNOWN message)');
    assert.equal(first.status, 'SERVICE_UNKNOWN');
    w.cancel();
  });

  it('SIGTERM flips Watch to NOT_SERVING before the process exits 0', { timeout: ms(30000) }, async () => {
    const own = await T.startTodo([], { env: { SHUTDOWN_GRACE_MS: '2000' } });
    const h = T.health(own.addr);
    const statuses = { '': [], [TODO_SERVICE]: [] };
    const streams = Object.keys(statuses).map((name) => {
      const w = h.Watch({ service: name });
      w.on('data', (m) => statuses[name].push(m.status));
      w.on('error', () => {});
      return w;
    });
    const t0 = Date.now();
    while (Object.values(statuses).some((s) => s.length === 0)) {
      if (Date.now() - t0 > ms(3000)) assert.fail(`no initial health status: ${JSON.stringify(statuses)}`);
      await sleep(20);
    }
    assert.deepEqual(statuses, { '': ['SERVING'], [TODO_SERVICE]: ['SERVING'] });
    const r = await own.stop('SIGTERM', ms(20000));
    assert.equal(r.code, 0, `exit code after SIGTERM: ${JSON.stringify(r)}; stderr tail: ${r.stderr.slice(-500)}`);
    for (const [name, s] of Object.entries(statuses)) {
      assert.equal(s[0], 'SERVING');
      assert.equal(s[s.length - 1], 'NOT_SERVING', `Watch(${JSON.stringify(name)}) must report NOT_SERVING on shutdown; got ${JSON.stringify(s)}`);
      assert.ok(!s.includes('SERVICE_UNKNOWN'), `no SERVICE_UNKNOWN for a registered service: ${JSON.stringify(s)}`);
    }
    for (const w of streams) w.cancel();
  });
});

describe('health during shutdown', () => {
  it('after SIGTERM, Check answers NOT_SERVING (never SERVING again) before the server goes away', { timeout: ms(30000) }, async () => {
    const own = await T.startTodo([], { env: { SHUTDOWN_GRACE_MS: '2000' } });
    const h = T.health(own.addr);
    assert.equal((await call(h, 'Check', { service: '' })).status, 'SERVING');
    own.proc.kill('SIGTERM');
    const seen = [];
    for (let i = 0; i < 2000 && !own.exited(); i++) {
      try {
        seen.push((await call(h, 'Check', { service: TODO_SERVICE }, { deadlineMs: ms(1000) })).status);
      } catch (e) {
        seen.push(`error ${e.code}`);
        break;
      }
      await sleep(5);
    }
    const r = await own.stop('SIGTERM', ms(15000));
    assert.equal(r.code, 0);
    const first = seen.indexOf('NOT_SERVING');
    assert.ok(first >= 0, `no NOT_SERVING seen after SIGTERM: ${JSON.stringify(seen.slice(0, 20))}`);
    assert.ok(!seen.slice(first).includes('SERVING'), 'health never goes back to SERVING');
  });
});

// Sends the requests on one ServerReflectionInfo stream, as grpcurl does, and
// resolves with one response per request.
function reflect(addr, version, reqs) {
  const cl = T.reflection(addr, version);
  return new Promise((resolve, reject) => {
    const stream = cl.ServerReflectionInfo({ deadline: new Date(Date.now() + ms(5000)) });
    const out = [];
    stream.on('data', (m) => {
      out.push(m);
      if (out.length === reqs.length) { stream.end(); resolve(out); }
    });
    stream.on('error', (e) => reject(new Error(`reflection ${version}: ${e.code} ${e.details} after ${out.length} responses`)));
    stream.on('end', () => { if (out.length < reqs.length) reject(new Error(`reflection ${version}: stream ended after ${out.length} of ${reqs.length} responses`)); });
    for (const r of reqs) stream.write({ host: '', ...r });
  });
}

function decodeFiles(resp) {
  assert.equal(resp.message_response, 'file_descriptor_response',
    `expected file_descriptor_response, got ${resp.message_response} ${JSON.stringify(resp.error_response || '')}`);
  const files = resp.file_descriptor_response.file_descriptor_proto;
  assert.ok(files.length >= 1, 'at least one FileDescriptorProto');
  return files.map((b) => descriptor.FileDescriptorProto.decode(b));
}

// Builds one protobufjs Root from the files, the way grpcurl builds a pool.
function rootFrom(files) {
  return protobuf.Root.fromDescriptor(descriptor.FileDescriptorSet.create({ file: files }));
}

for (const version of ['v1', 'v1alpha']) {
  describe(`reflection grpc.reflection.${version}`, () => {
    it('list_services (grpcurl list) includes the todo, health and both reflection services', async () => {
      const [r] = await reflect(svc.addr, version, [{ list_services: '' }]);
      assert.equal(r.message_response, 'list_services_response', JSON.stringify(r));
      const names = r.list_services_response.service.map((s) => s.name);
      for (const want of [TODO_SERVICE, 'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']) {
        assert.ok(names.includes(want), `${want} missing from ${JSON.stringify(names)}`);
      }
      assert.equal(new Set(names).size, names.length, 'no duplicates');
    });

    it('file_containing_symbol(todo.v1.TodoService) (grpcurl describe) returns decodable descriptors with the service, its 7 methods and its dependencies', async () => {
      const [r] = await reflect(svc.addr, version, [{ file_containing_symbol: TODO_SERVICE }]);
      const files = decodeFiles(r);
      const byName = Object.fromEntries(files.map((f) => [f.name, f]));
      const main = byName['todo/v1/todo.proto'];
      assert.ok(main, `todo/v1/todo.proto missing; got ${Object.keys(byName)}`);
      assert.equal(files[0].name, 'todo/v1/todo.proto', 'the file defining the symbol comes first');
      assert.equal(main.package, 'todo.v1');
      const svcDesc = main.service.find((s) => s.name === 'TodoService');
      assert.ok(svcDesc, 'TodoService in the file');
      assert.deepEqual(svcDesc.method.map((m) => m.name), TODO_METHODS);
      const m = Object.fromEntries(svcDesc.method.map((x) => [x.name, x]));
      assert.equal(m.CreateTodo.inputType, '.todo.v1.CreateTodoRequest');
      assert.equal(m.CreateTodo.outputType, '.todo.v1.Todo');
      assert.equal(m.DeleteTodo.outputType, '.google.protobuf.Empty');
      assert.equal(m.ListTodos.outputType, '.todo.v1.ListTodosResponse');
      assert.equal(!!m.WatchTodos.serverStreaming, true, 'WatchTodos is server-streaming');
      assert.equal(!!m.WatchTodos.clientStreaming, false);
      assert.equal(!!m.GetTodo.serverStreaming, false);
      for (const dep of ['google/protobuf/empty.proto', 'google/protobuf/field_mask.proto', 'google/protobuf/timestamp.proto']) {
        assert.ok(main.dependency.includes(dep), `todo.proto depends on ${dep}`);
        assert.ok(byName[dep], `dependency ${dep} must be in the response (got ${Object.keys(byName)})`);
      }
      // The set is self-contained: a client can resolve every type.
      const root = rootFrom(files);
      const s = root.lookupService(TODO_SERVICE);
      assert.deepEqual(Object.keys(s.methods), TODO_METHODS);
      const todo = root.lookupType('todo.v1.Todo');
      for (const f of ['id', 'title', 'notes', 'done', 'priority', 'due', 'tags', 'created_at', 'updated_at', 'completed_at']) {
        assert.ok(todo.fields[f] || todo.fields[f.replace(/_(\w)/g, (x, y) => y.toUpperCase())], `Todo.${f} in the served descriptor`);
      }
      root.resolveAll();
    });

    it('the served descriptor matches proto/todo/v1/todo.proto', async () => {
      const [r] = await reflect(svc.addr, version, [{ file_by_filename: 'todo/v1/todo.proto' }]);
      const [served] = decodeFiles(r);
      assert.equal(served.name, 'todo/v1/todo.proto');
      const { SOURCE_DIR } = require('../lib/proc');
      const path = require('node:path');
      const src = new protobuf.Root();
      src.resolvePath = (origin, target) => {
        for (const d of [path.join(SOURCE_DIR, 'proto'), '/usr/include']) {
          const p = path.join(d, target);
          if (require('node:fs').existsSync(p)) return p;
        }
        return protobuf.util.path.resolve(origin, target);
      };
      src.loadSync('todo/v1/todo.proto', { keepCase: true });
      const msgNames = (ns) => Object.values(ns.nested || {}).filter((x) => x instanceof protobuf.Type).map((x) => x.name).sort();
      const expected = msgNames(src.lookup('todo.v1'));
      assert.deepEqual(served.messageType.map((m) => m.name).sort(), expected);
      assert.deepEqual(served.enumType.map((e) => e.name).sort(), ['EventType', 'Priority', 'StatusFilter']);
      const todoMsg = served.messageType.find((m) => m.name === 'Todo');
      const fields = Object.fromEntries(todoMsg.field.map((f) => [f.name, f.number]));
      const want = src.lookupType('todo.v1.Todo').fields;
      for (const [n, f] of Object.entries(want)) assert.equal(fields[n], f.id, `Todo.${n} number`);
    });

    it('file_by_filename works for todo/v1/todo.proto and each dependency', async () => {
      const names = ['todo/v1/todo.proto', 'google/protobuf/timestamp.proto', 'google/protobuf/empty.proto', 'google/protobuf/field_mask.proto'];
      const rs = await reflect(svc.addr, version, names.map((n) => ({ file_by_filename: n })));
      rs.forEach((r, i) => {
        const files = decodeFiles(r);
        assert.equal(files[0].name, names[i]);
      });
      const ts = decodeFiles(rs[1])[0];
      assert.ok(ts.messageType.some((m) => m.name === 'Timestamp'));
    });

    it('file_containing_symbol finds messages, enums and methods too (grpcurl describe todo.v1.Todo)', async () => {
      const syms = ['todo.v1.Todo', 'todo.v1.CreateTodoRequest', 'todo.v1.Priority', 'todo.v1.TodoService.CreateTodo', 'todo.v1.TodoEvent'];
      const rs = await reflect(svc.addr, version, syms.map((s) => ({ file_containing_symbol: s })));
      rs.forEach((r, i) => {
        const files = decodeFiles(r);
        assert.equal(files[0].name, 'todo/v1/todo.proto', `symbol ${syms[i]}`);
      });
    });

    it('every listed service can be described (grpcurl describe with no argument)', async () => {
      const [l] = await reflect(svc.addr, version, [{ list_services: '' }]);
      const names = l.list_services_response.service.map((s) => s.name);
      const rs = await reflect(svc.addr, version, names.map((n) => ({ file_containing_symbol: n })));
      rs.forEach((r, i) => {
        const files = decodeFiles(r);
        const root = rootFrom(files);
        assert.ok(root.lookupService(names[i]), `service ${names[i]} in its descriptors`);
      });
    });

    it('an unknown symbol or file gives an error_response with NOT_FOUND; the stream keeps working', async () => {
      const rs = await reflect(svc.addr, version, [
        { file_containing_symbol: 'no.such.Symbol' },
        { file_by_filename: 'no/such/file.proto' },
        { file_containing_symbol: TODO_SERVICE },
      ]);
      for (const r of rs.slice(0, 2)) {
        assert.equal(r.message_response, 'error_response', JSON.stringify(r));
        assert.equal(r.error_response.error_code, status.NOT_FOUND, JSON.stringify(r.error_response));
      }
      assert.equal(rs[2].message_response, 'file_descriptor_response', 'the stream serves later requests after an error');
    });

    it('extension queries are answered (empty or NOT_FOUND) and an empty request is an error_response, on a live stream', async () => {
      const rs = await reflect(svc.addr, version, [
        { all_extension_numbers_of_type: 'todo.v1.Todo' },
        { file_containing_extension: { containing_type: 'todo.v1.Todo', extension_number: 100 } },
        { all_extension_numbers_of_type: 'no.such.Type' },
        {},
        { list_services: '' },
      ]);
      assert.equal(rs[0].message_response, 'all_extension_numbers_response', JSON.stringify(rs[0]));
      assert.equal(rs[0].all_extension_numbers_response.base_type_name, 'todo.v1.Todo');
      assert.deepEqual(rs[0].all_extension_numbers_response.extension_number, []);
      for (const r of [rs[1], rs[2]]) {
        assert.equal(r.message_response, 'error_response', JSON.stringify(r));
        assert.equal(r.error_response.error_code, status.NOT_FOUND);
      }
      assert.equal(rs[3].message_response, 'error_response', 'a request with no message_request');
      assert.equal(rs[4].message_response, 'list_services_response', 'the stream is still usable');
    });

    it('many requests on one stream are answered in order', async () => {
      const reqs = [];
      for (let i = 0; i < 20; i++) reqs.push(i % 2 ? { list_services: '' } : { file_containing_symbol: TODO_SERVICE });
      const rs = await reflect(svc.addr, version, reqs);
      rs.forEach((r, i) => assert.equal(r.message_response, i % 2 ? 'list_services_response' : 'file_descriptor_response'));
    });
  });
}
