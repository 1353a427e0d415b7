/** @jsxImportSource hono/jsx */
/** 登录: a plain form that works without scripts; it goes on to the page the person asked for. */
import { ct } from '../../catalog-messages.ts';
import { WorkspaceLayout, type WorkspaceFrame } from './frame.tsx';

export function LoginPage(props: { frame: WorkspaceFrame; next: string; error: 'invalid' | 'throttled' | null }) {
  const { lang } = props.frame;
  return (
    <WorkspaceLayout {...props.frame} title={ct(lang, 'signIn')}>
      <h1>
        {ct(lang, 'workspace')} · {ct(lang, 'signIn')}
      </h1>
      {props.error ? (
        <p class="problem" role="alert">
          {ct(lang, props.error === 'throttled' ? 'signInThrottled' : 'signInFailed')}
        </p>
      ) : null}
      <form class="login-form" method="post" action="/api/session">
        <input type="hidden" name="next" value={props.next} />
        <label for="login-username">{ct(lang, 'username')}</label>
        <input id="login-username" name="username" autocomplete="username" required autofocus />
        <label for="login-password">{ct(lang, 'password')}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">{ct(lang, 'signIn')}</button>
      </form>
    </WorkspaceLayout>
  );
}
