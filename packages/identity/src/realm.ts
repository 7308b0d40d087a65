import { Roles } from '@chungtay/contracts';

/**
 * The province's Keycloak realm, generated from the contracts and never edited by hand (decision 0056): the
 * nine roles as realm roles, the unit and the communes as user attributes carried in the access token, a
 * public client for the console (authorization code with PKCE, exact redirect URIs) and a confidential one
 * for the CLI (client credentials). `${…}` are Keycloak's placeholders, filled from its environment at
 * import: the console's address and the CLI's secret differ per deployment and are no part of the code.
 */

export const REALM = 'chungtay';
export const CONSOLE_CLIENT = 'chungtay-console';
export const CLI_CLIENT = 'chungtay-cli';
/** The audience the platform's verifier requires of every token (`TokenVerifierOptions.audience`). */
export const AUDIENCE = 'chungtay';
/** The client scope that puts what the platform reads into the access token. */
const PLATFORM_SCOPE = 'chungtay';

/** Short, so that a disabled or moved user's old rights end within minutes (the refresh is refused). */
export const ACCESS_TOKEN_SECONDS = 300;

const adminOnly = { view: ['admin'], edit: ['admin'] };
const selfAndAdmin = { view: ['admin', 'user'], edit: ['admin'] };

/**
 * Keycloak's user profile: the standard attributes, none required of the person (accounts are made by an
 * operator, never by sign-up), and the staff directory's unit and communes, which only an operator sets.
 */
const userProfile = {
  attributes: [
    {
      name: 'username',
      displayName: '${username}',
      validations: { length: { min: 3, max: 255 }, 'username-prohibited-characters': {} },
      permissions: selfAndAdmin,
      multivalued: false,
    },
    {
      name: 'email',
      displayName: '${email}',
      validations: { email: {}, length: { max: 255 } },
      permissions: selfAndAdmin,
      multivalued: false,
    },
    {
      name: 'firstName',
      displayName: '${firstName}',
      validations: { length: { max: 255 } },
      permissions: selfAndAdmin,
      multivalued: false,
    },
    {
      name: 'lastName',
      displayName: '${lastName}',
      validations: { length: { max: 255 } },
      permissions: selfAndAdmin,
      multivalued: false,
    },
    {
      name: 'unit',
      displayName: 'Đơn vị công tác',
      validations: { length: { max: 200 } },
      permissions: adminOnly,
      multivalued: false,
    },
    {
      name: 'communes',
      displayName: 'Xã, phường phụ trách (mã 5 chữ số)',
      validations: { pattern: { pattern: '^\\d{5}$', 'error-message': 'a 5-digit commune code' } },
      permissions: adminOnly,
      multivalued: true,
    },
  ],
  groups: [],
};

const attributeClaim = (attribute: string, multivalued: boolean) => ({
  name: attribute,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-attribute-mapper',
  consentRequired: false,
  config: {
    'user.attribute': attribute,
    'claim.name': attribute,
    'jsonType.label': 'String',
    multivalued: String(multivalued),
    'access.token.claim': 'true',
    'id.token.claim': 'false',
    'userinfo.token.claim': 'false',
    'introspection.token.claim': 'true',
  },
});

/**
 * The one scope every client's tokens carry. A realm file that names its client scopes gets none of
 * Keycloak's built-in ones, so this scope holds all a token needs: the subject, the realm roles (where the
 * platform reads the person's role), the allowed web origins (CORS for the console), the audience, the unit
 * and the communes.
 */
const defaultClientScopes = [PLATFORM_SCOPE];

export function chungtayRealm() {
  return {
    realm: REALM,
    enabled: true,
    displayName: 'Chung Tay — Bảo vệ trẻ em',
    // Loopback and the province's internal network over HTTP are the operator's choice; the rest TLS.
    sslRequired: 'external',
    registrationAllowed: false,
    resetPasswordAllowed: false,
    rememberMe: false,
    loginWithEmailAllowed: false,
    duplicateEmailsAllowed: true,
    editUsernameAllowed: false,
    bruteForceProtected: true,
    internationalizationEnabled: true,
    supportedLocales: ['vi', 'en'],
    defaultLocale: 'vi',
    accessTokenLifespan: ACCESS_TOKEN_SECONDS,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36_000,
    // A refresh token is used once: a stolen one stops working when its owner refreshes.
    revokeRefreshToken: true,
    refreshTokenMaxReuse: 0,
    roles: {
      realm: Roles.codes.map((role) => ({ name: role, description: Roles.labels[role] })),
    },
    clientScopes: [
      {
        name: PLATFORM_SCOPE,
        description: 'What the Chung Tay platform reads of a token: its audience, the unit and the communes.',
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
        protocolMappers: [
          {
            name: 'subject',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-sub-mapper',
            consentRequired: false,
            config: { 'access.token.claim': 'true', 'introspection.token.claim': 'true' },
          },
          {
            name: 'realm roles',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-usermodel-realm-role-mapper',
            consentRequired: false,
            config: {
              'claim.name': 'realm_access.roles',
              'jsonType.label': 'String',
              multivalued: 'true',
              'access.token.claim': 'true',
              'id.token.claim': 'false',
              'userinfo.token.claim': 'false',
              'introspection.token.claim': 'true',
            },
          },
          {
            name: 'allowed web origins',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-allowed-origins-mapper',
            consentRequired: false,
            config: { 'access.token.claim': 'true', 'introspection.token.claim': 'true' },
          },
          {
            name: 'audience',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            consentRequired: false,
            config: {
              'included.custom.audience': AUDIENCE,
              'access.token.claim': 'true',
              'id.token.claim': 'false',
              'introspection.token.claim': 'true',
            },
          },
          attributeClaim('unit', false),
          attributeClaim('communes', true),
        ],
      },
    ],
    clients: [
      {
        clientId: CONSOLE_CLIENT,
        name: 'Chung Tay console',
        enabled: true,
        publicClient: true,
        protocol: 'openid-connect',
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        consentRequired: false,
        frontchannelLogout: true,
        redirectUris: ['${CHUNGTAY_CONSOLE_URL}/'],
        webOrigins: ['${CHUNGTAY_CONSOLE_URL}'],
        attributes: {
          'pkce.code.challenge.method': 'S256',
          'post.logout.redirect.uris': '${CHUNGTAY_CONSOLE_URL}/',
        },
        fullScopeAllowed: true,
        defaultClientScopes,
        optionalClientScopes: [],
      },
      {
        clientId: CLI_CLIENT,
        name: 'Chung Tay CLI and services',
        enabled: true,
        publicClient: false,
        protocol: 'openid-connect',
        clientAuthenticatorType: 'client-secret',
        secret: '${CHUNGTAY_CLI_SECRET}',
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: true,
        consentRequired: false,
        fullScopeAllowed: true,
        defaultClientScopes,
        optionalClientScopes: [],
      },
    ],
    users: [
      {
        // The CLI reads as an auditor (replays, verification, exports) and manages the staff's accounts.
        username: `service-account-${CLI_CLIENT}`,
        enabled: true,
        serviceAccountClientId: CLI_CLIENT,
        realmRoles: ['auditor'],
        clientRoles: { 'realm-management': ['manage-users', 'view-users', 'query-users'] },
      },
    ],
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [
        {
          providerId: 'declarative-user-profile',
          subComponents: {},
          config: { 'kc.user.profile.config': [JSON.stringify(userProfile)] },
        },
      ],
    },
  };
}

/** The realm file as committed (`infra/keycloak/chungtay-realm.json`): what Keycloak imports at start. */
export const realmFile = (): string => `${JSON.stringify(chungtayRealm(), null, 2)}\n`;

/** The realm as operators read it (`docs/reference/realm.md`), from the same definition. */
export function realmReference(): string {
  const realm = chungtayRealm();
  const scope = realm.clientScopes[0];
  const lines = [
    '# The Keycloak realm (generated)',
    '',
    'Generated from `packages/identity/src/realm.ts` by `pnpm --filter @chungtay/identity realm`; a test fails',
    'when this page or `infra/keycloak/chungtay-realm.json` drifts from the code (decision 0056).',
    '',
    `- Realm: \`${realm.realm}\`; access tokens live ${realm.accessTokenLifespan} s; a refresh token is used once.`,
    `- Audience of every token: \`${AUDIENCE}\`.`,
    '',
    '## Roles (realm roles)',
    '',
    '| role | who |',
    '| --- | --- |',
    ...realm.roles.realm.map((role) => `| \`${role.name}\` | ${role.description} |`),
    '',
    '## Clients',
    '',
    '| client | kind | flows |',
    '| --- | --- | --- |',
    ...realm.clients.map(
      (client) =>
        `| \`${client.clientId}\` | ${client.publicClient ? 'public' : 'confidential'} | ${[
          client.standardFlowEnabled ? 'authorization code with PKCE (S256)' : '',
          client.serviceAccountsEnabled ? 'client credentials' : '',
        ]
          .filter(Boolean)
          .join(', ')} |`,
    ),
    '',
    `## Claims in the access token (client scope \`${scope?.name}\`)`,
    '',
    '| mapper | claim |',
    '| --- | --- |',
    ...(scope?.protocolMappers ?? []).map(
      (mapper) =>
        `| ${mapper.name} | ${'claim.name' in mapper.config ? `\`${mapper.config['claim.name']}\`` : mapper.protocolMapper} |`,
    ),
    '',
    "Placeholders filled from Keycloak's environment at import: `CHUNGTAY_CONSOLE_URL` (the console's exact",
    "address, its redirect and post-logout URI), `CHUNGTAY_CLI_SECRET` (the CLI client's secret).",
    '',
  ];
  return lines.join('\n');
}
