// time: due dates shown relative to now in the browser's own time zone:
// "today 17:00", "tomorrow 09:30", "Fri 17:00", "3 Dec", and "overdue".

const DAY = 24 * 60 * 60 * 1000;

function startOfDay(d) {
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
