/**
 * Who is making a request. Three ways in, one Principal:
 * - the bootstrap administrator token from ADMIN_TOKEN, as "Authorization: Bearer …";
 * - a staff member's API token (for scripts), the same way;
 * - a session cookie from signing in, which also carries the CSRF token that every change made
 *   with it must send back (requireRole checks it).
 * Token comparison is by SHA-256 digest in constant time.
 */
import type { Role } from '../domain/user.ts';
import type { Accounts } from './accounts.ts';

export interface Principal {
  username: string;
  displayName: string;
  roles: Role[];
  /** How they proved it: the bootstrap token, an API token, a session. */
  via: 'bootstrap-token' | 'api-token' | 'session';
  /** For sessions: what a change must carry in X-CSRF-Token (or the form field _csrf). */
  csrf?: string;
}

export interface Authenticator {
  principalFor(request: Request): Promise<Principal | null>;
  /** Whether any way to become an administrator is configured at all (to explain a 403). */
  readonly adminConfigured: boolean;
  /** Staff accounts, where they are kept (absent: only the bootstrap token works). */
  readonly accounts?: Accounts;
}

export const sessionCookie = 'difang_session';

const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export async function sameSecret(a: string, b: string): Promise<boolean> {
  return constantTimeEqual(await digest(a), await digest(b));
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function cookieValue(request: Request, name: string): string | null {
  for (const part of (request.headers.get('Cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || null;
  }
  return null;
}

export function bootstrapAuthenticator(adminToken: string | undefined): Authenticator {
  return staffAuthenticator(adminToken);
}

export function staffAuthenticator(adminToken: string | undefined, accounts?: Accounts): Authenticator {
  const expected = adminToken ? digest(adminToken) : null;
  return {
    adminConfigured: Boolean(adminToken) || Boolean(accounts),
    ...(accounts ? { accounts } : {}),
    async principalFor(request) {
      const token = bearerToken(request);
      if (token) {
        if (expected && constantTimeEqual(await digest(token), await expected)) return { username: 'admin', displayName: 'admin', roles: ['admin'], via: 'bootstrap-token' };
        const user = accounts ? await accounts.userForApiToken(token) : null;
        return user ? { username: user.username, displayName: user.displayName, roles: user.roles, via: 'api-token' } : null;
      }
      const cookie = cookieValue(request, sessionCookie);
      const session = cookie && accounts ? await accounts.session(cookie) : null;
      return session ? { username: session.user.username, displayName: session.user.displayName, roles: session.user.roles, via: 'session', csrf: session.csrf } : null;
    },
  };
}
