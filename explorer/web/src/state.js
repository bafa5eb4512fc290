// The explorer's state lives in the page's URL (its query string), so that reloading or
// sending a link restores the same picture. Keys with empty values are left out.

const KEYS = ['view', 'lang', 'measure', 'year', 'country', 'stakeholderType', 'region', 'group',
  'cell', 'node', 'to', 'depth', 'types', 'pyear', 'pkind', 'pregion', 'pline', 'jline', 'jgoal'];

export function read() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of KEYS) {
    const v = p.get(k);
    if (v !== null && v !== '') s[k] = v;
  }
  return s;
}

// write replaces the URL's state with s (push: a new history entry).
export function write(s, push) {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    if (s[k] !== undefined && s[k] !== null && s[k] !== '') p.set(k, String(s[k]));
  }
  const q = p.toString();
  const url = location.pathname + (q ? '?' + q : '');
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
