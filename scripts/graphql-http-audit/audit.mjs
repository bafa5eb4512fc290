// Runs the GraphQL-over-HTTP conformance audit of graphql-http (its serverAudits) against a
// live endpoint and prints every check that did not pass.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
//
// Exit status: 0 when every MUST check passed and every SHOULD or MAY check that did not pass
// is one of `explained` below (each is explained in docs/partners.md); 1 otherwise,
// so that a new failure or an unexplained warning fails scripts/test; 2 on a usage error or
// an audit that could not run.
import { serverAudits } from 'graphql-http';

// The checks the service does not pass on purpose, by audit id, with the reason in a line.
// docs/partners.md#graphql-over-http says more about each.
const explained = {};

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

const results = [];
for (const { id, name, fn } of serverAudits({ url })) {
  try {
    results.push(await fn());
  } catch (err) {
    console.error(`audit ${id} (${name}) could not run: ${err}`);
    process.exit(2);
  }
}

let failed = 0;
let unexplained = 0;
const count = { ok: 0, warn: 0, notice: 0, error: 0 };
for (const r of results) {
  count[r.status]++;
  if (r.status === 'ok') continue;
  let why = '';
  if (r.status === 'error') {
    failed++;
  } else if (explained[r.id]) {
    why = `\n    explained: ${explained[r.id]}`;
  } else {
    unexplained++;
    why = '\n    NOT EXPLAINED: fix it, or explain it in docs/partners.md and audit.mjs';
  }
  let body = '';
  try {
    body = (await r.response.text()).slice(0, 300);
  } catch {}
  console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}\n    ${r.reason}\n    status ${r.response.status}, body ${body}${why}`);
}
for (const id of Object.keys(explained)) {
  const r = results.find((r) => r.id === id);
  if (!r) {
    console.log(`explained audit ${id} is not in this graphql-http version: remove it from audit.mjs`);
    unexplained++;
  } else if (r.status === 'ok') {
    console.log(`explained audit ${id} passes now: remove it from audit.mjs and docs/partners.md`);
    unexplained++;
  }
}
console.log(
  `graphql-http audit of ${url}: ${results.length} checks, ${count.ok} passed, ` +
    `${count.warn} warnings (SHOULD), ${count.notice} notices (MAY), ${count.error} failed (MUST); ` +
    `${unexplained} unexplained`,
);
process.exit(failed > 0 || unexplained > 0 ? 1 : 0);
