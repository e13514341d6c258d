// chat: the conversation panel. Sends the browser's IANA time zone and the
// opaque context from the last reply; shows replies and suggestion chips; the
// todos a turn touched go straight into the list. The last 100 messages and
// the context are kept in localStorage (per browser), so a reload keeps the
// conversation and "delete it" still knows what "it" is; "Clear chat" empties
// both.
import * as api from './api.js';
import { upsert, remove } from './store.js';

const STORE_KEY = 'todo-chat.chat';
const KEEP = 100;

let context = '';
let history = []; // [{kind: 'user' | 'bot' | 'bot failed', text}]
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

function save() {
  history = history.slice(-KEEP);
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({ v: 1, messages: history, context }));
  } catch (e) { /* storage full or off: this page still works */ }
}

function restore() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
  } catch (e) {
    saved = null;
  }
  if (!saved || !Array.isArray(saved.messages)) return;
  const kinds = new Set(['user', 'bot', 'bot failed']);
  history = saved.messages
    .filter((m) => m && kinds.has(m.kind) && typeof m.text === 'string')
    .slice(-KEEP);
  context = typeof saved.context === 'string' ? saved.context : '';
  for (const m of history) addMessage(m.kind, m.text);
}

function record(kind, text) {
  history.push({ kind, text });
  save();
}

function clearChat() {
  history = [];
  context = '';
  try {
    localStorage.removeItem(STORE_KEY);
  } catch (e) { /* nothing kept */ }
  const log = document.getElementById('chat-log');
  // the greeting stays
  for (const li of [...log.children].slice(1)) li.remove();
  renderChips([]);
  document.getElementById('message').focus();
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
  record('user', message);
  const pending = addMessage('bot pending', '…');
  try {
    const r = await api.chat(message, context);
    context = r.context || '';
    pending.className = 'msg bot';
    pending.textContent = r.reply || 'OK.';
    record('bot', pending.textContent);
    renderChips(r.suggestions);
    for (const t of r.todos || []) {
      if (REMOVING.has(r.intent)) remove(t.id);
      else upsert(t);
    }
    reload(); // the list's own filter and order decide what shows
  } catch (e) {
    pending.className = 'msg bot failed';
    pending.textContent = `Sorry, that did not go through: ${e.message}`;
    record('bot failed', pending.textContent);
  } finally {
    busy = false;
  }
}

export function initChat(reloadList) {
  reload = reloadList;
  restore();
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
  document.getElementById('clear-chat').addEventListener('click', clearChat);
  // Another tab cleared the chat: follow it (the next turn would start over anyway).
  window.addEventListener('storage', (ev) => {
    if (ev.key === STORE_KEY && ev.newValue === null && !busy) {
      history = [];
      context = '';
      const log = document.getElementById('chat-log');
      for (const li of [...log.children].slice(1)) li.remove();
    }
  });
}
