// store: the todos on screen, the status filter, search, sort order and quick
// filter, kept in step with API answers, chat replies and live events. Views
// subscribe and re-render.

const listeners = new Set();

// The orders the Sort control offers: its value is the API's `sort`.
export const SORTS = [
  ['due', 'Due date'],
  ['-priority,due', 'Priority'],
  ['title', 'Title'],
  ['-created', 'Newest added'],
  ['created', 'Oldest added'],
];
const SORT_KEY = 'todo-chat.sort';
const PRIOS = ['none', 'low', 'medium', 'high'];

function savedSort() {
  try {
    const s = localStorage.getItem(SORT_KEY);
    if (SORTS.some(([v]) => v === s)) return s;
  } catch (e) { /* storage off: the default */ }
  return 'due';
}

export const state = {
  todos: new Map(), // id -> todo as the API returns it
  filter: 'open',   // open | done | all
  query: '',
  sort: savedSort(),
  quick: null,      // null or {name, after?, before?, priority?} (after/before: Date)
  loaded: false,
};

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(changedId) {
  for (const fn of listeners) fn(changedId);
}

export function matches(todo) {
  if (state.filter === 'open' && todo.done) return false;
  if (state.filter === 'done' && !todo.done) return false;
  if (state.query) {
    const q = state.query.toLowerCase();
    const hay = `${todo.title}\n${todo.notes || ''}`.toLowerCase();
    if (!hay.includes(q)) return false;
  }
  const f = state.quick;
  if (f) {
    if (f.priority && !f.priority.includes(todo.priority || 'none')) return false;
    if (f.after || f.before) {
      if (!todo.due) return false;
      const d = Date.parse(todo.due);
      if (f.after && d < f.after.getTime()) return false;
      if (f.before && d >= f.before.getTime()) return false;
    }
  }
  return true;
}

export function replaceAll(todos) {
  state.todos = new Map(todos.map((t) => [t.id, t]));
  state.loaded = true;
  emit(null);
}

export function upsert(todo) {
  const prev = state.todos.get(todo.id);
  if (prev && prev.updated_at && todo.updated_at && Date.parse(prev.updated_at) > Date.parse(todo.updated_at)) return; // stale event
  if (matches(todo)) state.todos.set(todo.id, todo);
  else state.todos.delete(todo.id);
  emit(todo.id);
}

export function remove(id) {
  if (state.todos.delete(id)) emit(null);
}

export function setFilter(filter, query) {
  if (filter !== undefined) state.filter = filter;
  if (query !== undefined) state.query = query;
}

export function setSort(sort) {
  if (!SORTS.some(([v]) => v === sort)) return;
  state.sort = sort;
  try {
    localStorage.setItem(SORT_KEY, sort);
  } catch (e) { /* not remembered, still applied */ }
}

export function setQuick(quick) {
  state.quick = quick;
}

// The query parameters of the quick filter, for GET /api/todos.
export function quickParams() {
  const f = state.quick;
  const p = {};
  if (!f) return p;
  if (f.after) p.due_after = f.after.toISOString();
  if (f.before) p.due_before = f.before.toISOString();
  if (f.priority) p.priority = f.priority.join(',');
  return p;
}

// The same order the server gives for state.sort (no due date last either
// way, titles case-insensitive, ties in creation order), with open todos
// before done ones.
const KEYS = {
  due: (t) => (t.due ? Date.parse(t.due) : null),
  priority: (t) => PRIOS.indexOf(t.priority || 'none'),
  title: (t) => (t.title || '').toLowerCase(),
  created: (t) => Date.parse(t.created_at || '') || 0,
  updated: (t) => Date.parse(t.updated_at || '') || 0,
};

function compare(a, b) {
  for (const part of state.sort.split(',')) {
    const desc = part.startsWith('-');
    const key = KEYS[desc ? part.slice(1) : part];
    if (!key) continue;
    const x = key(a);
    const y = key(b);
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * (desc ? -1 : 1);
  }
  return (a.created_at || '').localeCompare(b.created_at || '');
}

export function sorted() {
  return [...state.todos.values()].filter(matches).sort((a, b) => {
    if (a.done !== b.done) return a.done ? 1 : -1;
    return compare(a, b);
  });
}
