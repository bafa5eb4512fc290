import type { TypedDocumentString } from './gql/graphql.js';

/** Where and how the dashboard reaches the API. */
export interface ClientOptions {
  /** The GraphQL endpoint, such as https://wsis.example.org/graphql. */
  endpoint: string;
  /** Sent as X-Api-Key: a budget of its own (see the API's -api-keys). */
  apiKey?: string;
  /** Sent as Accept-Language: en, fr, es, ru, ar or zh-Hans. */
  language?: string;
}

/** An answer with errors, or no answer: the HTTP status and the first error's extensions.code. */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The variables argument: optional when the operation has no required variable. */
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

/**
 * Runs a generated document by its id: a GET with `documentId` and `variables`, which the
 * API and any HTTP cache between answer by ETag and max-age. The query text never leaves the
 * dashboard: the server knows it from its trusted-documents manifest. Throws
 * GraphQLRequestError when the answer has errors or no data.
 */
export async function execute<TResult, TVariables>(
  opts: ClientOptions,
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: VariablesArg<TVariables>
): Promise<TResult> {
  const id = document.__meta__?.['hash'];
  if (typeof id !== 'string') {
    throw new Error('the document has no persisted id: run npm run codegen');
  }
  const url = new URL(opts.endpoint);
  url.searchParams.set('documentId', id);
  if (variables !== undefined) {
    url.searchParams.set('variables', JSON.stringify(variables));
  }
  const headers: Record<string, string> = { Accept: 'application/graphql-response+json, application/json;q=0.9' };
  if (opts.apiKey) headers['X-Api-Key'] = opts.apiKey;
  if (opts.language) headers['Accept-Language'] = opts.language;
  const resp = await fetch(url, { headers });
  return answer<TResult>(resp);
}

/** Reads an answer: its data, or a GraphQLRequestError. */
export async function answer<T>(resp: Response): Promise<T> {
  let body: GraphQLResponse<T>;
  try {
    body = (await resp.json()) as GraphQLResponse<T>;
  } catch {
    throw new GraphQLRequestError(`${resp.status} ${resp.statusText}: not a GraphQL answer`, resp.status, undefined);
  }
  const first = body.errors?.[0];
  if (first) {
    throw new GraphQLRequestError(first.message, resp.status, first.extensions?.code);
  }
  if (body.data == null) {
    throw new GraphQLRequestError(`${resp.status}: an answer without data`, resp.status, undefined);
  }
  return body.data;
}
