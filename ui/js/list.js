// list: renders the todos (keyed, so focus and open edit forms survive live
// updates) with their due date, priority, recurrence ("every Monday") and
// reminder ("reminds 8:30"), and handles toggle, the edit form, and delete
// with undo.
import * as api from './api.js';
import {
  describeDue, describeRecurrence, describeReminder, ordinal,
} from './time.js';
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
  if (todo.recurrence) {
    const r = el('span', 'recur');
    const icon = el('span', 'icon', '↻ ');
    icon.setAttribute('aria-hidden', 'true');
    r.append(icon, describeRecurrence(todo.recurrence));
    r.title = `Repeats: ${todo.recurrence}`;
    meta.append(r);
  }
  const remind = describeReminder(todo, now);
  if (remind) {
    const r = el('time', remind.sent ? 'remind sent' : 'remind', remind.text);
    r.dateTime = remind.iso;
    r.title = `Reminder: ${new Date(todo.remind_at).toLocaleString()}`;
    meta.append(r);
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
  const shown = items.size > 0; // the first list fills in without flashing
  for (const todo of todos) {
    let li = items.get(todo.id);
    if (!li) {
      li = buildItem(todo);
      items.set(todo.id, li);
      if (state.loaded && shown) li.classList.add('flash');
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

// The edit form, inside the item: title, due date and time, priority, tags,
// recurrence and reminder. Focus goes to the title; Enter (in a field)
// saves, Escape or Cancel closes. Only changed fields go in the PATCH, with
// null to clear due, recurrence and remind_at; a recurrence goes with the
// browser's IANA zone, so "every Monday 8:30" stays 8:30 across DST.
const REPEATS = [
  ['', 'Does not repeat'],
  ['daily', 'Daily'],
  ['weekdays', 'Every weekday'],
  ['weekly', 'Weekly on the due day'],
  ['monthly', 'Monthly on the due day'],
  ['custom', 'Custom (RRULE)'],
];
const REMINDERS = [
  ['', 'No reminder'],
  ['0', 'At due time'],
  ['10', '10 minutes before'],
  ['30', '30 minutes before'],
  ['60', '1 hour before'],
  ['at', 'At a date and time'],
];
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const pad = (n) => String(n).padStart(2, '0');
const dateValue = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const timeValue = (d) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch (e) {
    return 'UTC';
  }
}

function ruleFor(preset, due) {
  switch (preset) {
    case 'daily': return 'FREQ=DAILY';
    case 'weekdays': return 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
    case 'weekly': return `FREQ=WEEKLY;BYDAY=${BYDAY[(due || new Date()).getDay()]}`;
    case 'monthly': return 'FREQ=MONTHLY';
    default: return '';
  }
}

function presetOf(rule, due) {
  if (!rule) return '';
  const r = rule.toUpperCase();
  if (r === 'FREQ=DAILY') return 'daily';
  if (r === 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR') return 'weekdays';
  if (r === 'FREQ=MONTHLY') return 'monthly';
  if (due && r === ruleFor('weekly', due)) return 'weekly';
  return 'custom';
}

function field(form, id, labelText, control) {
  const wrap = el('div', 'field');
  const label = el('label', null, labelText);
  label.htmlFor = id;
  control.id = id;
  wrap.append(label, control);
  form.append(wrap);
  return wrap;
}

function select(options, value) {
  const s = el('select');
  for (const [v, text] of options) {
    const o = el('option', null, text);
    o.value = v;
    s.append(o);
  }
  s.value = value;
  return s;
}

function input(type, value) {
  const i = el('input');
  i.type = type;
  i.value = value || '';
  return i;
}

function startEdit(li) {
  if (li.dataset.editing) {
    const first = li.querySelector('.edit-form input');
    if (first) first.focus();
    return;
  }
  const id = li.dataset.id;
  const todo = state.todos.get(id);
  if (!todo) return;
  li.dataset.editing = '1';
  const due = todo.due ? new Date(todo.due) : null;
  const remind = todo.remind_at ? new Date(todo.remind_at) : null;
  const k = `${id}`;

  const form = el('form', 'edit-form');
  form.noValidate = true;
  form.setAttribute('aria-label', `Edit ${todo.title}`);
  const title = input('text', todo.title);
  title.maxLength = 500;
  field(form, `f-title-${k}`, 'Title', title).classList.add('wide');
  title.setAttribute('aria-label', `New title for ${todo.title}`);
  const dueDate = input('date', due ? dateValue(due) : '');
  field(form, `f-date-${k}`, 'Due date', dueDate);
  const dueTime = input('time', due && (due.getHours() || due.getMinutes()) ? timeValue(due) : '');
  field(form, `f-time-${k}`, 'Due time', dueTime);
  const prio = select([['none', 'None'], ['low', 'Low'], ['medium', 'Medium'], ['high', 'High']], todo.priority || 'none');
  field(form, `f-prio-${k}`, 'Priority', prio);
  const tags = input('text', (todo.tags || []).join(', '));
  tags.placeholder = 'home, work';
  field(form, `f-tags-${k}`, 'Tags', tags);
  const preset = presetOf(todo.recurrence, due);
  const repeats = select(REPEATS, preset);
  field(form, `f-repeat-${k}`, 'Repeats', repeats);
  const rule = input('text', preset === 'custom' ? todo.recurrence : '');
  rule.placeholder = 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO';
  rule.spellcheck = false;
  const ruleWrap = field(form, `f-rule-${k}`, 'Rule (RRULE)', rule);
  ruleWrap.hidden = preset !== 'custom';
  let remindChoice = '';
  if (remind) {
    remindChoice = 'at';
    if (due) {
      const before = Math.round((due - remind) / 60000);
      if (['0', '10', '30', '60'].includes(String(before))) remindChoice = String(before);
    }
  }
  const reminder = select(REMINDERS, remindChoice);
  field(form, `f-remind-${k}`, 'Reminder', reminder);
  const remindAt = input('datetime-local', remind ? `${dateValue(remind)}T${timeValue(remind)}` : '');
  const atWrap = field(form, `f-remind-at-${k}`, 'Remind at', remindAt);
  atWrap.hidden = remindChoice !== 'at';
  const error = el('p', 'form-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const buttons = el('div', 'form-buttons');
  const save = el('button', null, 'Save');
  save.type = 'submit';
  const cancel = el('button', 'quiet', 'Cancel');
  cancel.type = 'button';
  buttons.append(save, cancel);
  form.append(error, buttons);

  // "Weekly on Monday" names the day the chosen due date falls on.
  const weeklyLabel = () => {
    const d = dueDate.value ? new Date(`${dueDate.value}T00:00`) : null;
    repeats.querySelector('option[value=weekly]').textContent = d
      ? `Weekly on ${d.toLocaleDateString(undefined, { weekday: 'long' })}` : 'Weekly on the due day';
    repeats.querySelector('option[value=monthly]').textContent = d
      ? `Monthly on the ${ordinal(d.getDate())}` : 'Monthly on the due day';
  };
  weeklyLabel();
  dueDate.addEventListener('change', weeklyLabel);
  repeats.addEventListener('change', () => { ruleWrap.hidden = repeats.value !== 'custom'; });
  reminder.addEventListener('change', () => { atWrap.hidden = reminder.value !== 'at'; });

  li.append(form);
  title.focus();
  title.select();

  const fail = (message, focus) => {
    error.textContent = message;
    error.hidden = false;
    if (focus) focus.focus();
  };
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    form.remove();
    delete li.dataset.editing;
    const current = state.todos.get(id);
    if (current) li.querySelector('.title').textContent = current.title;
    const edit = li.querySelector('.edit');
    if (edit && li.isConnected) edit.focus();
  };
  let saving = false;
  const submit = async () => {
    if (saving) return;
    error.hidden = true;
    const current = state.todos.get(id) || todo;
    const newTitle = title.value.trim();
    if (!newTitle) return fail('A todo needs a title.', title);
    let newDue = null;
    if (dueDate.value || dueTime.value) {
      const day = dueDate.value || dateValue(new Date());
      newDue = new Date(`${day}T${dueTime.value || '00:00'}`);
      if (Number.isNaN(newDue.getTime())) return fail('That due date is not a date.', dueDate);
    }
    let newRule = repeats.value === 'custom' ? rule.value.trim().replace(/^RRULE:/i, '') : ruleFor(repeats.value, newDue);
    if (repeats.value === 'custom' && !newRule) return fail('Write a rule, e.g. FREQ=WEEKLY;BYDAY=MO, or choose “Does not repeat”.', rule);
    newRule = newRule || null;
    if (newRule && !newDue) return fail('A repeating todo needs a due date.', dueDate);
    let newRemind = null;
    if (reminder.value === 'at') {
      newRemind = remindAt.value ? new Date(remindAt.value) : null;
      if (!newRemind || Number.isNaN(newRemind.getTime())) return fail('Choose when to be reminded.', remindAt);
    } else if (reminder.value !== '') {
      if (!newDue) return fail('A reminder before the due time needs a due date.', dueDate);
      newRemind = new Date(newDue.getTime() - Number(reminder.value) * 60000);
    }
    const newTags = [...new Set(tags.value.split(/[,\s]+/).map((t) => t.replace(/^#/, '')).filter(Boolean))];
    const ms = (iso) => (iso ? Date.parse(iso) : null);
    const patch = {};
    if (newTitle !== current.title) patch.title = newTitle;
    if ((newDue ? newDue.getTime() : null) !== ms(current.due)) patch.due = newDue ? newDue.toISOString() : null;
    if (prio.value !== (current.priority || 'none')) patch.priority = prio.value;
    if (newTags.join('\n') !== (current.tags || []).join('\n')) patch.tags = newTags;
    if (newRule !== (current.recurrence || null)) patch.recurrence = newRule;
    if (newRule && (patch.recurrence !== undefined || patch.due !== undefined) && current.time_zone !== browserZone()) {
      patch.time_zone = browserZone();
    }
    if ((newRemind ? newRemind.getTime() : null) !== ms(current.remind_at)) patch.remind_at = newRemind ? newRemind.toISOString() : null;
    if (!Object.keys(patch).length) { close(); return; }
    saving = true;
    save.disabled = true;
    try {
      const t = await api.updateTodo(id, patch);
      close();
      upsert(t);
      announce(`Saved “${t.title}”`);
    } catch (e) {
      fail(`Could not save: ${e.message}`);
    } finally {
      saving = false;
      save.disabled = false;
    }
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); submit(); });
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      close();
    } else if (ev.key === 'Enter' && !ev.isComposing && ['INPUT', 'SELECT'].includes(ev.target.tagName)) {
      ev.preventDefault();
      submit();
    }
  });
  cancel.addEventListener('click', close);
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
  if (todo.recurrence) {
    body.recurrence = todo.recurrence;
    if (todo.time_zone) body.time_zone = todo.time_zone;
  }
  if (todo.remind_at && !todo.reminded_at) body.remind_at = todo.remind_at;
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
