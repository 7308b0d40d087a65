import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.generated.d.ts';

/**
 * The console's operations, typed from the gateway's committed `schema.graphql` (generated into
 * `graphql-env.generated.d.ts` by `pnpm typecheck`): a schema change that breaks a screen fails the build.
 */
export const gql = initGraphQLTada<{
  introspection: introspection;
  scalars: { ID: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
