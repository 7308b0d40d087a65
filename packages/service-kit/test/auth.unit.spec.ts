import { importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { Claims, LocalIssuer, MAX_TOKEN_LIFETIME_SECONDS, tokenVerifier } from '../src/index.ts';

const officer = {
  sub: 'officer-1',
  agency: 'commune' as const,
  role: 'commune_officer' as const,
  communes: ['21583'],
};

/** A token signed with the issuer's own key, shaped as the test needs (what a careless issuer could sign). */
async function signedBy(issuer: LocalIssuer, shape: (jwt: SignJWT) => SignJWT): Promise<string> {
  const key = await importJWK({ ...issuer.exportPrivateJwk(), alg: 'ES256' }, 'ES256');
  const jwt = new SignJWT({ agency: officer.agency, role: officer.role, communes: officer.communes })
    .setProtectedHeader({ alg: 'ES256', kid: 'embedded-1' })
    .setSubject(officer.sub)
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience);
  return shape(jwt).sign(key);
}

describe('tokens always lapse (issue 17, item 9)', () => {
  it('refuses a token signed without an expiry', async () => {
    const issuer = await LocalIssuer.create();
    const forever = await signedBy(issuer, (jwt) => jwt.setIssuedAt());
    await expect(issuer.verifier().verify(forever)).rejects.toThrow(/exp/);
  });

  it('refuses a lifetime beyond the maximum, from its issue or, without iat, from now', async () => {
    const issuer = await LocalIssuer.create();
    const verifier = issuer.verifier();
    const year = await signedBy(issuer, (jwt) => jwt.setIssuedAt().setExpirationTime('365d'));
    await expect(verifier.verify(year)).rejects.toThrow('longer than 43200 s');
    const noIat = await signedBy(issuer, (jwt) => jwt.setExpirationTime('13h'));
    await expect(verifier.verify(noIat)).rejects.toThrow('longer than 43200 s');
    const day = await signedBy(issuer, (jwt) => jwt.setIssuedAt().setExpirationTime('12h'));
    expect((await verifier.verify(day)).userId).toBe('officer-1');
    const strict = tokenVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwks: issuer.jwks,
      maxLifetimeSeconds: 600,
    });
    await expect(strict.verify(day)).rejects.toThrow('longer than 600 s');
    expect(MAX_TOKEN_LIFETIME_SECONDS).toBe(12 * 3600);
  });

  it('never mints what verifiers would refuse', async () => {
    const issuer = await LocalIssuer.create();
    await expect(issuer.mint(officer, '13h')).rejects.toThrow('longer than 43200 s');
    expect(await issuer.mint(officer, '12h')).toMatch(/^ey/);
  });
});

describe('tokens', () => {
  it('carries subject, agency, role, unit and communes, and the agency must be the role’s', () => {
    expect(
      Claims.safeParse({ sub: 'u', agency: 'commune', role: 'commune_officer', communes: ['21583'] }).success,
    ).toBe(true);
    const mismatch = Claims.safeParse({ sub: 'u', agency: 'police', role: 'commune_officer' });
    expect(mismatch.success).toBe(false);
    expect(mismatch.error?.issues[0]?.path).toEqual(['agency']);
    expect(Claims.safeParse({ sub: 'u', agency: 'commune', role: 'mayor' }).success).toBe(false);
    expect(
      Claims.safeParse({ sub: 'u', agency: 'commune', role: 'commune_officer', communes: ['215'] }).success,
    ).toBe(false);
  });

  it('verifies what the issuer minted, and refuses expired, foreign or tampered tokens', async () => {
    const issuer = await LocalIssuer.create();
    const verifier = issuer.verifier();
    const token = await issuer.mint({
      sub: 'officer-1',
      agency: 'commune',
      role: 'commune_officer',
      communes: ['21583'],
    });
    expect(await verifier.verify(token)).toMatchObject({
      userId: 'officer-1',
      role: 'commune_officer',
      communes: ['21583'],
    });
    await expect(
      verifier.verify(await issuer.mint({ sub: 'x', agency: 'police', role: 'police_investigator' }, '-1m')),
    ).rejects.toThrow();
    const stranger = await LocalIssuer.create();
    await expect(
      verifier.verify(await stranger.mint({ sub: 'x', agency: 'police', role: 'police_investigator' })),
    ).rejects.toThrow();
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload as string, 'base64url').toString()),
        role: 'auditor',
      }),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${forged}.${signature}`)).rejects.toThrow();
    await expect(issuer.mint({ sub: 'x', agency: 'police', role: 'commune_officer' })).rejects.toThrow(
      /agency/,
    );
  });
});

describe('Keycloak’s tokens: the role among the realm roles (decision 0056)', () => {
  const keycloakShaped = (roles: readonly string[], extra: Record<string, unknown> = {}) =>
    Claims.safeParse({ sub: 'kc-user', realm_access: { roles }, communes: ['21583'], ...extra });

  it('reads the one Chung Tay role among the realm roles, and its agency from it', () => {
    const parsed = keycloakShaped(['default-roles-chungtay', 'offline_access', 'commune_officer']);
    expect(parsed.success && parsed.data).toMatchObject({ role: 'commune_officer', agency: 'commune' });
  });

  it('refuses a token with none of the nine roles, or two of them', () => {
    expect(keycloakShaped(['default-roles-chungtay']).success).toBe(false);
    expect(keycloakShaped(['commune_officer', 'auditor']).success).toBe(false);
  });

  it('refuses an agency claim that is not the role’s', () => {
    expect(keycloakShaped(['commune_officer'], { agency: 'police' }).success).toBe(false);
    expect(keycloakShaped(['commune_officer'], { agency: 'commune' }).success).toBe(true);
  });
});
