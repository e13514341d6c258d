// conn: whether the page is in touch with the API, and the one place that
// says so. Two things report here: API calls (a call that got no answer, or
// 502/503/504, means the API is down; any other answer means it is up) and
// the event stream (open or not). While either is down, the status line
// (role="status") reads "Reconnecting…" and the retry function (the list
// load) runs with backoff, 1 s doubling to 10 s, until a call is answered;
// then the status line empties and the "up" listeners run (the stream
// reconnects at once, the list reloads). The "Live" marker shows whether
// the stream is open.

export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 10000;

export function nextDelay(ms) {
  return Math.min(ms * 2, MAX_DELAY_MS);
}

const state = { apiDown: false, stream: 'connecting' }; // stream: connecting | open | down
const upListeners = new Set();
let retry = () => {};
let delay = FIRST_DELAY_MS;
let timer = null;

function render() {
  const down = state.apiDown || state.stream === 'down';
  const status = document.getElementById('conn');
  const text = down ? 'Reconnecting… The server is not answering; this page will catch up by itself.' : '';
  if (status.textContent !== text) status.textContent = text;
  const marker = document.getElementById('live');
  marker.textContent = { connecting: 'Connecting…', open: 'Live', down: 'Offline' }[state.stream];
  marker.className = { connecting: 'live', open: 'live on', down: 'live off' }[state.stream];
}

function scheduleRetry() {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    retry();
  }, delay);
  delay = nextDelay(delay);
}

// fn() probes the API (it makes a call, which reports back here).
export function setRetry(fn) {
  retry = fn;
}

// fn() runs each time the API answers again after being down.
export function onUp(fn) {
  upListeners.add(fn);
}

// A call got no answer, or an answer that says the service is unavailable.
export function apiDown() {
  if (!state.apiDown) {
    state.apiDown = true;
    delay = FIRST_DELAY_MS;
    render();
  }
  scheduleRetry();
}

// A call got an answer from the service (success or a request error).
export function apiUp() {
  if (!state.apiDown) return;
  state.apiDown = false;
  clearTimeout(timer);
  timer = null;
  render();
  for (const fn of upListeners) fn();
}

export function streamOpen(open) {
  state.stream = open ? 'open' : 'down';
  render();
}
