// time: due dates shown relative to now in the browser's own time zone:
// "today 17:00", "tomorrow 09:30", "Fri 17:00", "3 Dec", and "overdue".

const DAY = 24 * 60 * 60 * 1000;

export function startOfDay(d) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

function clock(d) {
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

// Whole calendar days from now's date to d's date (DST-safe: compares dates).
export function dayDiff(d, now) {
  const a = startOfDay(now);
  const b = startOfDay(d);
  return Math.round((b - a) / DAY);
}

// {text, overdue, iso} for a todo's due time, or null when it has none.
export function describeDue(iso, done, now = new Date()) {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const days = dayDiff(d, now);
  const hasTime = !(d.getHours() === 0 && d.getMinutes() === 0);
  const t = hasTime ? ` ${clock(d)}` : '';
  let text;
  if (days === 0) text = `today${t}`;
  else if (days === 1) text = `tomorrow${t}`;
  else if (days === -1) text = `yesterday${t}`;
  else if (days > 1 && days < 7) text = `${d.toLocaleDateString(undefined, { weekday: 'short' })}${t}`;
  else {
    const opts = { day: 'numeric', month: 'short' };
    if (d.getFullYear() !== now.getFullYear()) opts.year = 'numeric';
    text = `${d.toLocaleDateString(undefined, opts)}${t}`;
  }
  const overdue = !done && d.getTime() < now.getTime();
  return { text: overdue ? `overdue · ${text}` : `due ${text}`, overdue, iso: d.toISOString() };
}

const DAYS = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
const WEEKDAYS = 'MO,TU,WE,TH,FR';

function parseRule(rule) {
  const parts = {};
  for (const p of String(rule).replace(/^RRULE:/i, '').split(';')) {
    const [k, v] = p.split('=');
    if (k && v !== undefined) parts[k.toUpperCase()] = v.toUpperCase();
  }
  return parts;
}

// An RRULE in words for the common rules ("daily", "every weekday", "every
// Monday", "every other week", "monthly", "yearly"); any other rule as it is.
export function describeRecurrence(rule) {
  if (!rule) return '';
  const r = parseRule(rule);
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'WKST']);
  if (Object.keys(r).some((k) => !known.has(k))) return rule; // COUNT, UNTIL, BYSETPOS…
  const n = r.INTERVAL ? Number(r.INTERVAL) : 1;
  if (!Number.isInteger(n) || n < 1) return rule;
  const every = (one, many) => (n === 1 ? one : n === 2 ? `every other ${many}` : `every ${n} ${many}s`);
  const days = r.BYDAY ? r.BYDAY.split(',') : [];
  if (days.some((d) => !DAYS[d])) return rule; // e.g. -1FR
  switch (r.FREQ) {
    case 'DAILY':
      return r.BYDAY || r.BYMONTHDAY ? rule : every('daily', 'day');
    case 'WEEKLY': {
      if (r.BYMONTHDAY) return rule;
      if (!days.length) return every('weekly', 'week');
      if (n === 1 && [...days].sort().join(',') === WEEKDAYS.split(',').sort().join(',')) return 'every weekday';
      const names = days.map((d) => DAYS[d]);
      const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      return n === 1 ? `every ${list}` : n === 2 ? `every other ${list}` : `every ${n} weeks on ${list}`;
    }
    case 'MONTHLY':
      if (r.BYDAY) return rule;
      if (r.BYMONTHDAY && /^\d+$/.test(r.BYMONTHDAY)) return `${every('monthly', 'month')} on the ${ordinal(Number(r.BYMONTHDAY))}`;
      return r.BYMONTHDAY ? rule : every('monthly', 'month');
    case 'YEARLY':
      return r.BYDAY || r.BYMONTHDAY ? rule : every('yearly', 'year');
    default:
      return rule;
  }
}

export function ordinal(n) {
  const s = (n % 100 >= 11 && n % 100 <= 13) ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th');
  return `${n}${s}`;
}

// "8:30", "17:05": 24-hour, no leading zero on the hour.
function shortClock(d) {
  return `${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
}

// "reminds 8:30" (today, or the due day), "reminds tomorrow 8:30", "reminds
// Fri 8:30", "reminds 3 Dec 8:30"; "reminded 8:30" once it went out.
export function describeReminder(todo, now = new Date()) {
  if (!todo.remind_at) return null;
  const d = new Date(todo.remind_at);
  if (Number.isNaN(d.getTime())) return null;
  const days = dayDiff(d, now);
  const sameAsDue = todo.due && dayDiff(d, new Date(todo.due)) === 0;
  let when;
  if (days === 0 || sameAsDue) when = shortClock(d);
  else if (days === 1) when = `tomorrow ${shortClock(d)}`;
  else if (days > 1 && days < 7) when = `${d.toLocaleDateString(undefined, { weekday: 'short' })} ${shortClock(d)}`;
  else {
    const opts = { day: 'numeric', month: 'short' };
    if (d.getFullYear() !== now.getFullYear()) opts.year = 'numeric';
    when = `${d.toLocaleDateString(undefined, opts)} ${shortClock(d)}`;
  }
  const sent = !!todo.reminded_at;
  return { text: `${sent ? 'reminded' : 'reminds'} ${when}`, sent, iso: d.toISOString() };
}
