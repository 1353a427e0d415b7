/**
 * Who is making a request. For now one credential exists: the bootstrap administrator token from
 * ADMIN_TOKEN, sent as "Authorization: Bearer …". Accounts, sessions and per-user API tokens add
 * further ways to the same Principal. Comparison is by SHA-256 digest in constant time.
 */
import type { Role } from '../domain/user.ts';

export interface Principal {
  username: string;
  roles: Role[];
  /** How they proved it: the bootstrap token, an API token, a session. */
  via: 'bootstrap-token' | 'api-token' | 'session';
}

export interface Authenticator {
  principalFor(request: Request): Promise<Principal | null>;
  /** Whether any way to become an administrator is configured at all (to explain a 403). */
  readonly adminConfigured: boolean;
}

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

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function bootstrapAuthenticator(adminToken: string | undefined): Authenticator {
  const expected = adminToken ? digest(adminToken) : null;
  return {
    adminConfigured: Boolean(adminToken),
    async principalFor(request) {
      const token = bearerToken(request);
      if (!token || !expected) return null;
      return constantTimeEqual(await digest(token), await expected) ? { username: 'admin', roles: ['admin'], via: 'bootstrap-token' } : null;
    },
  };
}
