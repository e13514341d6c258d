// live: /api/events (Server-Sent Events) keeps the list in step with changes
// made by chat, other tabs and other devices. EventSource retries a dropped
// stream by itself; when the server refused it (CLOSED) we reconnect with
// backoff. Every (re)connect reloads the list so nothing missed stays missed.
import { upsert, remove } from './store.js';

let source = null;
let backoff = 1000;
let everOpen = false;
let settle = null;

function setStatus(on) {
  const el = document.getElementById('live');
  el.textContent = on ? 'Live' : 'Reconnecting…';
  el.className = on ? 'live on' : 'live off';
}

export function startLive(reload) {
  if (source) source.close();
  source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    setStatus(true);
    backoff = 1000;
    // Changes made while no stream was open are only in the list's answer;
    // and the backend registers the watch a moment after the stream opens,
    // so look once more after that moment too.
    if (everOpen) reload();
    everOpen = true;
    clearTimeout(settle);
    settle = setTimeout(reload, 1000);
  });
  source.addEventListener('todo', (ev) => {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch (e) {
      return;
    }
    if (!msg || !msg.todo) return;
    if (msg.type === 'deleted') remove(msg.todo.id);
    else upsert(msg.todo);
  });
  source.addEventListener('error', () => {
    setStatus(false);
    if (source.readyState === EventSource.CLOSED) {
      source.close();
      setTimeout(() => startLive(reload), backoff);
      backoff = Math.min(backoff * 2, 30000);
    }
  });
}
