// Apollo Client 4 against wsisgraph, as docs/partners.md sets it up: automatic persisted
// queries over GET with no header that needs a preflight, codes and Retry-After read in an
// error link.
//
//   node apollo4.mjs http://127.0.0.1:8080/graphql
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError, gql } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { badInput, check, dashboardFetch, matrix, needsPreflight, price, sent, sha256 } from './common.mjs';

const uri = process.argv[2] ?? 'http://127.0.0.1:8080/graphql';
const seen = []; // what the error link read: { operation, status, codes, retryAfter }

function client() {
  const errors = new ErrorLink(({ error, operation }) => {
    // The HTTP response is in the operation's context (set by HttpLink), whatever the error.
    const response = operation.getContext().response;
    const retryAfter = Number(response?.headers.get('Retry-After') ?? 0);
    let codes = [];
    if (CombinedGraphQLErrors.is(error)) {
      codes = error.errors.map((e) => e.extensions?.code); // any status under graphql-response+json
    } else if (ServerError.is(error)) {
      codes = (JSON.parse(error.bodyText).errors ?? []).map((e) => e.extensions?.code); // a non-2xx application/json answer
    }
    seen.push({ operation: operation.operationName, status: response?.status, codes, retryAfter });
  });
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: ApolloLink.from([
      errors,
      new PersistedQueryLink({ sha256, useGETForHashedQueries: true }),
      new HttpLink({ uri, useGETForQueries: true, fetch: dashboardFetch }),
    ]),
  });
}

// 1. First use of a query: its hash by GET, PERSISTED_QUERY_NOT_FOUND, then the query by GET.
const first = await client().query({ query: gql(matrix) });
check(first.data.actionLines.length === 11, 'the matrix query answers 11 top-level action lines');
check(sent.length === 2 && !sent[0].url.includes('query=') && sent[1].url.includes('query='),
  `first use: the hash, then the query, both by GET (${sent.map((r) => r.method).join(', ')})`);

// 2. Any later use, from any client: the hash alone, a short cacheable URL.
const mark = sent.length;
await client().query({ query: gql(matrix) });
const later = sent.slice(mark);
check(later.length === 1 && later[0].method === 'GET' && !later[0].url.includes('query='), 'later use: the hash alone by GET');

// 3. A price check: what the query would cost, without running it.
const priced = await client().query({ query: gql(price), fetchPolicy: 'no-cache' }); // partial data: keep it out of the cache
check(priced.data.rateLimit.cost > 0 && priced.data.actionLines === undefined, `dry run: costs ${priced.data.rateLimit.cost} points, ${priced.data.rateLimit.remaining} remain, nothing ran`);

// 4. Bad input: the code reaches the error link.
await client().query({ query: gql(badInput), errorPolicy: 'all' });
check(seen.some((s) => s.operation === 'BadLanguage' && s.codes.includes('BAD_USER_INPUT')), 'the error link reads BAD_USER_INPUT');

// 5. Spend the budget: 429 RATE_LIMITED with Retry-After, read in the error link.
const c = client();
for (let i = 0; i < 100 && !seen.some((s) => s.codes.includes('RATE_LIMITED')); i++) {
  await c.query({ query: gql(matrix), fetchPolicy: 'network-only', errorPolicy: 'all' });
}
const limited = seen.find((s) => s.codes.includes('RATE_LIMITED'));
check(limited && limited.status === 429 && limited.retryAfter > 0, `the error link reads RATE_LIMITED, status ${limited?.status}, Retry-After ${limited?.retryAfter} s`);

const preflighted = sent.filter((r) => needsPreflight(r).length > 0);
check(preflighted.length === 0, `no request needs a CORS preflight (${preflighted.map((r) => needsPreflight(r).join('+')).join(', ')})`);
