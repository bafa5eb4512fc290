import cytoscape from 'cytoscape';
import { h, fill } from './dom.js';
import { gql, labelFragment, labelOf } from './api.js';
import { queryPanel } from './querypanel.js';

export const SEARCH_QUERY = `query ExplorerSearch($text: String!, $lang: String) {
  search(text: $text, first: 10) {
    edges { type node { ...Label } }
  }
}
${labelFragment}`;

export const NEIGHBORHOOD_QUERY = `query ExplorerNeighborhood($id: ID!, $depth: Int, $types: [NodeType!]) {
  neighborhood(id: $id, depth: $depth, types: $types, first: 200) {
    truncated
    nodes { id type label distance }
    edges { id source target relation label explanation }
  }
}`;

export const PATHS_QUERY = `query ExplorerPaths($from: ID!, $to: ID!, $lang: String) {
  paths(from: $from, to: $to, maxHops: 4, first: 5) {
    length
    nodes { ...Label }
    hops {
      from { id }
      to { id }
      relation
      direction
      explanation
      source { document year url }
    }
  }
}
${labelFragment}`;

export const NODE_QUERY = `query ExplorerNode($id: ID!, $lang: String) { node(id: $id) { ...Label } }
${labelFragment}`;

const TYPES = ['ACTION_LINE', 'GOAL', 'TARGET', 'INDICATOR', 'ORGANIZATION', 'PROJECT', 'PRIZE', 'EVENT'];
// Colours by type; each has 4.5:1 contrast with white text and is told apart by shape too.
export const TYPE_STYLE = {
  ACTION_LINE: { color: '#00589b', shape: 'round-rectangle' },
  GOAL: { color: '#b3261e', shape: 'ellipse' },
  TARGET: { color: '#8a4b00', shape: 'diamond' },
  INDICATOR: { color: '#5d5d5d', shape: 'triangle' },
  ORGANIZATION: { color: '#2e7d32', shape: 'hexagon' },
  PROJECT: { color: '#6a1b9a', shape: 'rectangle' },
  PRIZE: { color: '#9c2b6b', shape: 'star' },
  EVENT: { color: '#00696b', shape: 'octagon' },
};
const typeName = (t) => t.toLowerCase().replace('_', ' ');
const TYPENAME_TO_TYPE = { ActionLine: 'ACTION_LINE', Goal: 'GOAL', Target: 'TARGET', Indicator: 'INDICATOR', Organization: 'ORGANIZATION', Project: 'PROJECT', Prize: 'PRIZE', Event: 'EVENT' };

// The C7.e-environment action line: where the graph starts when nothing is chosen.
const DEFAULT_NODE = 'QWN0aW9uTGluZTpDNy5lLWVudmlyb25tZW50';

// picker is a search box whose suggestions are the `search` field's hits.
function picker(app, id, labelText, onPick) {
  const list = h('datalist', { id: id + '-list' });
  const input = h('input', { id, type: 'search', list: id + '-list', autocomplete: 'off', placeholder: 'Search: e-environment, climate, 9.c…' });
  let hits = new Map();
  let timer = null;
  input.addEventListener('input', () => {
    const v = input.value.trim();
    if (hits.has(v)) { onPick(hits.get(v)); return; }
    clearTimeout(timer);
    if (v.length < 2) return;
    timer = setTimeout(async () => {
      let d;
      try {
        d = await gql(SEARCH_QUERY, { text: v, lang: app.lang }, app.lang);
      } catch (e) {
        return;
      }
      hits = new Map();
      fill(list, d.search.edges.map((e) => {
        const l = labelOf(e.node);
        hits.set(l, e.node);
        return h('option', { value: l }, typeName(e.type));
      }));
      app.lastSearch = { query: SEARCH_QUERY, variables: { text: v, lang: app.lang } };
    }, 150);
  });
  const form = h('form', { class: 'picker', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (hits.has(v)) onPick(hits.get(v));
    else if (hits.size) onPick(hits.values().next().value);
  } }, h('label', { for: id }, labelText), input, list, h('button', { type: 'submit' }, 'Go'));
  return { form, input };
}

export function graphView(app) {
  const s = app.state;
  const root = h('section', { class: 'view', 'aria-labelledby': 'graph-h' });
  const panel = queryPanel('neighborhood');
  const pathPanel = queryPanel('paths');
  const status = h('p', { class: 'status', role: 'status' });
  const canvas = h('div', { id: 'cy', class: 'cy', role: 'img', 'aria-label': 'The graph around the chosen entity; the list beside it holds the same entities and edges' });
  const side = h('div', { class: 'graph-side' });
  const pathBox = h('div', { class: 'paths', 'aria-live': 'polite' });
  const hopInfo = h('p', { class: 'hop-info', 'aria-live': 'polite' });

  const depth = h('select', { id: 'g-depth' }, [1, 2, 3].map((d) => h('option', { value: d, selected: String(s.depth || 1) === String(d) }, String(d))));
  const chosen = new Set((s.types || '').split(',').filter(Boolean));
  const typeBoxes = TYPES.map((ty) => h('label', { class: 'type-box' },
    h('input', { type: 'checkbox', value: ty, checked: chosen.size === 0 || chosen.has(ty) }),
    h('span', { class: 'dot', style: { background: TYPE_STYLE[ty].color }, 'aria-hidden': 'true' }), ' ', typeName(ty)));
  const applyFilters = () => {
    const on = typeBoxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    app.set({ depth: depth.value === '1' ? '' : depth.value, types: on.length === TYPES.length ? '' : on.join(',') }, true);
  };
  depth.addEventListener('change', applyFilters);
  for (const l of typeBoxes) l.querySelector('input').addEventListener('change', applyFilters);

  const centre = picker(app, 'g-search', 'Entity ', (node) => app.set({ node: node.id, to: '' }, true));
  const other = picker(app, 'g-to', 'Path to ', (node) => app.set({ to: node.id }, true));

  root.append(
    h('h2', { id: 'graph-h' }, 'The graph'),
    h('p', { class: 'lead' }, 'The entities around one entity. Choose a node (click, or Enter in the list) to expand it; pick a second entity to draw the shortest paths between the two, each hop with its relation, explanation and source.'),
    h('div', { class: 'filters' }, centre.form, other.form),
    h('fieldset', { class: 'filters' }, h('legend', {}, 'Walk into'), typeBoxes, h('label', { for: 'g-depth' }, ' Depth '), depth),
    panel.el, status,
    h('div', { class: 'graph-layout' }, h('div', {}, canvas, hopInfo, h('div', { class: 'legend' }, TYPES.map((ty) => h('span', { class: 'swatch-item' },
      h('span', { class: 'dot', style: { background: TYPE_STYLE[ty].color }, 'aria-hidden': 'true' }), typeName(ty))))), side),
    pathBox);

  // Cytoscape measures its container: it is made once the view is in the document.
  let cy;
  const makeCy = () => cytoscape({
    container: canvas,
    minZoom: 0.2, maxZoom: 3,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(color)', shape: 'data(shape)', label: 'data(label)', color: '#1a1a1a',
        'font-size': 10, 'text-wrap': 'ellipsis', 'text-max-width': 120, 'text-valign': 'bottom', 'text-margin-y': 3,
        width: 18, height: 18, 'text-background-color': '#ffffff', 'text-background-opacity': 0.8,
      } },
      { selector: 'node.centre', style: { width: 28, height: 28, 'border-width': 3, 'border-color': '#000' } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#9a9a9a', 'target-arrow-color': '#9a9a9a', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.7 } },
      { selector: 'edge.path', style: { width: 4, 'line-color': '#d35400', 'target-arrow-color': '#d35400', label: 'data(label)', 'font-size': 9, color: '#000', 'text-background-color': '#fff', 'text-background-opacity': 0.9, 'text-rotation': 'autorotate' } },
      { selector: 'node.path', style: { 'border-width': 3, 'border-color': '#d35400' } },
      { selector: ':selected', style: { 'border-width': 3, 'border-color': '#000' } },
    ],
  });

  function addGraph(n) {
    const add = [];
    for (const x of n.nodes) {
      if (cy.getElementById(x.id).length) continue;
      const st = TYPE_STYLE[x.type] || TYPE_STYLE.EVENT;
      add.push({ group: 'nodes', data: { id: x.id, label: x.label, type: x.type, color: st.color, shape: st.shape } });
    }
    for (const e of n.edges) {
      if (cy.getElementById(e.id).length) continue;
      add.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, relation: e.relation, label: e.label, explanation: e.explanation || '' } });
    }
    cy.add(add);
  }

  function layout() {
    cy.layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, idealEdgeLength: () => 80, fit: true, padding: 20 }).run();
  }

  function drawSide() {
    const nodes = cy.nodes().sort((a, b) => a.data('label').localeCompare(b.data('label')));
    fill(side, h('h3', {}, `Entities (${nodes.length})`),
      h('ul', { class: 'node-list' }, nodes.map((n) => h('li', { 'data-id': n.id() },
        h('span', { class: 'dot', style: { background: n.data('color') }, 'aria-hidden': 'true' }), ' ',
        h('button', { type: 'button', class: 'link', title: 'Expand ' + n.data('label'), onclick: () => expand(n.id()) }, n.data('label')),
        ' ', h('span', { class: 'type' }, typeName(n.data('type'))), ' ',
        h('button', { type: 'button', class: 'small', onclick: () => app.set({ node: n.id(), to: '' }, true) }, 'centre')))));
  }

  async function neighbourhood(id) {
    const types = s.types ? s.types.split(',') : null;
    const vars = { id, depth: Number(s.depth || 1), types };
    panel.update(NEIGHBORHOOD_QUERY, vars);
    const d = await gql(NEIGHBORHOOD_QUERY, vars, app.lang);
    return d.neighborhood;
  }

  async function expand(id) {
    try {
      const n = await neighbourhood(id);
      if (!n) return;
      addGraph(n);
      layout();
      drawSide();
      fill(status, `${cy.nodes().length} entities, ${cy.edges().length} edges` + (n.truncated ? ' (some left out: lower the depth or narrow the types)' : ''));
    } catch (e) {
      fill(status, 'Could not expand: ' + e.message);
    }
  }

  function init() {
    cy = makeCy();
    window.__explorerCy = cy;
    cy.on('tap', 'node', (e) => expand(e.target.id()));
    cy.on('tap', 'edge', (e) => showHop(e.target.data()));
    cy.on('mouseover', 'edge', (e) => showHop(e.target.data()));
  }

  function showHop(d) {
    fill(hopInfo, `${d.label}${d.explanation ? ': ' + d.explanation : ''}`, d.sourceDoc ? [' — ', d.sourceURL ? h('a', { href: d.sourceURL, target: '_blank', rel: 'noopener' }, d.sourceDoc) : d.sourceDoc] : null);
  }

  async function drawPaths(from, to) {
    const vars = { from, to, lang: app.lang };
    pathPanel.update(PATHS_QUERY, vars);
    let d;
    try {
      d = await gql(PATHS_QUERY, vars, app.lang);
    } catch (e) {
      fill(pathBox, h('p', {}, 'Paths could not be read: ' + e.message), pathPanel.el);
      return;
    }
    const paths = d.paths;
    cy.elements().removeClass('path');
    const labels = new Map();
    for (const p of paths) for (const n of p.nodes) labels.set(n.id, n);
    // Draw every path's entities and hops, the hops labelled with their relation.
    for (const p of paths) {
      for (const n of p.nodes) {
        if (!cy.getElementById(n.id).length) {
          const ty = TYPENAME_TO_TYPE[n.__typename] || 'EVENT';
          cy.add({ group: 'nodes', data: { id: n.id, label: labelOf(n), type: ty, color: TYPE_STYLE[ty].color, shape: TYPE_STYLE[ty].shape } });
        }
      }
      p.hops.forEach((hop, i) => {
        const fwd = hop.direction === 'FORWARD';
        const src = fwd ? hop.from.id : hop.to.id;
        const dst = fwd ? hop.to.id : hop.from.id;
        const id = 'path:' + src + ':' + hop.relation + ':' + dst;
        let edge = cy.edges().filter((e) => e.data('source') === src && e.data('target') === dst && e.data('relation') === hop.relation);
        if (!edge.length) edge = cy.add({ group: 'edges', data: { id, source: src, target: dst, relation: hop.relation, label: hop.relation, explanation: hop.explanation || '' } });
        edge.data('label', hop.relation);
        if (hop.source) edge.data({ sourceDoc: hop.source.document, sourceURL: hop.source.url || '' });
        edge.addClass('path');
        cy.getElementById(hop.from.id).addClass('path');
        cy.getElementById(hop.to.id).addClass('path');
      });
    }
    layout();
    drawSide();
    const name = (id) => labelOf(labels.get(id)) || id;
    fill(pathBox,
      h('h3', { id: 'paths-h' }, paths.length ? `${paths.length} shortest path${paths.length > 1 ? 's' : ''}: ${name(from)} → ${name(to)}` : 'No path of 4 hops or fewer'),
      h('ol', { class: 'path-list' }, paths.map((p, pi) => h('li', { 'data-path': pi, 'data-length': p.length },
        h('ol', { class: 'hops' }, p.hops.map((hop) => h('li', {
          class: 'hop', tabindex: '0', 'data-from': hop.from.id, 'data-to': hop.to.id, 'data-relation': hop.relation, 'data-direction': hop.direction,
        },
        h('span', { class: 'from' }, name(hop.from.id)), ' ',
        h('span', { class: 'relation' }, hop.direction === 'FORWARD' ? `—${hop.relation}→` : `←${hop.relation}—`), ' ',
        h('span', { class: 'to' }, name(hop.to.id)),
        hop.explanation ? h('p', { class: 'explanation' }, hop.explanation) : null,
        hop.source ? h('p', { class: 'source' }, 'Source: ', hop.source.url ? h('a', { href: hop.source.url, target: '_blank', rel: 'noopener' }, hop.source.document) : hop.source.document, ` (${hop.source.year})`) : null)))))),
      pathPanel.el);
  }

  async function load() {
    const id = s.node || DEFAULT_NODE;
    init();
    fill(status, 'Loading…');
    let n;
    try {
      n = await neighbourhood(id);
    } catch (e) {
      fill(status, 'The neighbourhood could not be read: ' + e.message);
      return;
    }
    if (!n) { fill(status, 'No such entity.'); return; }
    addGraph(n);
    cy.getElementById(id).addClass('centre');
    centre.input.value = n.nodes[0] ? n.nodes[0].label : '';
    layout();
    drawSide();
    fill(status, `${cy.nodes().length} entities, ${cy.edges().length} edges` + (n.truncated ? ' (some left out: lower the depth or narrow the types)' : ''));
    if (s.to) {
      const t = await gql(NODE_QUERY, { id: s.to, lang: app.lang }, app.lang).catch(() => null);
      if (t && t.node) other.input.value = labelOf(t.node);
      await drawPaths(id, s.to);
    }
    root.dataset.ready = 'true';
  }
  queueMicrotask(load);
  root.destroy = () => { if (cy) cy.destroy(); };
  return root;
}
