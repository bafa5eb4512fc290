import { h, fill } from './dom.js';
import { gql } from './api.js';
import { queryPanel } from './querypanel.js';
import { t } from './i18n.js';

// matrixQuery is the heat map's query, with the optional filters the API has (see main.js).
export function matrixQuery(extra) {
  const decl = extra.map((x) => `, $${x.name}: ${x.type}`).join('');
  const args = extra.map((x) => `, ${x.name}: $${x.name}`).join('');
  return `query ExplorerMatrix($year: Int, $country: String, $stakeholderType: StakeholderType${decl}, $lang: String) {
  matrix(year: $year, country: $country, stakeholderType: $stakeholderType${args}) {
    rows {
      actionLine { code shortTitle parent { code } }
      cells { goal { number } goalLevel targetCount projectCount prizeCount linkages { id } }
      totals { linkageCount targetCount projectCount prizeCount }
    }
    columns {
      goal { number shortTitle(lang: $lang) }
      totals { linkageCount targetCount projectCount prizeCount }
    }
    totals { linkageCount targetCount projectCount prizeCount }
  }
}`;
}

// cellQuery is a cell's detail; the optional filters go to the lists whose filters have them.
export function cellQuery(extra) {
  const decl = extra.filter((x) => x.projects || x.prizes).map((x) => `, $${x.name}: ${x.type}`).join('');
  const pa = extra.filter((x) => x.projects).map((x) => `, ${x.name}: $${x.name}`).join('');
  const za = extra.filter((x) => x.prizes).map((x) => `, ${x.name}: $${x.name}`).join('');
  return `query ExplorerMatrixCell($linkages: [ID!]!, $actionLine: String!, $goal: Int!, $year: Int, $country: String, $stakeholderType: StakeholderType${decl}, $lang: String) {
  linkages: nodes(ids: $linkages) {
    ... on Linkage {
      key
      level
      target { code title(lang: $lang) }
      rationale
      note
      sources { document year url }
    }
  }
  actionLine(code: $actionLine) { code title shortTitle }
  goal(number: $goal) { number shortTitle(lang: $lang) title(lang: $lang) }
  projects(first: 100, filter: {actionLine: $actionLine, goal: $goal, year: $year, country: $country, stakeholderType: $stakeholderType${pa}}) {
    totalCount
    nodes { key title year country { code name } organizations { name } sources { document year url } }
  }
  prizes(first: 100, filter: {actionLine: $actionLine, year: $year, country: $country${za}}) {
    totalCount
    nodes {
      key year kind
      category { title }
      project { title targets { goal { number } } organizations { stakeholderType } }
      organizations { name }
      country { name }
      sources { document year url }
    }
  }
}`;
}

// The measures a cell can be coloured by: the cell's field and the totals' field.
export const MEASURES = [
  { key: 'linkages', label: 'linkages', cell: (c) => c.linkages.length, total: 'linkageCount' },
  { key: 'targets', label: 'targets', cell: (c) => c.targetCount, total: 'targetCount' },
  { key: 'projects', label: 'projects', cell: (c) => c.projectCount, total: 'projectCount' },
  { key: 'prizes', label: 'prizes', cell: (c) => c.prizeCount, total: 'prizeCount' },
];

// A sequential scale (ColorBrewer Blues). Text on the first five steps is near-black, on the
// last three white: every pair passes WCAG AA (4.5:1) for normal text.
export const PALETTE = ['#ffffff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#2171b5', '#08519c', '#08306b'];
const DARK_FROM = 5;

// step places value on the scale of 0…max: 0 alone on the first step, the rest spread evenly.
export function step(value, max) {
  if (!value || !max) return 0;
  return Math.min(PALETTE.length - 1, 1 + Math.floor(((value - 1) / Math.max(1, max)) * (PALETTE.length - 1)));
}

function stepRange(i, max) {
  if (i === 0) return '0';
  const n = PALETTE.length - 1;
  const lo = Math.ceil(((i - 1) * Math.max(1, max)) / n) + 1;
  const hi = Math.min(max, Math.ceil((i * Math.max(1, max)) / n));
  if (lo > hi) return null;
  return lo === hi ? String(lo) : lo + '–' + hi;
}

const STAKEHOLDER_TYPES = ['GOVERNMENT', 'PRIVATE_SECTOR', 'CIVIL_SOCIETY', 'ACADEMIA', 'TECHNICAL_COMMUNITY', 'INTERNATIONAL_ORGANIZATION'];

export function matrixView(app) {
  const root = h('section', { class: 'view', 'aria-labelledby': 'matrix-h' });
  const panel = queryPanel('matrix');
  const cellPanel = queryPanel('matrix-cell');
  const table = h('div', { class: 'heatmap-wrap' });
  const legend = h('div', { class: 'legend', 'aria-label': 'Legend' });
  const detail = h('aside', { class: 'detail', id: 'cell-detail', 'aria-live': 'polite', tabindex: '-1' });
  const status = h('p', { class: 'status', role: 'status' });
  let data = null;

  const s = app.state;
  const measure = h('select', { id: 'measure' },
    MEASURES.map((m) => h('option', { value: m.key, selected: (s.measure || 'linkages') === m.key }, m.label)));
  const year = h('input', { id: 'f-year', type: 'number', min: '1990', max: '2100', inputmode: 'numeric', value: s.year || '' });
  const country = h('input', { id: 'f-country', type: 'text', maxlength: '2', size: '3', placeholder: 'KZ', value: s.country || '', autocomplete: 'off' });
  const stype = h('select', { id: 'f-stype' }, h('option', { value: '' }, 'any'),
    STAKEHOLDER_TYPES.map((v) => h('option', { value: v, selected: s.stakeholderType === v }, v.toLowerCase().replace(/_/g, ' '))));
  const apply = () => {
    app.set({
      measure: measure.value === 'linkages' ? '' : measure.value,
      year: year.value, country: country.value.toUpperCase(), stakeholderType: stype.value,
      ...Object.fromEntries(Object.entries(extraControls).map(([k, el]) => [k, el.value])),
    }, true);
  };
  measure.addEventListener('change', apply);
  stype.addEventListener('change', apply);
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); apply(); } },
    h('label', { for: 'measure' }, 'Colour by '), measure,
    h('label', { for: 'f-year' }, 'Year '), year,
    h('label', { for: 'f-country' }, 'Country (ISO code) '), country,
    h('label', { for: 'f-stype' }, 'Stakeholder type '), stype,
    h('button', { type: 'submit' }, 'Apply'));
  const extraBox = h('span', { class: 'filters-extra' });
  form.insertBefore(extraBox, form.lastChild);
  const extraControls = {};
  let extra = [];

  root.append(
    h('h2', { id: 'matrix-h' }, 'The WSIS–SDG Matrix'),
    h('p', { class: 'lead' }, 'Action lines (rows, the C7 sub-lines under C7) × the 17 goals. A cell tells how many linkages, linked targets, projects or prizes meet there; choose one to read its targets, rationales, sources, projects and prizes. Year, country and stakeholder type narrow the project and prize counts, never the linkages.'),
    form, panel.el, status,
    h('div', { class: 'matrix-layout' }, h('div', {}, table, legend), detail));

  // The region and group filters appear once the schema tells the API has them.
  const drawExtra = () => {
    extra = app.schema.matrixFilters || [];
    fill(extraBox, extra.map((x) => {
      const el = h('select', { id: 'f-' + x.name }, h('option', { value: '' }, 'any'),
        x.options.map((o) => h('option', { value: o.value, selected: s[x.name] === o.value }, o.level === 'SUB_REGION' ? '· ' + o.label : o.level === 'INTERMEDIATE_REGION' ? '·· ' + o.label : o.label)));
      el.addEventListener('change', apply);
      extraControls[x.name] = el;
      return [h('label', { for: 'f-' + x.name }, x.name === 'region' ? 'Region ' : 'Country group '), el, ' '];
    }));
  };

  async function load() {
    // A URL with a region or group waits for the schema; any other draws at once.
    if (s.region || s.group) await app.schemaReady;
    if (app.schema.matrixFilters) drawExtra();
    else app.schemaReady.then(drawExtra);
    const used = (app.schema.matrixFilters || []);
    const q = matrixQuery(used);
    const vars = { year: s.year ? Number(s.year) : null, country: s.country, stakeholderType: s.stakeholderType, ...Object.fromEntries(used.map((x) => [x.name, s[x.name]])), lang: app.lang };
    panel.update(q, vars);
    fill(status, 'Loading the matrix…');
    try {
      data = (await gql(q, vars, app.lang)).matrix;
    } catch (e) {
      fill(status, 'The matrix could not be read: ' + e.message);
      return;
    }
    fill(status);
    draw();
    if (s.cell) openCell(s.cell, false);
    if (!window.__explorerFirstMatrix) {
      window.__explorerFirstMatrix = performance.now();
      performance.mark('explorer-matrix-drawn');
    }
  }

  function draw() {
    const m = MEASURES.find((x) => x.key === (s.measure || 'linkages'));
    let max = 0;
    for (const r of data.rows) for (const c of r.cells) max = Math.max(max, m.cell(c));
    const head = h('tr', {},
      h('th', { scope: 'col', class: 'corner' }, t('actionLine', app.lang) + ' \\ ' + t('goal', app.lang)),
      data.columns.map((c) => h('th', { scope: 'col', class: 'goal', title: c.goal.shortTitle },
        h('abbr', { title: 'SDG ' + c.goal.number + ': ' + c.goal.shortTitle }, String(c.goal.number)))),
      h('th', { scope: 'col', class: 'total' }, t('total', app.lang)));
    const body = data.rows.map((r) => {
      const al = r.actionLine;
      const sub = !!al.parent;
      return h('tr', { class: sub ? 'sub' : (al.code === 'C7' ? 'group' : ''), 'data-line': al.code },
        h('th', { scope: 'row', class: 'line' },
          h('span', { class: 'code' }, al.code), ' ', h('span', { class: 'name' }, al.shortTitle)),
        r.cells.map((c) => {
          const v = m.cell(c);
          const i = step(v, max);
          const label = `${al.code} × SDG ${c.goal.number}: ${c.linkages.length} linkages, ${c.targetCount} targets${c.goalLevel ? ' (goal-level link)' : ''}, ${c.projectCount} projects, ${c.prizeCount} prizes`;
          return h('td', { class: 'cell' + (i >= DARK_FROM ? ' dark' : ''), style: { background: PALETTE[i] } },
            h('button', {
              type: 'button', 'aria-label': label, title: label,
              'data-line': al.code, 'data-goal': c.goal.number, 'data-value': v,
              'aria-pressed': s.cell === al.code + ':' + c.goal.number ? 'true' : 'false',
              onclick: () => openCell(al.code + ':' + c.goal.number, true),
            }, c.goalLevel ? v + '•' : String(v)));
        }),
        h('td', { class: 'total', 'data-total': r.totals[m.total] }, String(r.totals[m.total])));
    });
    const foot = h('tr', {},
      h('th', { scope: 'row' }, t('total', app.lang)),
      data.columns.map((c) => h('td', { class: 'total', 'data-total': c.totals[m.total] }, String(c.totals[m.total]))),
      h('td', { class: 'total grand' }, String(data.totals[m.total])));
    fill(table, h('table', { class: 'heatmap', id: 'heatmap' },
      h('caption', {}, `${m.label} per action line and goal (• marks a goal-level link); totals count each item once, as the API does`),
      h('thead', {}, head), h('tbody', {}, body), h('tfoot', {}, foot)));
    fill(legend, h('span', { class: 'legend-title' }, m.label + ': '),
      PALETTE.map((c, i) => {
        const r = stepRange(i, max);
        if (r === null) return null;
        return h('span', { class: 'swatch-item' }, h('span', { class: 'swatch', style: { background: c }, 'aria-hidden': 'true' }), r);
      }));
    // Arrow keys move between cells.
    table.querySelector('table').addEventListener('keydown', onKey);
  }

  function onKey(e) {
    const b = e.target.closest('button[data-goal]');
    if (!b) return;
    const d = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
    if (!d) return;
    const rtl = document.documentElement.dir === 'rtl';
    const rows = [...table.querySelectorAll('tbody tr')];
    const ri = rows.indexOf(b.closest('tr')) + d[0];
    const ci = Number(b.dataset.goal) - 1 + (rtl ? -d[1] : d[1]);
    if (ri < 0 || ri >= rows.length || ci < 0 || ci > 16) return;
    e.preventDefault();
    rows[ri].querySelectorAll('button[data-goal]')[ci].focus();
  }

  async function openCell(key, push) {
    const [line, goalStr] = key.split(':');
    const goal = Number(goalStr);
    const row = data && data.rows.find((r) => r.actionLine.code === line);
    const cell = row && row.cells.find((c) => c.goal.number === goal);
    if (!cell) return;
    if (push) app.set({ cell: key }, true, true);
    for (const b of table.querySelectorAll('button[aria-pressed="true"]')) b.setAttribute('aria-pressed', 'false');
    const btn = table.querySelector(`button[data-line="${CSS.escape(line)}"][data-goal="${goal}"]`);
    if (btn) btn.setAttribute('aria-pressed', 'true');
    const used = (app.schema.matrixFilters || []).filter((x) => x.projects || x.prizes);
    const q = cellQuery(used);
    const vars = {
      linkages: cell.linkages.map((l) => l.id), actionLine: line, goal,
      year: s.year ? Number(s.year) : null, country: s.country, stakeholderType: s.stakeholderType,
      ...Object.fromEntries(used.map((x) => [x.name, s[x.name]])), lang: app.lang,
    };
    cellPanel.update(q, vars);
    fill(detail, h('p', {}, 'Loading…'));
    let d;
    try {
      // The ids list may be empty; nodes(ids: []) answers an empty list.
      d = await gql(q, vars, app.lang);
    } catch (e) {
      fill(detail, h('p', {}, 'This cell could not be read: ' + e.message));
      return;
    }
    const prizes = d.prizes.nodes.filter((p) => p.project && p.project.targets.some((x) => x.goal.number === goal) &&
      (!s.stakeholderType || p.project.organizations.some((o) => o.stakeholderType === s.stakeholderType)));
    fill(detail,
      h('h3', { id: 'cell-h' }, `${d.actionLine.code} ${d.actionLine.shortTitle} × SDG ${d.goal.number} ${d.goal.shortTitle}`),
      cell.goalLevel ? h('p', { class: 'goal-level' }, 'The action line serves the goal as a whole.') : null,
      h('h4', {}, `${t('targets', app.lang)} (${cell.targetCount})`),
      d.linkages.length === 0 ? h('p', {}, 'No linkage in the matrix.') : h('ul', { class: 'linkages' },
        d.linkages.map((l) => h('li', { 'data-linkage': l.key, 'data-target': l.target ? l.target.code : '' },
          l.target ? h('p', {}, h('strong', { class: 'target-code' }, l.target.code), ' ', h('span', { class: 'target-title' }, l.target.title))
            : h('p', {}, h('strong', {}, 'Goal ' + d.goal.number + ' as a whole')),
          l.rationale ? h('p', { class: 'rationale' }, l.rationale) : h('p', { class: 'rationale none' }, 'The matrix gives no rationale.'),
          l.note ? h('p', { class: 'note' }, l.note) : null,
          l.sources.map((s) => h('p', { class: 'source' }, 'Source: ', s.url ? h('a', { href: s.url, rel: 'noopener', target: '_blank' }, s.document) : s.document, ` (${s.year})`))))),
      h('h4', {}, `${t('projects', app.lang)} (${d.projects.totalCount})`),
      d.projects.nodes.length === 0 ? h('p', {}, 'No project in the dataset serves both.') : h('ul', { class: 'projects' },
        d.projects.nodes.map((p) => h('li', {}, p.title,
          p.country ? ` — ${p.country.name}` : '', p.year ? ` (${p.year})` : '',
          p.sources.length && p.sources[0].url ? [' ', h('a', { href: p.sources[0].url, rel: 'noopener', target: '_blank' }, 'source')] : null))),
      h('h4', {}, `${t('prizes', app.lang)} (${prizes.length})`),
      prizes.length === 0 ? h('p', {}, 'No prize in the dataset went to a project serving both.') : h('ul', { class: 'prizes' },
        prizes.map((p) => h('li', {}, `${p.year} ${p.kind.toLowerCase()}: ${p.project.title}`,
          p.organizations.length ? ` — ${p.organizations.map((o) => o.name).join(', ')}` : '', p.country ? `, ${p.country.name}` : '',
          p.sources[0].url ? [' ', h('a', { href: p.sources[0].url, rel: 'noopener', target: '_blank' }, 'source')] : null))),
      cellPanel.el);
    if (push) detail.focus();
  }

  load();
  return root;
}
