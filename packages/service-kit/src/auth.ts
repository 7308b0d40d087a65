import { agencyOfRole, Roles } from '@chungtay/contracts';
import { Agency } from '@chungtay/event-store';
import type { RequestHandler } from 'express';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { z } from 'zod';
import { ProblemError } from './problem.ts';

/**
 * The person's role: a `role` claim (the embedded issuer's), or the one Chung Tay role among the realm roles
 * Keycloak puts in `realm_access.roles` (decision 0056). None, or two of the nine, is no valid token.
 */
const roleOf = (payload: { role?: unknown; realm_access?: { roles?: unknown } }): unknown => {
  if (payload.role !== undefined) return payload.role;
  const realmRoles = Array.isArray(payload.realm_access?.roles) ? payload.realm_access.roles : [];
  const ours = realmRoles.filter((role) => Roles.schema.safeParse(role).success);
  return ours.length === 1 ? ours[0] : undefined;
};

/** The claims a Chung Tay token carries (OpenID Connect ID or access token from the province's provider). */
export const Claims = z
  .preprocess(
    (payload) =>
      typeof payload === 'object' && payload !== null
        ? { ...payload, role: roleOf(payload as Parameters<typeof roleOf>[0]) }
        : payload,
    z.object({
      sub: z.string().min(1),
      role: Roles.schema,
      /** Said by the role when the provider does not say it (Keycloak); must agree with it when it does. */
      agency: Agency.optional(),
      unit: z.string().max(200).optional(),
      /** The communes the user works for; empty for provincial and agency-wide roles. */
      communes: z.array(z.string().regex(/^\d{5}$/)).default([]),
    }),
  )
  .refine((claims) => claims.agency === undefined || agencyOfRole[claims.role] === claims.agency, {
    message: 'the agency does not match the role',
    path: ['agency'],
  })
  .transform((claims) => ({ ...claims, agency: agencyOfRole[claims.role] }));
export type Claims = z.infer<typeof Claims>;

export interface Caller {
  readonly userId: string;
  readonly agency: z.infer<typeof Agency>;
  readonly role: z.infer<typeof Roles.schema>;
  readonly unit?: string;
  readonly communes: readonly string[];
  /** The raw token, forwarded by the gateway to the services. */
  readonly token: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}

/** The longest a token may live, from its issue to its expiry, unless configured otherwise: a working day. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** A token with no expiry, or one that lives longer than allowed, is refused like a forged one. */
export class TokenLifetimeError extends Error {
  override readonly name = 'TokenLifetimeError';
}

export interface VerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  /** The longest lifetime accepted (exp − iat, or exp − now without iat); MAX_TOKEN_LIFETIME_SECONDS. */
  readonly maxLifetimeSeconds?: number;
  /** Production: the provider's JWKS URL. */
  readonly jwksUrl?: string;
  /** Embedded default and tests: the local issuer's keys. */
  readonly jwks?: JSONWebKeySet;
}

export function tokenVerifier(options: VerifierOptions): TokenVerifier {
  let keys: JWTVerifyGetKey;
  if (options.jwksUrl) keys = createRemoteJWKSet(new URL(options.jwksUrl));
  else if (options.jwks) keys = createLocalJWKSet(options.jwks);
  else throw new Error('a token verifier needs a JWKS URL or a key set');
  const maxLifetime = options.maxLifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS;
  return {
    async verify(token) {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        requiredClaims: ['exp'],
      });
      assertLifetime(payload, maxLifetime);
      const claims = Claims.parse(payload);
      return {
        userId: claims.sub,
        agency: claims.agency,
        role: claims.role,
        communes: claims.communes,
        token,
        ...(claims.unit ? { unit: claims.unit } : {}),
      };
    },
  };
}

/** Tokens always lapse: an expiry is required, and no further from the issue (or from now) than allowed. */
function assertLifetime(payload: { exp?: number; iat?: number }, maxLifetime: number): void {
  if (typeof payload.exp !== 'number') throw new TokenLifetimeError('the token has no expiry');
  const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
  if (payload.exp - from > maxLifetime)
    throw new TokenLifetimeError(`the token lives longer than ${maxLifetime} s`);
}

/** Every route behind it needs a valid bearer token; the answer to a bad one never says why in detail. */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return (request, response, next) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) {
      next(new ProblemError(401, 'Unauthorized', 'send a bearer token in the Authorization header'));
      return;
    }
    verifier
      .verify(token)
      .then((caller) => {
        response.locals.caller = caller;
        next();
      })
      .catch(() => next(new ProblemError(401, 'Unauthorized', 'the token is missing, invalid or expired')));
  };
}

export const callerOf = (locals: Record<string, unknown>): Caller => {
  const caller = locals.caller as Caller | undefined;
  if (!caller) throw new ProblemError(401, 'Unauthorized', 'not authenticated');
  return caller;
};

/**
 * The embedded default's OpenID-Connect-shaped issuer: an ES256 key pair made at start, its public JWKS for
 * verifiers, and `mint` for the CLI and the demo tokens. Production uses the province's provider instead.
 */
export class LocalIssuer {
  private constructor(
    readonly issuer: string,
    readonly audience: string,
    private readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'],
    readonly jwks: JSONWebKeySet,
  ) {}

  static async create(issuer = 'urn:chungtay:embedded', audience = 'chungtay'): Promise<LocalIssuer> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    return LocalIssuer.fromPrivateJwk(await exportJWK(privateKey), issuer, audience);
  }

  /** The issuer kept on disk by the embedded default, so its tokens outlive a restart and the CLI can mint. */
  static async fromPrivateJwk(
    privateJwk: JWK,
    issuer = 'urn:chungtay:embedded',
    audience = 'chungtay',
  ): Promise<LocalIssuer> {
    const privateKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as Awaited<
      ReturnType<typeof generateKeyPair>
    >['privateKey'];
    const { d: _secret, ...publicJwk } = privateJwk;
    const jwk = { ...publicJwk, kid: 'embedded-1', alg: 'ES256', use: 'sig' };
    const instance = new LocalIssuer(issuer, audience, privateKey, { keys: [jwk] });
    instance.privateJwk = privateJwk;
    return instance;
  }

  private privateJwk: JWK | undefined;

  /** The signing key, to keep beside the data (mode 0600); never log or send it. */
  exportPrivateJwk(): JWK {
    if (!this.privateJwk) throw new Error('this issuer has no exportable key');
    return this.privateJwk;
  }

  /** A token for these claims; one that would outlive what verifiers accept is refused here already. */
  async mint(
    claims: z.input<typeof Claims>,
    expiresIn: string | number = '8h',
    maxLifetimeSeconds = MAX_TOKEN_LIFETIME_SECONDS,
  ): Promise<string> {
    const parsed = Claims.parse(claims);
    const token = await new SignJWT({
      agency: parsed.agency,
      role: parsed.role,
      communes: parsed.communes,
      ...(parsed.unit ? { unit: parsed.unit } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'embedded-1' })
      .setSubject(parsed.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.privateKey);
    assertLifetime(decodeJwt(token), maxLifetimeSeconds);
    return token;
  }

  verifier(): TokenVerifier {
    return tokenVerifier({ issuer: this.issuer, audience: this.audience, jwks: this.jwks });
  }
}
