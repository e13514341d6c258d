// chat: the conversation panel. Sends the browser's IANA time zone and the
// opaque context from the last reply; shows replies and suggestion chips; the
// todos a turn touched go straight into the list.
import * as api from './api.js';
import { upsert, remove } from './store.js';

let context = '';
let busy = false;
let reload = async () => {};

function addMessage(kind, text) {
  const log = document.getElementById('chat-log');
  const li = document.createElement('li');
  li.className = `msg ${kind}`;
  li.textContent = text;
  log.append(li);
  log.scrollTop = log.scrollHeight;
  return li;
}

function renderChips(suggestions) {
  const chips = document.getElementById('chips');
  chips.replaceChildren();
  for (const s of suggestions || []) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'chip';
    b.textContent = s;
    b.addEventListener('click', () => send(s));
    chips.append(b);
  }
}

const REMOVING = new Set(['delete_todo', 'clear_completed']);

export async function send(text) {
  const message = text.trim();
  if (!message || busy) return;
  busy = true;
  addMessage('user', message);
  const pending = addMessage('bot pending', '…');
  try {
    const r = await api.chat(message, context);
    context = r.context || '';
    pending.className = 'msg bot';
    pending.textContent = r.reply || 'OK.';
    renderChips(r.suggestions);
    for (const t of r.todos || []) {
      if (REMOVING.has(r.intent)) remove(t.id);
      else upsert(t);
    }
    reload(); // the list's own filter and order decide what shows
  } catch (e) {
    pending.className = 'msg bot failed';
    pending.textContent = `Sorry, that did not go through: ${e.message}`;
  } finally {
    busy = false;
  }
}

export function initChat(reloadList) {
  reload = reloadList;
  const form = document.getElementById('chat-form');
  const input = document.getElementById('message');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    send(text);
    input.focus();
  });
}
