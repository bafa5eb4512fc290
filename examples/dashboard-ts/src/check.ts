// Runs the dashboard once against a live API started with this module's manifest
// (-trusted-documents src/gql/persisted-documents.json) and fails unless the answers are
// complete and of the generated types, and a query outside the manifest is refused.
//
//   WSISGRAPH_URL=http://127.0.0.1:8080/graphql [WSISGRAPH_FREE_FORM_KEY=key] node dist/check.js
import { answer, GraphQLRequestError } from './client.js';
import { listProjects, loadMatrix, loadProjectPage } from './dashboard.js';
import { MatrixQuery } from './queries.js';
import type { DashboardMatrixQuery } from './gql/graphql.js';

const endpoint = process.env['WSISGRAPH_URL'] ?? 'http://127.0.0.1:8080/graphql';
const client = { endpoint };
let failures = 0;

function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const isInt = (v: unknown): v is number => Number.isInteger(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

// The matrix: 19 action lines (C1–C11 and the eight C7 sub-lines) by 17 goals.
const matrix = await loadMatrix(client);
check(matrix.actionLines.length === 19 && matrix.actionLines.every((l) => isText(l.code) && isText(l.shortTitle)), `matrix rows: ${matrix.actionLines.length} action lines with codes and titles`);
check(matrix.goals.length === 17 && matrix.goals.every((g, i) => g.number === i + 1 && isText(g.shortTitle)), `matrix columns: goals 1–${matrix.goals.length}`);
check(matrix.cells.length === 19 * 17, `matrix cells: ${matrix.cells.length}`);
check(
  matrix.cells.every((c) => typeof c.goalLevel === 'boolean' && isInt(c.targets) && isInt(c.projects) && isInt(c.prizes)),
  'every cell has a boolean and three integer counts',
);
check(isInt(matrix.totals.linkageCount) && matrix.totals.linkageCount > 0, `linkages: ${matrix.totals.linkageCount}`);
const linked = matrix.cells.reduce((n, c) => n + c.targets, 0);
check(linked > 0, `targets linked over all cells: ${linked}`);

// The same document by APQ's extension, the other id a server takes.
const hash = String(MatrixQuery.__meta__?.['hash']).replace(/^sha256:/, '');
const byAPQ = new URL(endpoint);
byAPQ.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
const apq = await answer<DashboardMatrixQuery>(await fetch(byAPQ));
check(apq.matrix.totals.linkageCount === matrix.totals.linkageCount, 'the matrix by extensions.persistedQuery.sha256Hash is the same');

// A project page, for the first project in the list.
const { total, projects } = await listProjects(client, 5);
check(total > 0 && projects.length === Math.min(5, total) && projects.every((p) => isText(p.key) && isText(p.title)), `projects: ${total}, the first ${projects.length} with keys and titles`);
const key = projects[0]?.key ?? '';
const page = await loadProjectPage(client, key);
check(page !== null && page.key === key && isText(page.title), `project page ${key}: ${page?.title}`);
check(
  page !== null && page.sources.length > 0 && page.sources.every((s) => isText(s.document) && isInt(s.year)),
  `its sources: ${page?.sources.length}, each with a document and a year`,
);
check(page !== null && page.actionLines.every((l) => isText(l.code)) && page.prizes.every((p) => isInt(p.year)), 'its action lines and prizes are typed');
check((await loadProjectPage(client, 'no-such-project')) === null, 'an unknown project is null');

// A query outside the manifest.
async function freeForm(apiKey?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json' };
  if (apiKey) headers['X-Api-Key'] = apiKey;
  return fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query: '{ goals { number } }' }) });
}
try {
  await answer(await freeForm());
  check(false, 'a free-form query is refused');
} catch (e) {
  const ok = e instanceof GraphQLRequestError && e.status === 400 && e.code === 'PERSISTED_QUERY_REQUIRED';
  check(ok, `a free-form query is refused: ${e instanceof GraphQLRequestError ? `${e.status} ${e.code}` : e}`);
}
const key0 = process.env['WSISGRAPH_FREE_FORM_KEY'];
if (key0) {
  const data = await answer<{ goals: { number: number }[] }>(await freeForm(key0));
  check(data.goals.length === 17, 'a free-form query with a free-form key runs');
}

if (failures > 0) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
