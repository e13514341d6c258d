// ui: small shared page helpers: error line, screen-reader announcements and
// the undo toast.

let toastTimer = null;
let undoAction = null;
let undoReturn = null;

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

// Offers undo for 10 s. Focus moves to the Undo button (one keypress away for
// keyboard users) and goes back to `back` (or the message box) afterwards.
export function showUndo(text, action, back) {
  const toast = document.getElementById('toast');
  const undo = document.getElementById('undo');
  undoAction = action;
  undoReturn = back;
  document.getElementById('toast-text').textContent = text;
  undo.hidden = false;
  toast.hidden = false;
  undo.focus();
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => hideUndo(), 10000);
}

function hideUndo() {
  const undo = document.getElementById('undo');
  const hadFocus = document.activeElement === undo;
  document.getElementById('toast').hidden = true;
  undoAction = null;
  if (hadFocus) {
    const back = undoReturn && undoReturn.isConnected ? undoReturn : document.getElementById('message');
    back.focus();
  }
  undoReturn = null;
}

export function initToast() {
  const undo = document.getElementById('undo');
  undo.addEventListener('click', () => {
    const action = undoAction;
    clearTimeout(toastTimer);
    hideUndo();
    if (action) action();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && undoAction) {
      clearTimeout(toastTimer);
      hideUndo();
    }
  });
}
