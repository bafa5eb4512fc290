import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';
import { h, fill } from './dom.js';
import { gql } from './api.js';
import { queryPanel } from './querypanel.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.color = '#1a1a1a';

export function prizesQuery(region) {
  return `query ExplorerPrizes($after: String) {
  prizes(first: 100, after: $after, orderBy: {field: YEAR, direction: ASC}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      key
      year
      kind
      category { number title actionLine { code shortTitle } }
      project { key title }
      organizations { name }
      country { code name${region ? ' ' + region : ''} }
      sources { document year url }
    }
  }
}`;
}

export const PROJECTS_QUERY = `query ExplorerProjects($actionLine: String, $goal: Int, $lang: String) {
  list: projects(first: 100, filter: {actionLine: $actionLine, goal: $goal}) {
    totalCount
    nodes { key title year country { code name } actionLines { code } targets { code } organizations { name } }
  }
  all: projects(first: 1) {
    totalCount
    facets {
      byActionLine { value label count }
      byGoal { value label(lang: $lang) count }
    }
  }
}`;

const KIND_COLOURS = { WINNER: '#00589b', CHAMPION: '#b35900' };
const BAR = '#00589b';

// regionOf reads a country's region from the field the schema offers (see the schema probe).
function regionOf(country, probe) {
  if (!country || !probe) return null;
  const r = country[probe.field];
  if (r === null || r === undefined) return null;
  return typeof r === 'object' ? (r.name || r.code || null) : String(r);
}

function countBy(items, key) {
  const m = new Map();
  for (const it of items) {
    const k = key(it);
    if (k === null || k === undefined) continue;
    m.set(k, (m.get(k) || 0) + 1);
  }
  return m;
}

export function chartsView(app) {
  const s = app.state;
  const root = h('section', { class: 'view', 'aria-labelledby': 'charts-h' });
  const prizePanel = queryPanel('prizes');
  const projectPanel = queryPanel('projects');
  const status = h('p', { class: 'status', role: 'status' });
  // The lists scroll: they take the keyboard focus so that the keys scroll them.
  const prizeList = h('div', { class: 'list', id: 'prize-list', 'aria-live': 'polite', tabindex: '0', role: 'region', 'aria-label': 'Prizes listed' });
  const projectList = h('div', { class: 'list', id: 'project-list', 'aria-live': 'polite', tabindex: '0', role: 'region', 'aria-label': 'Projects listed' });
  const charts = [];

  // chart draws a bar chart in a figure with a table of the same numbers for screen readers.
  // onPick(label) runs when a bar is clicked or its row's button is pressed.
  function chart(id, title, labels, datasets, onPick, selected) {
    const canvas = h('canvas', { id, role: 'img', 'aria-label': title + ': a bar chart; the table below holds its numbers' });
    const table = h('table', { class: 'chart-table' },
      h('caption', {}, title),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'value'), datasets.map((d) => h('th', { scope: 'col' }, d.label)))),
      h('tbody', {}, labels.map((l, i) => h('tr', {},
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', 'aria-pressed': selected === String(l) ? 'true' : 'false', 'data-chart': id, 'data-value': l, onclick: () => onPick(String(l)) }, String(l))),
        datasets.map((d) => h('td', {}, String(d.data[i])))))));
    const fig = h('figure', { class: 'chart' }, h('figcaption', {}, title), h('div', { class: 'canvas-box' }, canvas), h('details', {}, h('summary', {}, 'Table'), table));
    const c = new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: datasets.map((d) => Object.assign({ borderWidth: 0 }, d)) },
      options: {
        responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: datasets.length > 1, ticks: { autoSkip: false, maxRotation: 60 } }, y: { stacked: datasets.length > 1, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: datasets.length > 1 } },
        // The page is drawn again after the pick: not inside Chart.js's own event handling.
        onClick: (e, els) => { if (els.length) setTimeout(() => onPick(String(labels[els[0].index]))); },
      },
    });
    charts.push(c);
    window.__explorerCharts = Object.assign(window.__explorerCharts || {}, { [id]: c });
    return fig;
  }

  root.append(
    h('h2', { id: 'charts-h' }, 'WSIS Prizes and projects'),
    h('p', { class: 'lead' }, 'Prizes by year and kind, by region and by action line; projects by action line and goal. Choose a bar (or its row in the table) to list what it counts; choose it again to clear.'),
    status);
  const prizeBox = h('div', { class: 'charts' });
  const projectBox = h('div', { class: 'charts' });
  root.append(h('h3', {}, 'Prizes'), prizePanel.el, prizeBox, prizeList, h('h3', {}, 'Projects'), projectPanel.el, projectBox, projectList);

  const toggle = (key, v) => app.set({ [key]: s[key] === v ? '' : v }, true);

  async function loadPrizes() {
    const probe = app.schema.countryRegion;
    const q = prizesQuery(probe ? probe.selection : '');
    prizePanel.update(q, {});
    let all = [];
    let after = null;
    let total = 0;
    for (let page = 0; page < 50; page++) {
      const d = await gql(q, { after }, app.lang);
      all = all.concat(d.prizes.nodes);
      total = d.prizes.totalCount;
      if (!d.prizes.pageInfo.hasNextPage) break;
      after = d.prizes.pageInfo.endCursor;
    }
    const years = [...new Set(all.map((p) => p.year))].sort((a, b) => a - b);
    const kinds = ['WINNER', 'CHAMPION'];
    const byYear = kinds.map((k) => ({ label: k.toLowerCase(), backgroundColor: KIND_COLOURS[k], data: years.map((y) => all.filter((p) => p.year === y && p.kind === k).length) }));
    const lineOf = (p) => (p.category && p.category.actionLine ? p.category.actionLine.code : null);
    const lines = countBy(all, lineOf);
    const lineLabels = [...lines.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const figs = [chart('chart-prize-year', 'Prizes by year and kind', years, byYear, (v) => toggle('pyear', v), s.pyear)];
    if (probe) {
      const regions = countBy(all, (p) => regionOf(p.country, probe));
      const rl = [...regions.keys()].sort();
      figs.push(chart('chart-prize-region', 'Prizes by region', rl, [{ label: 'prizes', backgroundColor: BAR, data: rl.map((r) => regions.get(r)) }], (v) => toggle('pregion', v), s.pregion));
    } else {
      figs.push(h('p', { class: 'note' }, 'Prizes by region appear when the API gives countries their region.'));
    }
    figs.push(chart('chart-prize-line', 'Prizes by action line', lineLabels, [{ label: 'prizes', backgroundColor: BAR, data: lineLabels.map((l) => lines.get(l)) }], (v) => toggle('pline', v), s.pline));
    fill(prizeBox, figs);

    const kind = s.pkind ? s.pkind.toUpperCase() : null;
    const shown = all.filter((p) => (!s.pyear || String(p.year) === s.pyear) && (!kind || p.kind === kind) &&
      (!s.pline || lineOf(p) === s.pline) && (!s.pregion || regionOf(p.country, probe) === s.pregion));
    const filters = [s.pyear && 'year ' + s.pyear, s.pline && 'action line ' + s.pline, s.pregion && 'region ' + s.pregion].filter(Boolean);
    fill(prizeList,
      h('h4', {}, `${shown.length} of ${total} prizes` + (filters.length ? ' — ' + filters.join(', ') : ''),
        filters.length ? [' ', h('button', { type: 'button', class: 'small', onclick: () => app.set({ pyear: '', pline: '', pregion: '', pkind: '' }, true) }, 'clear')] : null),
      h('table', { class: 'list-table', 'data-list': 'prizes' },
        h('thead', {}, h('tr', {}, ['Year', 'Kind', 'Action line', 'Project', 'Organisation', 'Country'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, shown.map((p) => h('tr', { 'data-year': p.year, 'data-line': lineOf(p) || '' },
          h('td', {}, String(p.year)), h('td', {}, p.kind.toLowerCase()), h('td', {}, lineOf(p) || '—'),
          h('td', {}, p.project ? p.project.title : '—'), h('td', {}, p.organizations.length ? p.organizations.map((o) => o.name).join('; ') : '—'),
          h('td', {}, p.country ? p.country.name : '—'))))));
  }

  async function loadProjects() {
    const vars = { actionLine: s.jline, goal: s.jgoal ? Number(s.jgoal) : null, lang: app.lang };
    projectPanel.update(PROJECTS_QUERY, vars);
    const d = await gql(PROJECTS_QUERY, vars, app.lang);
    const f = d.all.facets;
    const al = [...f.byActionLine].sort((a, b) => a.value.localeCompare(b.value, 'en', { numeric: true }));
    const goals = [...f.byGoal].sort((a, b) => Number(a.value) - Number(b.value));
    const figs = [chart('chart-project-line', 'Projects by action line', al.map((x) => x.value), [{ label: 'projects', backgroundColor: BAR, data: al.map((x) => x.count) }], (v) => toggle('jline', v), s.jline)];
    if (goals.length) {
      figs.push(chart('chart-project-goal', 'Projects by goal', goals.map((x) => x.value), [{ label: 'projects', backgroundColor: '#b3261e', data: goals.map((x) => x.count) }], (v) => toggle('jgoal', v), s.jgoal));
    } else {
      figs.push(h('p', { class: 'note' }, 'No project in the dataset names the SDG targets it serves.'));
    }
    fill(projectBox, figs);
    const filters = [s.jline && 'action line ' + s.jline, s.jgoal && 'SDG ' + s.jgoal].filter(Boolean);
    fill(projectList,
      h('h4', {}, `${d.list.totalCount} of ${d.all.totalCount} projects` + (filters.length ? ' — ' + filters.join(', ') : '') + (d.list.totalCount > d.list.nodes.length ? ` (the first ${d.list.nodes.length} listed)` : ''),
        filters.length ? [' ', h('button', { type: 'button', class: 'small', onclick: () => app.set({ jline: '', jgoal: '' }, true) }, 'clear')] : null),
      h('table', { class: 'list-table', 'data-list': 'projects' },
        h('thead', {}, h('tr', {}, ['Title', 'Year', 'Country', 'Action lines', 'Targets'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, d.list.nodes.map((p) => h('tr', { 'data-key': p.key },
          h('td', {}, p.title), h('td', {}, p.year ? String(p.year) : '—'), h('td', {}, p.country ? p.country.name : '—'),
          h('td', {}, p.actionLines.map((a) => a.code).join(', ')), h('td', {}, p.targets.map((x) => x.code).join(', ') || '—'))))));
  }

  Promise.all([app.schemaReady.then(loadPrizes), loadProjects()]).then(() => {
    root.dataset.ready = 'true';
  }).catch((e) => fill(status, 'The charts could not be read: ' + e.message));
  root.destroy = () => charts.forEach((c) => c.destroy());
  return root;
}
