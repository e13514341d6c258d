// ui: small shared page helpers: error line, screen-reader announcements and
// the undo toast.

let toastTimer = null;
let undoAction = null;

export function showError(message) {
  const e = document.getElementById('error');
  e.textContent = message;
  e.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { e.hidden = true; }, 8000);
}

export function clearError() {
  document.getElementById('error').hidden = true;
}

export function announce(text) {
  const live = document.getElementById('toast-text');
  const toast = document.getElementById('toast');
  if (!toast.hidden && undoAction) return; // keep an offered undo visible
  live.textContent = text;
  document.getElementById('undo').hidden = true;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 3000);
}

export function showUndo(text, action) {
  const toast = document.getElementById('toast');
  const undo = document.getElementById('undo');
  undoAction = action;
  document.getElementById('toast-text').textContent = text;
  undo.hidden = false;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; undoAction = null; }, 10000);
}

export function initToast() {
  const undo = document.getElementById('undo');
  undo.addEventListener('click', () => {
    const action = undoAction;
    undoAction = null;
    document.getElementById('toast').hidden = true;
    clearTimeout(toastTimer);
    if (action) action();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && undoAction) {
      undoAction = null;
      document.getElementById('toast').hidden = true;
    }
  });
}
