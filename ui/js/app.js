// app: wires the page together: filters and search, the list, chat, live
// updates, and recovery from an outage (conn.js). Loaded as a module from
// index.html (no inline script, strict CSP).
import * as api from './api.js';
import { setRetry, onUp } from './conn.js';
import { state, replaceAll, setFilter } from './store.js';
import { initList, render } from './list.js';
import { initChat } from './chat.js';
import { startLive } from './live.js';
import { showError, clearError, initToast } from './ui.js';

let loadSeq = 0;
let loading = 0; // loads in flight

// While the API is down, conn.js shows the status and calls load again.
async function load() {
  const seq = ++loadSeq;
  loading++;
  try {
    const r = await api.listTodos({ status: state.filter, q: state.query });
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

function main() {
  initToast();
  initList();
  initFilters();
  initChat(load);
  setRetry(load);
  onUp(() => { if (!loading) load(); }); // back after another call: the list may be stale
  render();
  load();
  startLive(load);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
