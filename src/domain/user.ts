/** User: staff who catalogue, review and administer; readers never log in. */
import { z } from 'zod';
import { recordMetaSchema } from './record-meta.ts';

/** curator: composes topics (专题) for readers; the others catalogue, review, administer. */
export const roleSchema = z.enum(['admin', 'cataloguer', 'reviewer', 'curator']);
export type Role = z.infer<typeof roleSchema>;

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,31}$/, 'username: 2–32 lowercase letters, digits, "_", "." or "-"');

export const userSchema = recordMetaSchema.extend({
  username: usernameSchema,
  displayName: z.string().trim().min(1),
  roles: z.array(roleSchema).min(1),
  /** scrypt hash in the form scrypt$N$r$p$salt$hash (base64url); never the password. */
  passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/),
  disabled: z.boolean().default(false),
  /** When the password was last set by a change: sessions and API tokens made before it no longer count. */
  credentialsChangedAt: z.iso.datetime({ offset: true }).optional(),
});
export type User = z.infer<typeof userSchema>;
