import type { CodegenConfig } from '@graphql-codegen/cli';

// Types and documents for the queries in src/, checked against the API's schema, and
// src/gql/persisted-documents.json: the manifest `wsisgraph serve -trusted-documents` loads.
const config: CodegenConfig = {
  schema: '../../schema.graphqls',
  documents: ['src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false, // ES module imports, with .js
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The documents become ids: the module sends `documentId`, never the query text.
        persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' },
      },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { ID: 'string' },
      },
    },
  },
};

export default config;
