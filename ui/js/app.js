// app: wires the page together: filters, search, sort and quick filters, the
// list, chat, live updates and reminders, and recovery from an outage
// (conn.js). Loaded as a module from
// index.html (no inline script, strict CSP).
import * as api from './api.js';
import { setRetry, onUp } from './conn.js';
import {
  state, replaceAll, setFilter, setSort, setQuick, quickParams, SORTS,
} from './store.js';
import { initList, render } from './list.js';
import { initChat } from './chat.js';
import { startLive } from './live.js';
import { initReminders } from './remind.js';
import { startOfDay } from './time.js';
import { showError, clearError, initToast } from './ui.js';

let loadSeq = 0;
let loading = 0; // loads in flight

// While the API is down, conn.js shows the status and calls load again.
async function load() {
  const seq = ++loadSeq;
  loading++;
  try {
    if (state.quick) setQuick(quickFilter(state.quick.name)); // "now" moves on
    const r = await api.listTodos({ status: state.filter, q: state.query, sort: state.sort, extra: quickParams() });
    if (seq !== loadSeq) return; // a newer filter or search won
    replaceAll(r.todos || []);
    clearError();
  } catch (e) {
    if (seq === loadSeq && !api.isUnavailable(e)) showError(`Could not load your todos: ${e.message}`);
  } finally {
    loading--;
  }
}

function initFilters() {
  const buttons = document.querySelectorAll('.filters button');
  for (const b of buttons) {
    b.addEventListener('click', () => {
      for (const o of buttons) o.setAttribute('aria-pressed', String(o === b));
      setFilter(b.dataset.filter);
      render();
      load();
    });
  }
  const search = document.getElementById('search');
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      setFilter(undefined, search.value.trim());
      render();
      load();
    }, 200);
  });
}

// The quick filters, in the browser's own days: overdue (due before now),
// due today, due this week (today to Sunday, as the chat reads "this week"),
// high priority.
function quickFilter(name, now = new Date()) {
  const today = startOfDay(now);
  const plusDays = (n) => new Date(today.getFullYear(), today.getMonth(), today.getDate() + n);
  switch (name) {
    case 'overdue': return { name, before: now };
    case 'today': return { name, after: today, before: plusDays(1) };
    case 'week': return { name, after: today, before: plusDays(7 - ((today.getDay() + 6) % 7)) };
    case 'high': return { name, priority: ['high'] };
    default: return null;
  }
}

function initSort() {
  const select = document.getElementById('sort');
  for (const [value, label] of SORTS) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    select.append(o);
  }
  select.value = state.sort;
  select.addEventListener('change', () => {
    setSort(select.value);
    render();
    load();
  });
  const quick = document.querySelectorAll('.quick button');
  for (const b of quick) {
    b.addEventListener('click', () => {
      const on = b.getAttribute('aria-pressed') !== 'true';
      for (const o of quick) o.setAttribute('aria-pressed', String(on && o === b));
      setQuick(on ? quickFilter(b.dataset.quick) : null);
      render();
      load();
    });
  }
}

function main() {
  initToast();
  initList();
  initFilters();
  initSort();
  initReminders();
  initChat(load);
  setRetry(load);
  onUp(() => { if (!loading) load(); }); // back after another call: the list may be stale
  render();
  load();
  startLive(load);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
