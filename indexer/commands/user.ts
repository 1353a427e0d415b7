/**
 * `difang user …`: staff accounts from the command line, for the first administrator and for
 * scripts. Passwords are read from DIFANG_PASSWORD or from standard input (one line), never from
 * the command line, where other users of the machine could see them.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { scryptPasswords } from '../../src/adapters/node-crypto/scrypt-passwords.ts';
import { roleSchema, type Role } from '../../src/domain/user.ts';
import { AppError } from '../../src/errors.ts';
import type { Lang } from '../../src/i18n.ts';
import { Accounts } from '../../src/services/accounts.ts';
import { openCommandStore } from './command-services.ts';

const say = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

async function readPassword(lang: Lang): Promise<string> {
  if (process.env.DIFANG_PASSWORD) return process.env.DIFANG_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write(say(lang, '密码（输入后回车）：', 'Password (then Enter): '));
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

export async function userCommand(args: string[], lang: Lang): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string', multiple: true }, label: { type: 'string' } },
  });
  const [action, username, tokenId] = positionals;
  const usage = say(lang, '用法：', 'usage: ') + 'difang user add <username> --name NAME --role cataloguer|reviewer|curator|admin … | passwd <username> | disable <username> | enable <username> | token <username> --label TEXT | tokens <username> | revoke <username> <token-id> | list\n';
  const roles = (values.role ?? []).flatMap((role) => role.split(','));
  if (!action || (action !== 'list' && !username) || (action === 'add' && (!values.name || roles.length === 0)) || (action === 'token' && !values.label) || (action === 'revoke' && !tokenId)) {
    process.stderr.write(usage);
    return 2;
  }
  const badRole = roles.find((role) => !roleSchema.safeParse(role).success);
  if (badRole) {
    process.stderr.write(say(lang, `✗ 没有 ${badRole} 这个角色（可用：cataloguer、reviewer、admin）\n`, `✗ there is no role ${badRole} (use cataloguer, reviewer, admin)\n`));
    return 2;
  }
  const { store, close } = await openCommandStore();
  const accounts = new Accounts(store, scryptPasswords());
  try {
    switch (action) {
      case 'add': {
        const user = await accounts.createUser({ username: username!, displayName: values.name!, roles: roles as Role[], password: await readPassword(lang) }, 'cli');
        process.stdout.write(say(lang, `已创建账号 ${user.username}（${user.displayName}；${user.roles.join('、')}）\n`, `Created ${user.username} (${user.displayName}; ${user.roles.join(', ')})\n`));
        return 0;
      }
      case 'passwd':
        await accounts.updateUser(username!, { password: await readPassword(lang) }, 'cli');
        process.stdout.write(say(lang, `已修改 ${username} 的密码；此前的登录会话和 API 令牌均已失效\n`, `Changed the password of ${username}; its earlier sessions and API tokens no longer work\n`));
        return 0;
      case 'disable':
      case 'enable':
        await accounts.updateUser(username!, { disabled: action === 'disable' }, 'cli');
        process.stdout.write(say(lang, `${username} 已${action === 'disable' ? '停用' : '启用'}\n`, `${username} is ${action}d\n`));
        return 0;
      case 'token': {
        const token = await accounts.createApiToken(username!, values.label!);
        process.stdout.write(`${token}\n`);
        process.stderr.write(say(lang, '令牌只显示这一次；脚本以 Authorization: Bearer <令牌> 使用它。\n', 'The token is shown only this once; scripts send it as Authorization: Bearer <token>.\n'));
        return 0;
      }
      case 'tokens':
        for (const token of await accounts.listApiTokens(username!)) {
          process.stdout.write(`${token.id}\t${token.createdAt}\t${token.label}${token.active ? '' : say(lang, '\t已失效（密码修改前创建）', '\tno longer works (made before the password changed)')}\n`);
        }
        return 0;
      case 'revoke':
        if (!(await accounts.revokeApiToken(username!, tokenId!))) {
          process.stderr.write(say(lang, `✗ ${username} 没有编号为 ${tokenId} 的令牌（用 difang user tokens ${username} 查看）\n`, `✗ ${username} has no token ${tokenId} (see difang user tokens ${username})\n`));
          return 1;
        }
        process.stdout.write(say(lang, `已撤销 ${username} 的令牌 ${tokenId}\n`, `Revoked token ${tokenId} of ${username}\n`));
        return 0;
      case 'list':
        for (const user of await accounts.listUsers()) {
          process.stdout.write(`${user.username}\t${user.displayName}\t${user.roles.join(',')}${user.disabled ? say(lang, '\t已停用', '\tdisabled') : ''}\n`);
        }
        return 0;
      default:
        process.stderr.write(usage);
        return 2;
    }
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`✗ ${error.detail?.[lang] ?? error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}
