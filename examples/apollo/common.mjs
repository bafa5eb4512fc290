// What both examples share: a fetch that leaves out the one header Apollo Client adds that
// would make a browser send a CORS preflight before every GET (Content-Type, on a request
// with no body), and records each request so that the examples can show what they sent.
import { createHash } from 'node:crypto';

// The request headers a browser sends cross-origin without a preflight (Fetch standard,
// "CORS-safelisted request-header"), lower case.
const safelisted = new Set(['accept', 'accept-language', 'content-language']);

export const sent = [];

// dashboardFetch is the `fetch` to give Apollo's HttpLink.
export function dashboardFetch(uri, options = {}) {
  const headers = new Headers(options.headers);
  if ((options.method ?? 'GET') === 'GET') headers.delete('content-type');
  sent.push({ method: options.method ?? 'GET', url: String(uri), headers: [...headers.keys()] });
  return fetch(uri, { ...options, headers });
}

// sha256 is the hash automatic persisted queries send (hex SHA-256 of the printed query).
export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// needsPreflight names the headers of a request that would make a browser preflight it.
export function needsPreflight(req) {
  if (req.method !== 'GET' && req.method !== 'POST') return [req.method];
  return req.headers.filter((h) => !safelisted.has(h));
}

export const matrix = `query Matrix { actionLines(topLevel: true) { code linkages { level goal { number } target { code } } } }`;
export const badInput = `query BadLanguage { goal(number: 1) { title(lang: "xx") } }`;
export const price = `query Price { rateLimit(dryRun: true) { cost remaining limit resetAt } actionLines { code linkages { target { code } } } }`;

export function check(cond, what) {
  if (!cond) {
    console.error(`FAIL: ${what}`);
    process.exitCode = 1;
  } else {
    console.log(`ok: ${what}`);
  }
}
