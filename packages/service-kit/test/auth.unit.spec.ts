import { describe, expect, it } from 'vitest';
import { Claims, LocalIssuer } from '../src/index.ts';

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
