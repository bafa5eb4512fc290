// The explorer's only way to the data: the public /graphql endpoint of the page's origin.
// Every view keeps the query and variables it drew with, so that a reader can run them in the
// playground or take them as CSV.

// gql posts query with variables and resolves to the answer's data; GraphQL errors reject
// with an Error whose message joins theirs and whose code is the first extensions.code.
export async function gql(query, variables, lang) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (lang) headers['Accept-Language'] = lang;
  const res = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: clean(variables) }),
  });
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new Error('HTTP ' + res.status);
  }
  if (body.errors && body.errors.length) {
    const err = new Error(body.errors.map((e) => e.message).join('; '));
    err.code = body.errors[0].extensions && body.errors[0].extensions.code;
    throw err;
  }
  return body.data;
}

// clean drops variables that are unset, so a query's defaults apply and its URL stays short.
export function clean(variables) {
  const out = {};
  for (const [k, v] of Object.entries(variables || {})) {
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  }
  return out;
}

// playgroundURL opens the playground with a tab holding query and variables.
export function playgroundURL(query, variables) {
  const p = new URLSearchParams();
  p.set('query', query);
  const v = clean(variables);
  if (Object.keys(v).length) p.set('variables', JSON.stringify(v, null, 2));
  return '/?' + p.toString();
}

// csvURL is the CSV form of the same query (see csvexport: the answer's first list).
export function csvURL(query, variables) {
  const p = new URLSearchParams();
  p.set('query', query);
  const v = clean(variables);
  if (Object.keys(v).length) p.set('variables', JSON.stringify(v));
  p.set('format', 'csv');
  return '/graphql?' + p.toString();
}

// Label is the fragment every view uses to name an entity.
export const labelFragment = `fragment Label on Node {
  id
  __typename
  ... on ActionLine { code shortTitle }
  ... on Goal { number shortTitle(lang: $lang) }
  ... on Target { code title(lang: $lang) }
  ... on Indicator { code }
  ... on Organization { name acronym }
  ... on Project { title }
  ... on Prize { year kind project { title } }
  ... on Event { title }
}`;

// labelOf names an entity selected with the Label fragment.
export function labelOf(n) {
  if (!n) return '';
  switch (n.__typename) {
    case 'ActionLine': return n.code + ' ' + n.shortTitle;
    case 'Goal': return 'SDG ' + n.number + ' ' + n.shortTitle;
    case 'Target': return n.code;
    case 'Indicator': return n.code;
    case 'Organization': return n.acronym || n.name;
    case 'Project': return n.title;
    case 'Prize': return n.year + ' ' + n.kind.toLowerCase() + (n.project ? ': ' + n.project.title : '');
    case 'Event': return n.title;
    default: return n.id;
  }
}
