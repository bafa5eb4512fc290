// Runs the dashboard once against an API and prints what it would show.
//
//   WSISGRAPH_URL=http://127.0.0.1:8080/graphql node dist/main.js
import { loadMatrix, listProjects, loadProjectPage } from './dashboard.js';

const client = { endpoint: process.env['WSISGRAPH_URL'] ?? 'http://127.0.0.1:8080/graphql' };

const matrix = await loadMatrix(client);
const busiest = [...matrix.cells].sort((a, b) => b.targets - a.targets)[0];
console.log(
  `matrix: ${matrix.actionLines.length} action lines × ${matrix.goals.length} goals, ` +
    `${matrix.totals.linkageCount} linkages, ${matrix.totals.projectCount} projects in cells ` +
    `(${matrix.projectsStatingNoTarget} state no target)`,
);
if (busiest) console.log(`most targets linked: ${busiest.actionLine} × SDG ${busiest.goal}: ${busiest.targets}`);

const { total, projects } = await listProjects(client, 5);
console.log(`projects: ${total}; first: ${projects.map((p) => p.title).join('; ')}`);
const first = projects[0];
if (first) {
  const page = await loadProjectPage(client, first.key);
  if (page) {
    console.log(`${page.title} (${page.country?.name ?? 'no country stated'}, ${page.year ?? 'year not stated'})`);
    console.log(`  action lines: ${page.actionLines.map((l) => l.code).join(', ')}`);
    console.log(`  SDGs stated: ${page.statedGoals.map((g) => g.number).join(', ') || 'none'}`);
    console.log(`  sources: ${page.sources.map((s) => `${s.document} (${s.year})`).join('; ')}`);
  }
}
