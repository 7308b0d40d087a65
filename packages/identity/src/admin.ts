import type { Role } from '@chungtay/contracts';
import { CLI_CLIENT, REALM } from './realm.ts';
import { StaffRow } from './roster.ts';

/** A member of the province's staff as the directory holds them: an account, a role, a unit, communes. */
export interface StaffMember {
  readonly username: string;
  readonly role: Role;
  readonly unit?: string;
  readonly communes: readonly string[];
  readonly firstName?: string;
  readonly lastName?: string;
}

/**
 * The staff directory's accounts in Keycloak, through its admin API, as the CLI's service account (which
 * holds realm-management's manage-users in the realm generated from the code).
 */
export class KeycloakDirectory {
  private token?: { value: string; until: number };

  constructor(
    private readonly url: string,
    private readonly cliSecret: string,
    private readonly realm = REALM,
  ) {}

  private async bearer(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const response = await fetch(`${this.url}/realms/${this.realm}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CLI_CLIENT,
        client_secret: this.cliSecret,
      }),
    });
    if (!response.ok)
      throw new Error(`the identity provider refused the CLI's credentials (${response.status})`);
    const { access_token: value, expires_in: seconds } = (await response.json()) as {
      access_token: string;
      expires_in: number;
    };
    this.token = { value, until: Date.now() + (seconds - 30) * 1000 };
    return value;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.url}/admin/realms/${this.realm}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.bearer()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // Never the answer's body: it may hold the person's name.
    if (!response.ok)
      throw new Error(`the identity provider answered ${response.status} to ${method} ${path.split('/')[1]}`);
    return response;
  }

  /** The account's id, by its username; undefined when there is none. */
  async idOf(username: string): Promise<string | undefined> {
    const found = (await (
      await this.call('GET', `/users?exact=true&username=${encodeURIComponent(username)}`)
    ).json()) as Array<{ id: string }>;
    return found[0]?.id;
  }

  /**
   * Adds a member (enabled) with their role, unit and communes; `password` for a first sign-in. The member
   * is placed by the directory's rules first (`StaffRow`: a unit of the province, a role of its staff, the
   * unit's communes when none are given); a member they refuse is not added.
   */
  async add(given: StaffMember, password?: string): Promise<string> {
    const member = StaffRow.parse({ ...given, communes: [...given.communes] });
    await this.call('POST', '/users', {
      username: member.username,
      enabled: true,
      ...(member.firstName ? { firstName: member.firstName } : {}),
      ...(member.lastName ? { lastName: member.lastName } : {}),
      attributes: { ...(member.unit ? { unit: [member.unit] } : {}), communes: [...member.communes] },
      ...(password ? { credentials: [{ type: 'password', value: password, temporary: false }] } : {}),
    });
    const id = await this.idOf(member.username);
    if (!id) throw new Error('the account was not made');
    // The roles the account may be given, as managing users sees them (no right to read the realm's setup).
    const available = (await (
      await this.call('GET', `/users/${id}/role-mappings/realm/available`)
    ).json()) as Array<{ id: string; name: string }>;
    const role = available.find((candidate) => candidate.name === member.role);
    if (!role) throw new Error(`the realm has no role ${member.role}`);
    await this.call('POST', `/users/${id}/role-mappings/realm`, [role]);
    return id;
  }

  /**
   * Moves a member to other communes or another unit: their next token carries the new ones, so the old
   * commune's cases leave their reach when the token they hold lapses (at most the access token's lifetime).
   */
  async move(
    username: string,
    to: { readonly communes: readonly string[]; readonly unit?: string },
  ): Promise<void> {
    const id = await this.idOf(username);
    if (!id) throw new Error('no such account');
    const current = (await (await this.call('GET', `/users/${id}`)).json()) as Record<string, unknown> & {
      attributes?: Record<string, string[]>;
    };
    // The whole account sent back, the attributes changed: Keycloak's user profile checks it whole.
    await this.call('PUT', `/users/${id}`, {
      ...current,
      attributes: {
        ...current.attributes,
        communes: [...to.communes],
        ...(to.unit ? { unit: [to.unit] } : {}),
      },
    });
    // Ends the sessions it has: the next sign-in, or refresh, gives a token with the new communes.
    await this.call('POST', `/users/${id}/logout`);
  }

  /** Disables the account: its next token is refused, and so is the refresh of the one it holds. */
  async disable(username: string): Promise<void> {
    const id = await this.idOf(username);
    if (!id) throw new Error('no such account');
    await this.call('PUT', `/users/${id}`, { enabled: false });
    // Ends the sessions it has, so that a refresh is refused at once, not when the session lapses.
    await this.call('POST', `/users/${id}/logout`);
  }
}
