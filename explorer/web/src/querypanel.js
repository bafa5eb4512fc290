import { h, fill } from './dom.js';
import { playgroundURL, csvURL, clean } from './api.js';

// queryPanel shows the GraphQL query a view drew with, its variables, a link that opens it in
// the playground and one to its CSV form. update(query, variables) changes what it shows.
export function queryPanel(name) {
  const code = h('code', {});
  const vars = h('code', {});
  const play = h('a', { class: 'button', target: '_blank', rel: 'noopener', 'data-role': 'playground' }, 'Open in the playground');
  const csv = h('a', { class: 'button', 'data-role': 'csv', download: name + '.csv' }, 'Download CSV');
  const el = h('details', { class: 'query', 'data-query': name },
    h('summary', {}, 'GraphQL query'),
    h('pre', {}, code),
    h('p', { class: 'vars-label' }, 'Variables'),
    h('pre', {}, vars));
  let bar;
  function update(query, variables) {
    const v = clean(variables);
    fill(code, query);
    fill(vars, JSON.stringify(v, null, 2));
    play.href = playgroundURL(query, v);
    csv.href = csvURL(query, v);
    bar.dataset.variables = JSON.stringify(v);
  }
  // The summary stays visible: the actions are one click away without opening the query.
  bar = h('div', { class: 'query-bar' }, el, h('p', { class: 'actions' }, play, ' ', csv));
  return { el: bar, update, play, csv };
}
