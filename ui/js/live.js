// live: /api/events (Server-Sent Events) keeps the list in step with changes
// made by chat, other tabs and other devices. EventSource retries a dropped
// stream by itself; when the server refused it (CLOSED: e.g. a 503 while
// todo-svc restarts) we reconnect with backoff (1 s doubling to 10 s), and
// at once when an API call shows the server is back (conn.js). Every
// (re)connect reloads the list so nothing missed stays missed. A reminder
// (`event: reminder`) goes to remind.js.
import { upsert, remove } from './store.js';
import { showReminder } from './remind.js';
import { FIRST_DELAY_MS, nextDelay, streamOpen, onUp } from './conn.js';

let source = null;
let backoff = FIRST_DELAY_MS;
let retryTimer = null;
let everOpen = false;
let settle = null;
let reload = () => {};

function onOpen() {
  streamOpen(true);
  backoff = FIRST_DELAY_MS;
  // Changes made while no stream was open are only in the list's answer;
  // and the backend registers the watch a moment after the stream opens,
  // so look once more after that moment too.
  if (everOpen) reload();
  everOpen = true;
  clearTimeout(settle);
  settle = setTimeout(reload, 1000);
}

function onTodo(ev) {
  let msg;
  try {
    msg = JSON.parse(ev.data);
  } catch (e) {
    return;
  }
  if (!msg || !msg.todo) return;
  if (msg.type === 'deleted') remove(msg.todo.id);
  else upsert(msg.todo);
}

function onReminder(ev) {
  let msg;
  try {
    msg = JSON.parse(ev.data);
  } catch (e) {
    return;
  }
  if (msg && msg.todo) showReminder(msg.todo);
}

function onError() {
  streamOpen(false);
  if (source.readyState !== EventSource.CLOSED) return; // the browser retries
  source.close();
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, backoff);
  backoff = nextDelay(backoff);
}

function connect() {
  if (source) source.close();
  retryTimer = null;
  source = new EventSource('/api/events');
  source.addEventListener('open', onOpen);
  source.addEventListener('todo', onTodo);
  source.addEventListener('reminder', onReminder);
  source.addEventListener('error', onError);
}

// The API answers again: a stream that is not open tries now.
function reconnectNow() {
  if (source && source.readyState === EventSource.OPEN) return;
  clearTimeout(retryTimer);
  backoff = FIRST_DELAY_MS;
  connect();
}

export function startLive(reloadList) {
  reload = reloadList;
  onUp(reconnectNow);
  connect();
}
