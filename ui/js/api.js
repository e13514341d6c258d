// api: the gateway's JSON API. Identity is the HttpOnly `sid` cookie that GET /
// set, so every call is same-origin with credentials. Every call tells conn.js
// whether the API answered.
import { apiDown, apiUp } from './conn.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

// No answer, or the gateway says a backend is down or too slow: worth a retry.
export function isUnavailable(e) {
  return e instanceof ApiError && [0, 502, 503, 504].includes(e.status);
}

async function request(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    apiDown();
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  if ([502, 503, 504].includes(res.status)) apiDown();
  else apiUp();
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code, err.message);
  }
  return data;
}

// extra: more query parameters (due_before, due_after, priority).
export function listTodos({ status = 'open', q = '', sort = '', extra = {} } = {}) {
  const p = new URLSearchParams({ status, limit: '500' });
  if (q) p.set('q', q);
  if (sort) p.set('sort', sort);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return request('GET', `/api/todos?${p}`);
}

export function createTodo(todo, idempotencyKey) {
  const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
  return request('POST', '/api/todos', todo, headers);
}

export function updateTodo(id, patch) {
  return request('PATCH', `/api/todos/${encodeURIComponent(id)}`, patch);
}

export function deleteTodo(id) {
  return request('DELETE', `/api/todos/${encodeURIComponent(id)}`);
}

export function chat(message, context) {
  let timezone = 'UTC';
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch (e) { /* keep UTC */ }
  const body = { message, timezone };
  if (context) body.context = context;
  return request('POST', '/api/chat', body);
}
