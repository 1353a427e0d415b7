/**
 * Staff accounts, sessions and API tokens, all kept in object storage (so every runtime and every
 * replica sees the same ones): users/{username}.json, sessions/{digest}.json, tokens/{digest}.json.
 * Session and API tokens are random; only their SHA-256 digests are stored, so a copy of the
 * store lets nobody in. Passwords are hashed by the PasswordHasher (scrypt).
 */
import { z } from 'zod';
import { bytesOf } from '../adapters/body.ts';
import { userSchema, usernameSchema, type Role, type User } from '../domain/user.ts';
import { AppError, StorageError } from '../errors.ts';
import type { ObjectStore, PasswordHasher } from '../ports.ts';
import { keysUnder } from './keys-under.ts';
import { parseStoredJson } from './record-store.ts';

export const sessionSchema = z.object({
  username: usernameSchema,
  /** The synchronizer token a form or script must send back with every change. */
  csrf: z.string().min(16),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
});
type Session = z.infer<typeof sessionSchema>;

export const apiTokenSchema = z.object({
  username: usernameSchema,
  label: z.string().min(1).max(100),
  createdAt: z.iso.datetime({ offset: true }),
});

export const minimumPasswordLength = 10;
const sessionHours = 12;

const keys = {
  user: (username: string) => `users/${username}.json`,
  session: (digest: string) => `sessions/${digest}.json`,
  token: (digest: string) => `tokens/${digest}.json`,
};

export interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  password: string;
}

export interface ApiTokenInfo {
  /** The first 16 hex digits of the token's SHA-256: enough to name it, useless to sign in with. */
  id: string;
  label: string;
  createdAt: string;
  /** False once the password changed after it was made. */
  active: boolean;
}

const tokenIdOf = (key: string): string => key.slice('tokens/'.length, 'tokens/'.length + 16);

const madeBeforeCredentialsChanged = (createdAt: string, user: User): boolean =>
  user.credentialsChangedAt !== undefined && Date.parse(createdAt) < Date.parse(user.credentialsChangedAt);

export interface SessionInfo {
  user: User;
  csrf: string;
  expiresAt: string;
}

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function randomToken(bytes = 32): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...random)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function checkPassword(password: string): void {
  if ([...password].length < minimumPasswordLength) {
    throw new AppError('bad_request', { detail: { 'zh-CN': `密码至少 ${minimumPasswordLength} 个字符`, en: `a password needs at least ${minimumPasswordLength} characters` } });
  }
}

export class Accounts {
  /** Hashed once, verified against when a username does not exist, so that timing tells nothing. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly store: ObjectStore,
    private readonly passwords: PasswordHasher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getUser(username: string): Promise<User | null> {
    if (!usernameSchema.safeParse(username).success) return null;
    return this.readJson(keys.user(username), userSchema);
  }

  async listUsers(): Promise<User[]> {
    const users: User[] = [];
    for await (const key of keysUnder(this.store, 'users/')) {
      const user = await this.readJson(key, userSchema);
      if (user) users.push(user);
    }
    return users;
  }

  async hasUsers(): Promise<boolean> {
    return (await this.store.list('users/', { pageSize: 1 })).items.length > 0;
  }

  async createUser(input: NewUser, createdBy?: string): Promise<User> {
    checkPassword(input.password);
    const user = userSchema.parse({
      username: input.username,
      displayName: input.displayName,
      roles: [...new Set(input.roles)],
      passwordHash: await this.passwords.hash(input.password),
      disabled: false,
      version: 1,
      updatedAt: this.now().toISOString(),
      ...(createdBy ? { updatedBy: createdBy } : {}),
    });
    try {
      await this.store.put(keys.user(user.username), JSON.stringify(user), { ifAbsent: true });
    } catch (error) {
      if (error instanceof StorageError && error.code === 'precondition_failed') {
        throw new AppError('conflict', { detail: { 'zh-CN': `用户名 ${user.username} 已存在`, en: `the username ${user.username} is taken` } });
      }
      throw error;
    }
    return user;
  }

  /**
   * Changes roles, name, password or whether the account may sign in. Disabling ends its sessions
   * and API tokens while it lasts; a new password ends every session and API token made before it.
   */
  async updateUser(username: string, change: { displayName?: string; roles?: Role[]; password?: string; disabled?: boolean }, by: string): Promise<User> {
    const stored = usernameSchema.safeParse(username).success ? await this.readStored(keys.user(username), userSchema) : null;
    if (!stored) throw new AppError('not_found');
    const current = stored.value;
    if (change.password !== undefined) checkPassword(change.password);
    const next = userSchema.parse({
      ...current,
      ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
      ...(change.roles !== undefined ? { roles: [...new Set(change.roles)] } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
      ...(change.password !== undefined ? { passwordHash: await this.passwords.hash(change.password), credentialsChangedAt: this.now().toISOString() } : {}),
      version: current.version + 1,
      updatedAt: this.now().toISOString(),
      updatedBy: by,
    });
    await this.store.put(keys.user(username), JSON.stringify(next), { ifMatch: stored.etag });
    return next;
  }

  /** The user, when the password is theirs and the account is enabled. */
  async verifyPassword(username: string, password: string): Promise<User | null> {
    const user = await this.getUser(username);
    if (!user || user.disabled) {
      this.decoyHash ??= this.passwords.hash(randomToken());
      await this.passwords.verify(password, await this.decoyHash);
      return null;
    }
    return (await this.passwords.verify(password, user.passwordHash)) ? user : null;
  }

  async startSession(user: User): Promise<{ token: string; session: Session }> {
    const token = randomToken();
    const created = this.now();
    const session: Session = {
      username: user.username,
      csrf: randomToken(24),
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + sessionHours * 3600_000).toISOString(),
    };
    await this.store.put(keys.session(await sha256Hex(token)), JSON.stringify(session), { ifAbsent: true });
    return { token, session };
  }

  async session(token: string): Promise<SessionInfo | null> {
    const key = keys.session(await sha256Hex(token));
    const session = await this.readJson(key, sessionSchema);
    if (!session) return null;
    if (Date.parse(session.expiresAt) <= this.now().getTime()) {
      await this.store.delete(key);
      return null;
    }
    const user = await this.getUser(session.username);
    if (user && madeBeforeCredentialsChanged(session.createdAt, user)) {
      await this.store.delete(key);
      return null;
    }
    return user && !user.disabled ? { user, csrf: session.csrf, expiresAt: session.expiresAt } : null;
  }

  async endSession(token: string): Promise<void> {
    await this.store.delete(keys.session(await sha256Hex(token)));
  }

  /** A new API token for scripts, shown once; only its digest is kept. */
  async createApiToken(username: string, label: string): Promise<string> {
    if (!(await this.getUser(username))) throw new AppError('not_found');
    const token = `dft_${randomToken()}`;
    const record = apiTokenSchema.parse({ username, label, createdAt: this.now().toISOString() });
    await this.store.put(keys.token(await sha256Hex(token)), JSON.stringify(record), { ifAbsent: true });
    return token;
  }

  async userForApiToken(token: string): Promise<User | null> {
    if (!token.startsWith('dft_')) return null;
    const record = await this.readJson(keys.token(await sha256Hex(token)), apiTokenSchema);
    if (!record) return null;
    const user = await this.getUser(record.username);
    return user && !user.disabled && !madeBeforeCredentialsChanged(record.createdAt, user) ? user : null;
  }

  /** A user's API tokens (never the tokens themselves): an id to revoke each by, its label and age. */
  async listApiTokens(username: string): Promise<ApiTokenInfo[]> {
    const user = await this.getUser(username);
    if (!user) throw new AppError('not_found');
    const found: ApiTokenInfo[] = [];
    for await (const key of keysUnder(this.store, 'tokens/')) {
      const record = await this.readJson(key, apiTokenSchema);
      if (record?.username !== username) continue;
      found.push({ id: tokenIdOf(key), label: record.label, createdAt: record.createdAt, active: !madeBeforeCredentialsChanged(record.createdAt, user) });
    }
    return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes one API token by the id listApiTokens gives; false when the user has no such token. */
  async revokeApiToken(username: string, id: string): Promise<boolean> {
    if (!/^[0-9a-f]{16}$/.test(id)) return false;
    for await (const key of keysUnder(this.store, `tokens/${id}`)) {
      const record = await this.readJson(key, apiTokenSchema);
      if (record?.username !== username) continue;
      await this.store.delete(key);
      return true;
    }
    return false;
  }

  private async readJson<T>(key: string, schema: z.ZodType<T>): Promise<T | null> {
    return (await this.readStored(key, schema))?.value ?? null;
  }

  private async readStored<T>(key: string, schema: z.ZodType<T>): Promise<{ value: T; etag: string } | null> {
    const object = await this.store.get(key);
    if (!object) return null;
    return { value: parseStoredJson(key, await bytesOf(object), schema), etag: object.info.etag };
  }
}
