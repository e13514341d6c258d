// remind: reminders that fall due. The server sends SSE `event: reminder`
// ({"todo": {...}}) once per remind_at; every open tab shows it in the page
// (the "Reminders" status region, until dismissed) and, once the user has
// allowed it, as a browser Notification. Permission is asked for only when
// the user presses "Enable reminders", never on load.
import { upsert } from './store.js';
import { describeDue } from './time.js';
import { announce } from './ui.js';

const MAX_SHOWN = 5;

function supported() {
  return typeof window.Notification === 'function';
}

function renderButton() {
  const b = document.getElementById('enable-reminders');
  b.hidden = !supported() || Notification.permission !== 'default';
}

async function enable() {
  if (!supported()) return;
  let result = Notification.permission;
  try {
    result = await Notification.requestPermission();
  } catch (e) { /* an old callback-only API: leave it as it is */ }
  renderButton();
  if (result === 'granted') announce('Reminders will notify you, and show here.');
  else announce('Notifications are off; reminders still show on this page.');
}

function notify(todo, text) {
  if (!supported() || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(`Reminder: ${todo.title}`, { body: text || '', tag: `reminder-${todo.id}` });
    n.onclick = () => {
      window.focus();
      const box = document.querySelector(`li.todo[data-id="${CSS.escape(todo.id)}"] input[type=checkbox]`);
      if (box) box.focus();
      n.close();
    };
  } catch (e) { /* e.g. a platform that only notifies from a service worker */ }
}

export function showReminder(todo) {
  if (!todo || !todo.id) return;
  upsert(todo);
  const due = describeDue(todo.due, todo.done);
  const region = document.getElementById('reminders');
  for (const old of region.querySelectorAll('.reminder')) if (old.dataset.id === todo.id) old.remove();
  const item = document.createElement('div');
  item.className = 'reminder';
  item.dataset.id = todo.id;
  const text = document.createElement('span');
  text.textContent = `Reminder: ${todo.title}${due ? ` (${due.text})` : ''}`;
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'quiet';
  dismiss.textContent = 'Dismiss';
  dismiss.setAttribute('aria-label', `Dismiss reminder: ${todo.title}`);
  dismiss.addEventListener('click', () => {
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    const to = next ? next.querySelector('button') : document.getElementById('message');
    if (to) to.focus();
  });
  item.append(text, dismiss);
  region.prepend(item);
  while (region.childElementCount > MAX_SHOWN) region.lastElementChild.remove();
  notify(todo, due ? due.text : '');
}

export function initReminders() {
  document.getElementById('enable-reminders').addEventListener('click', enable);
  renderButton();
}
