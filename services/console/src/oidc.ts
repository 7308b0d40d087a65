import { Roles } from '@chungtay/contracts/browser';
import { request } from './api.ts';
import { gql } from './graphql.ts';
import type { Session } from './session.tsx';

/**
 * Sign-in with the province's identity provider: OpenID Connect's authorization code flow with PKCE (RFC
 * 7636), a public client, as the standard has it (decision 0053). The verifier and the state wait in this
 * tab's session storage during the round trip; the access token the provider issues is the bearer token the
 * gateway verifies, and stays in memory like the demo's.
 */
export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
}

const PENDING = 'chungtay-oidc-pending';

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  /** OpenID Connect RP-Initiated Logout 1.0: where a client sends the person to sign out. */
  readonly end_session_endpoint?: string;
}

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error('the identity provider did not answer');
  return (await response.json()) as Discovery;
}

/** Where the provider sends the person back: the console's own page, without a query. */
const redirectUri = () => `${window.location.origin}/`;

/** Leaves for the provider's sign-in page, with a fresh verifier and state kept for the return. */
export async function startSignIn(config: OidcConfig): Promise<void> {
  const discovery = await discover(config.issuer);
  const verifier = randomText();
  const state = randomText();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: window.location.hash }));
  const url = new URL(discovery.authorization_endpoint);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }))
    url.searchParams.set(name, value);
  window.location.assign(url.toString());
}

const WHO = gql(`
  query Who { viewer { role communes unit } }
`);

/**
 * Who the token says the person is, as the gateway reads it (the provider's claims are the gateway's to
 * read: a role in `realm_access.roles` for Keycloak, say): only to label the person's desk.
 */
async function userOf(token: string): Promise<Session['user']> {
  const { viewer } = await request(token, WHO, {});
  return {
    role: Roles.schema.parse(viewer.role),
    communes: viewer.communes,
    ...(viewer.unit ? { unit: viewer.unit } : {}),
  };
}

/**
 * On the return from the provider (`?code=…&state=…`): exchanges the code for the token, with the verifier,
 * and puts the address back as it was. Undefined when this page is not such a return.
 */
export async function completeSignIn(config: OidcConfig): Promise<Session | undefined> {
  const query = new URLSearchParams(window.location.search);
  const code = query.get('code');
  const error = query.get('error');
  if (!code && !error) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    hash: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', `/${pending?.hash ?? ''}`);
  if (error) throw new Error('the identity provider refused the sign-in');
  // A return this tab did not start (or started twice) is not taken: the state must be the one it sent.
  if (!pending || query.get('state') !== pending.state) throw new Error('a sign-in this page did not start');
  const discovery = await discover(config.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code as string,
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  return sessionFrom(response, discovery, config);
}

interface TokenAnswer {
  readonly access_token?: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
}

/**
 * The session a token answer gives: its token, whom it names, when it lapses, and how to renew it with the
 * refresh token (used once: the provider gives a new one each time). A refusal — the account disabled or
 * its sessions ended by an operator — is the end of the session.
 */
async function sessionFrom(response: Response, discovery: Discovery, config: OidcConfig): Promise<Session> {
  if (!response.ok) throw new Error('the identity provider did not issue a token');
  const answer = (await response.json()) as TokenAnswer;
  const token = answer.access_token;
  if (!token) throw new Error('the identity provider did not issue a token');
  // Asked each time: the gateway reads who the token names (a renewed one may carry other communes).
  const user = await userOf(token);
  const refreshToken = answer.refresh_token;
  return {
    token,
    user,
    endSession: () => endSession(discovery, config, answer.id_token),
    ...(answer.expires_in ? { expiresAt: Date.now() + answer.expires_in * 1000 } : {}),
    ...(refreshToken
      ? {
          renew: async () =>
            sessionFrom(
              await fetch(discovery.token_endpoint, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                  grant_type: 'refresh_token',
                  refresh_token: refreshToken,
                  client_id: config.clientId,
                }),
              }),
              discovery,
              config,
            ),
        }
      : {}),
  };
}

/**
 * Sends the person to the provider's sign-out (RP-Initiated Logout), which brings them back to the
 * console's sign-in page. A provider that offers no sign-out leaves its session as it is.
 */
async function endSession(discovery: Discovery, config: OidcConfig, idToken: string | undefined) {
  if (!discovery.end_session_endpoint) return;
  const url = new URL(discovery.end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  window.location.assign(url.toString());
}
