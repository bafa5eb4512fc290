// The wsisgraph explorer: the WSIS–SDG Matrix as a heat map, the graph around an entity with
// the paths between two, and the WSIS Prizes and projects as charts. It reads the public
// /graphql endpoint of its own origin only; its state lives in the URL.
import './explorer.css';
import { h, fill } from './dom.js';
import { gql } from './api.js';
import * as url from './state.js';
import { LANGS, t, langInfo } from './i18n.js';
import { matrixView } from './matrix.js';
import { graphView } from './graph.js';
import { chartsView } from './charts.js';

const VIEWS = [
  { key: 'matrix', make: matrixView },
  { key: 'graph', make: graphView },
  { key: 'charts', make: chartsView },
];

const SCHEMA_QUERY = `query ExplorerSchema {
  country: __type(name: "Country") { fields { name type { kind name ofType { kind name } } } }
  query: __type(name: "Query") { fields { name args { name type { kind name ofType { kind name } } } } }
  projectFilter: __type(name: "ProjectFilter") { inputFields { name } }
  prizeFilter: __type(name: "PrizeFilter") { inputFields { name } }
}`;

// typeName is the named type under NON_NULL.
const typeName = (ty) => (ty.kind === 'NON_NULL' ? ty.ofType.name : ty.name);

const app = {
  state: url.read(),
  schema: {},
  get lang() { return langInfo(this.state.lang || 'en').tag; },
  // set merges patch into the state and the URL, then draws the page again unless quiet.
  set(patch, push, quiet) {
    this.state = Object.assign({}, this.state, patch);
    for (const k of Object.keys(this.state)) if (this.state[k] === '' || this.state[k] === null) delete this.state[k];
    url.write(this.state, push);
    if (!quiet) render();
  },
};
window.__explorer = app;

const main = h('main', { id: 'main', tabindex: '-1' });
const nav = h('nav', { 'aria-label': 'Views' });
const langSelect = h('select', { id: 'lang' }, LANGS.map((l) => h('option', { value: l.tag, lang: l.tag }, l.name)));
langSelect.addEventListener('change', () => app.set({ lang: langSelect.value === 'en' ? '' : langSelect.value }, true));
const title = h('h1', {});
const playLink = h('a', { href: '/', class: 'playground-link' });

document.body.append(
  h('a', { href: '#main', class: 'skip' }, 'Skip to the view'),
  h('header', {}, title, nav,
    h('div', { class: 'tools' }, h('label', { for: 'lang' }, ''), langSelect, ' ', playLink)),
  main);

let current = null;

function render() {
  const s = app.state;
  const lang = app.lang;
  const info = langInfo(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = info.dir;
  langSelect.value = lang;
  langSelect.previousSibling.textContent = t('language', lang) + ' ';
  fill(title, t('title', lang));
  fill(playLink, t('playground', lang));
  document.title = t('title', lang) + ' — wsisgraph';
  const view = VIEWS.find((v) => v.key === s.view) || VIEWS[0];
  fill(nav, VIEWS.map((v) => h('a', {
    href: '?' + new URLSearchParams(Object.assign({ view: v.key }, s.lang ? { lang: s.lang } : {})).toString(),
    'aria-current': v === view ? 'page' : null,
    'data-view': v.key,
    onclick: (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      app.set({ view: v.key === 'matrix' ? '' : v.key }, true);
      main.focus();
    },
  }, t(v.key, lang))));
  if (current && current.destroy) current.destroy();
  current = view.make(app);
  current.dataset.view = view.key;
  fill(main, current);
}

window.addEventListener('popstate', () => {
  app.state = url.read();
  render();
});

// The schema tells which optional fields the API has (countries' regions); views that need
// them wait for it, the matrix does not.
app.schemaReady = gql(SCHEMA_QUERY, {}).then(async (d) => {
  const f = d.country && d.country.fields.find((x) => x.name === 'region');
  if (f) {
    const ty = f.type.kind === 'NON_NULL' ? f.type.ofType : f.type;
    app.schema.countryRegion = ty.kind === 'OBJECT' ? { field: 'region', selection: 'region { name }' } : { field: 'region', selection: 'region' };
  }
  // The matrix's optional filters: region (M49 code) and group (an enum), when the API has them.
  const fields = (d.query && d.query.fields) || [];
  const matrix = fields.find((x) => x.name === 'matrix');
  const args = new Map(((matrix && matrix.args) || []).map((a) => [a.name, typeName(a.type)]));
  const pf = new Set(((d.projectFilter && d.projectFilter.inputFields) || []).map((x) => x.name));
  const zf = new Set(((d.prizeFilter && d.prizeFilter.inputFields) || []).map((x) => x.name));
  const extra = [];
  if (args.has('region') && fields.some((x) => x.name === 'regions')) {
    const r = await gql('query ExplorerRegions { regions { code name level } }', {}, app.lang);
    extra.push({ name: 'region', type: args.get('region'), options: r.regions.map((x) => ({ value: x.code, label: x.name, level: x.level })) });
  }
  if (args.has('group')) {
    const e = await gql('query ExplorerGroups($t: String!) { __type(name: $t) { enumValues { name } } }', { t: args.get('group') });
    if (e.__type && e.__type.enumValues) extra.push({ name: 'group', type: args.get('group'), options: e.__type.enumValues.map((v) => ({ value: v.name, label: v.name })) });
  }
  for (const x of extra) {
    x.projects = pf.has(x.name);
    x.prizes = zf.has(x.name);
  }
  app.schema.matrixFilters = extra;
}).catch(() => {
  app.schema.matrixFilters = [];
});

render();
