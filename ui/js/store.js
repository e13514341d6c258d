// store: the todos on screen, the filter and search, kept in step with API
// answers, chat replies and live events. Views subscribe and re-render.

const listeners = new Set();

export const state = {
  todos: new Map(), // id -> todo as the API returns it
  filter: 'open',   // open | done | all
  query: '',
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

// Open first, then by due time (none last), then oldest first.
export function sorted() {
  return [...state.todos.values()].filter(matches).sort((a, b) => {
    if (a.done !== b.done) return a.done ? 1 : -1;
    const da = a.due ? Date.parse(a.due) : Infinity;
    const db = b.due ? Date.parse(b.due) : Infinity;
    if (da !== db) return da - db;
    return (a.created_at || '').localeCompare(b.created_at || '');
  });
}
