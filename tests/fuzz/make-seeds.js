'use strict';
// Regenerates the protobuf seeds of fuzz_gw_json_proto (seeds/gw_json_proto/):
// one selector byte (0 Todo, 1 ListTodosResponse, 2 ConverseResponse,
// 3 TodoEvent) followed by the message encoded by protobufjs, an encoder
// independent of protobuf-c. Run from tests/: node fuzz/make-seeds.js
const fs = require('node:fs');
const path = require('node:path');
const protobuf = require('protobufjs');

const SRC = path.join(__dirname, '..', '..');
const root = new protobuf.Root();
root.resolvePath = (origin, target) => {
  for (const d of [path.join(SRC, 'proto'), '/usr/include', '/usr/share/grpc-proto']) {
    if (fs.existsSync(path.join(d, target))) return path.join(d, target);
  }
  return protobuf.util.path.resolve(origin, target);
};
root.loadSync(['todo/v1/todo.proto', 'chat/v1/chat.proto']);
const Todo = root.lookupType('todo.v1.Todo');
const List = root.lookupType('todo.v1.ListTodosResponse');
const Conv = root.lookupType('chat.v1.ConverseResponse');
const Event = root.lookupType('todo.v1.TodoEvent');

const ts = (s, n = 0) => ({ seconds: s, nanos: n });
const todos = [
  { id: '01JDX5', title: 'buy milk', created_at: ts(1795000000), updated_at: ts(1795000000) },
  { id: '01JDX6', title: 'call mum ✓', notes: 'about the weekend\nline two', done: true, priority: 3,
    due: ts(1795021200, 250000000), tags: ['home', 'family'], created_at: ts(1795000000),
    updated_at: ts(1795000100), completed_at: ts(1795000100) },
  { id: 'x', title: 'edge times', priority: 1, due: ts(-62135596800), created_at: ts(253402300799, 999999999) },
  { id: 'y', title: 'quotes " and \\ and \u0001', priority: 9, tags: ['a', ''] },
];
const seeds = {
  todo1: [0, Todo, todos[0]],
  todo2: [0, Todo, todos[1]],
  todo3: [0, Todo, todos[2]],
  todo4: [0, Todo, todos[3]],
  list1: [1, List, { todos, next_page_token: 'cursor-abc' }],
  list2: [1, List, { todos: [] }],
  chat1: [2, Conv, { reply: 'Added "call mum" for tomorrow at 18:00.', intent: 'add_todo', todos: [todos[1]],
    context: 'eyJ2IjoxfQ', suggestions: ['undo', 'what is due today?'] }],
  chat2: [2, Conv, { reply: 'Delete 3 todos?', intent: '', context: '' }],
  event1: [3, Event, { type: 1, todo: todos[0] }],
  event2: [3, Event, { type: 2, todo: todos[1] }],
  event3: [3, Event, { type: 3, todo: { id: 'gone' } }],
  event4: [3, Event, { type: 7 }],
};
const out = path.join(__dirname, 'seeds', 'gw_json_proto');
fs.mkdirSync(out, { recursive: true });
for (const [name, [sel, T, obj]] of Object.entries(seeds)) {
  // No verify(): out-of-range enum values (priority 9, type 7) are the point.
  const bytes = T.encode(T.create(T.fromObject(obj))).finish();
  fs.writeFileSync(path.join(out, `${name}.bin`), Buffer.concat([Buffer.from([sel]), Buffer.from(bytes)]));
}
console.log(`wrote ${Object.keys(seeds).length} seeds to ${out}`);
