import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GatewayContext } from './context.ts';

/** Scope-auth first, so nothing resolves before it is authorised. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  AuthScopes: { authenticated: boolean };
  Scalars: { JSON: { Input: unknown; Output: unknown } };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({ authenticated: Boolean(context.caller) }),
  },
  relay: {},
});

builder.scalarType('JSON', {
  description: 'A JSON value: the event data a lens lets through.',
  serialize: (value) => value,
  parseValue: (value) => value,
});
