// list: renders the todos (keyed, so focus and inline edits survive live
// updates) and handles toggle, inline edit, and delete with undo.
import * as api from './api.js';
import { describeDue } from './time.js';
import { state, subscribe, sorted, upsert, remove } from './store.js';
import { showError, announce, showUndo } from './ui.js';

const listEl = () => document.getElementById('todos');
const items = new Map(); // id -> <li>

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function buildItem(todo) {
  const li = el('li', 'todo');
  li.dataset.id = todo.id;
  const box = el('input');
  box.type = 'checkbox';
  box.setAttribute('aria-labelledby', `title-${todo.id}`);
  box.addEventListener('change', () => toggle(li.dataset.id, box));
  const body = el('div', 'body');
  const title = el('span', 'title');
  title.id = `title-${todo.id}`;
  title.addEventListener('dblclick', () => startEdit(li));
  const meta = el('div', 'meta');
  const notes = el('div', 'notes');
  body.append(title, meta, notes);
  const actions = el('div', 'actions');
  const edit = el('button', 'quiet edit', 'Edit');
  edit.type = 'button';
  edit.addEventListener('click', () => startEdit(li));
  const del = el('button', 'quiet danger delete', 'Delete');
  del.type = 'button';
  del.addEventListener('click', () => removeTodo(li.dataset.id));
  actions.append(edit, del);
  li.append(box, body, actions);
  return li;
}

function fillItem(li, todo, now) {
  li.classList.toggle('done', !!todo.done);
  const box = li.querySelector('input[type=checkbox]');
  if (!box.disabled) box.checked = !!todo.done;
  li.querySelector('.edit').setAttribute('aria-label', `Edit ${todo.title}`);
  li.querySelector('.delete').setAttribute('aria-label', `Delete ${todo.title}`);
  if (!li.dataset.editing) li.querySelector('.title').textContent = todo.title;
  const meta = li.querySelector('.meta');
  meta.replaceChildren();
  const due = describeDue(todo.due, todo.done, now);
  if (due) {
    const t = el('time', due.overdue ? 'due overdue' : 'due', due.text);
    t.dateTime = due.iso;
    t.title = new Date(todo.due).toLocaleString();
    meta.append(t);
  }
  if (todo.priority && todo.priority !== 'none') {
    meta.append(el('span', `prio prio-${todo.priority}`, `${todo.priority} priority`));
  }
  for (const tag of todo.tags || []) meta.append(el('span', 'tag', `#${tag}`));
  const notes = li.querySelector('.notes');
  notes.textContent = todo.notes || '';
  notes.hidden = !todo.notes;
}

function emptyText() {
  if (state.query) return `Nothing matches “${state.query}”.`;
  if (state.filter === 'done') return 'Nothing done yet. Tick a todo when you finish it.';
  if (state.filter === 'open' && state.todos.size === 0) {
    return 'No todos yet. Start by typing “add buy milk tomorrow at 5pm” in the chat.';
  }
  return 'No todos yet. Start by typing “add buy milk tomorrow at 5pm” in the chat.';
}

export function render() {
  const ul = listEl();
  const todos = sorted();
  const now = new Date();
  const keep = new Set(todos.map((t) => t.id));
  const active = document.activeElement;
  const activeLi = active && active.closest ? active.closest('li.todo') : null;
  let refocus = null;
  for (const [id, li] of items) {
    if (!keep.has(id)) {
      if (activeLi === li) refocus = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      items.delete(id);
    }
  }
  let cursor = ul.firstElementChild;
  for (const todo of todos) {
    let li = items.get(todo.id);
    if (!li) {
      li = buildItem(todo);
      items.set(todo.id, li);
      if (state.loaded && ul.childElementCount > 0) li.classList.add('flash');
    }
    fillItem(li, todo, now);
    if (li !== cursor) ul.insertBefore(li, cursor);
    else cursor = cursor.nextElementSibling;
  }
  if (refocus && document.activeElement === document.body) {
    const box = refocus.querySelector('input[type=checkbox]');
    if (box) box.focus();
  }
  const empty = document.getElementById('empty');
  empty.hidden = !state.loaded || todos.length > 0;
  empty.textContent = emptyText();
  const open = todos.filter((t) => !t.done).length;
  let count = '';
  if (state.loaded && todos.length) {
    if (state.filter === 'open') count = `${open} open`;
    else if (state.filter === 'done') count = `${todos.length} done`;
    else count = `${todos.length} in all, ${open} open`;
  }
  document.getElementById('count').textContent = count;
}

async function toggle(id, box) {
  const todo = state.todos.get(id);
  if (!todo) return;
  const done = box.checked;
  box.disabled = true;
  try {
    const t = await api.updateTodo(id, { done });
    box.disabled = false;
    upsert(t);
    announce(done ? `Marked “${t.title}” done` : `Reopened “${t.title}”`);
  } catch (e) {
    box.disabled = false;
    box.checked = !done;
    showError(`Could not update “${todo.title}”: ${e.message}`);
  }
}

function startEdit(li) {
  if (li.dataset.editing) return;
  const id = li.dataset.id;
  const todo = state.todos.get(id);
  if (!todo) return;
  li.dataset.editing = '1';
  const title = li.querySelector('.title');
  const input = el('input', 'edit-input');
  input.type = 'text';
  input.value = todo.title;
  input.maxLength = 500;
  input.setAttribute('aria-label', `New title for ${todo.title}`);
  title.hidden = true;
  title.after(input);
  input.focus();
  input.select();
  let finished = false;
  const finish = async (save) => {
    if (finished) return;
    finished = true;
    const value = input.value.trim();
    input.remove();
    title.hidden = false;
    delete li.dataset.editing;
    const current = state.todos.get(id) || todo;
    if (save && value && value !== current.title) {
      title.textContent = value;
      try {
        upsert(await api.updateTodo(id, { title: value }));
        announce(`Renamed to “${value}”`);
      } catch (e) {
        title.textContent = current.title;
        showError(`Could not rename “${current.title}”: ${e.message}`);
      }
    } else {
      title.textContent = current.title;
    }
    const edit = li.querySelector('.edit');
    if (edit && li.isConnected) edit.focus();
  };
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); finish(true); }
    else if (ev.key === 'Escape') { ev.preventDefault(); finish(false); }
  });
  input.addEventListener('blur', () => finish(true));
}

async function removeTodo(id) {
  const todo = state.todos.get(id);
  if (!todo) return;
  try {
    await api.deleteTodo(id);
  } catch (e) {
    if (e.status !== 404) {
      showError(`Could not delete “${todo.title}”: ${e.message}`);
      return;
    }
  }
  const li = items.get(id);
  const next = li && (li.nextElementSibling || li.previousElementSibling);
  remove(id);
  const back = next ? next.querySelector('input[type=checkbox]') : null;
  showUndo(`Deleted “${todo.title}”`, () => restore(todo), back);
}

// Undo re-creates the todo with the same fields (it gets a new id).
async function restore(todo) {
  const body = { title: todo.title, notes: todo.notes || '', priority: todo.priority || 'none', tags: todo.tags || [] };
  if (todo.due) body.due = todo.due;
  try {
    let t = await api.createTodo(body, `undo-${todo.id}`);
    if (todo.done) t = await api.updateTodo(t.id, { done: true });
    upsert(t);
    announce(`Restored “${t.title}”`);
  } catch (e) {
    showError(`Could not restore “${todo.title}”: ${e.message}`);
  }
}

export function initList() {
  subscribe(() => render());
  // Relative due dates ("today", "overdue") move with the clock.
  setInterval(render, 60 * 1000);
}
