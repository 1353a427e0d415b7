/** @jsxImportSource hono/jsx */
/** The workspace's frame: the site layout with the cataloguers' navigation, who is signed in, and sign-out. */
import type { Child } from 'hono/jsx';
import { Layout, type PageFrame } from '../../layout.tsx';
import { ct } from '../../catalog-messages.ts';
import type { Principal } from '../../../services/authenticator.ts';

export type WorkspaceFrame = Omit<PageFrame, 'title'> & { principal: Principal | null };

export function WorkspaceLayout(props: WorkspaceFrame & { title: string; current?: 'queues' | 'dashboard' | 'classes' | 'topics'; children?: Child }) {
  const { lang, principal } = props;
  const roleName = { admin: 'roleAdmin', cataloguer: 'roleCataloguer', reviewer: 'roleReviewer', curator: 'roleCurator' } as const;
  const roleNames = principal?.roles.map((role) => ct(lang, roleName[role])).join(lang === 'en' ? ', ' : '、') ?? '';
  const subnav = principal ? (
    <nav class="workspace-nav" aria-label={ct(lang, 'workspace')}>
      <a href="/catalog" aria-current={props.current === 'queues' ? 'page' : undefined}>
        {ct(lang, 'queues')}
      </a>
      <a href="/catalog/dashboard" aria-current={props.current === 'dashboard' ? 'page' : undefined}>
        {ct(lang, 'dashboard')}
      </a>
      <a href="/catalog/classes" aria-current={props.current === 'classes' ? 'page' : undefined}>
        {ct(lang, 'classesTitle')}
      </a>
      {principal.roles.includes('admin') || principal.roles.includes('curator') ? (
        <a href="/catalog/topics" aria-current={props.current === 'topics' ? 'page' : undefined}>
          {ct(lang, 'topicsTitle')}
        </a>
      ) : null}
      {principal.roles.includes('admin') ? <a href="/admin">{ct(lang, 'admin')}</a> : null}
      <span class="who">{ct(lang, 'signedInAs', { name: principal.displayName, roles: roleNames })}</span>
      <form method="post" action="/catalog/logout">
        <input type="hidden" name="_csrf" value={principal.csrf ?? ''} />
        <button type="submit">{ct(lang, 'signOut')}</button>
      </form>
    </nav>
  ) : null;
  return (
    <Layout {...props} title={props.title} scripts={principal ? ['catalog'] : []} subnav={subnav} wide>
      {principal ? <meta name="csrf-token" content={principal.csrf ?? ''} /> : null}
      {props.children}
    </Layout>
  );
}
