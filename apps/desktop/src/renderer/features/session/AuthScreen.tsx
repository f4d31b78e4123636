/** Sign in / create account, with the server address (prefilled with main's current one). */
import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { submitAuth, type AuthForm } from './sessionSlice.js';

export function AuthScreen() {
  const dispatch = useAppDispatch();
  const { authPending, authError, defaultServerUrl, endedMessage } = useAppSelector((state) => state.session);
  const [form, setForm] = useState<AuthForm>({
    mode: 'login',
    serverUrl: defaultServerUrl ?? '',
    email: '',
    password: '',
    fullName: '',
  });
  const update = (patch: Partial<AuthForm>) => setForm((f) => ({ ...f, ...patch }));
  const registering = form.mode === 'register';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!authPending) void dispatch(submitAuth(form));
  };

  return (
    <div className="auth-screen">
      <form className="auth-card" onSubmit={onSubmit} aria-labelledby="auth-title">
        <div className="auth-logo" aria-hidden="true">
          P
        </div>
        <h1 id="auth-title">{registering ? 'Create your Parley account' : 'Sign in to Parley'}</h1>
        <div className="segmented" role="tablist" aria-label="Account">
          <button type="button" role="tab" aria-selected={!registering} onClick={() => update({ mode: 'login' })}>
            Sign in
          </button>
          <button type="button" role="tab" aria-selected={registering} onClick={() => update({ mode: 'register' })}>
            Register
          </button>
        </div>
        <label className="field">
          <span>Server</span>
          <input
            type="url"
            name="server"
            value={form.serverUrl}
            placeholder="https://parley.example.com"
            onChange={(e) => update({ serverUrl: e.target.value })}
            autoComplete="url"
          />
        </label>
        {registering && (
          <label className="field">
            <span>Full name</span>
            <input name="full_name" value={form.fullName} onChange={(e) => update({ fullName: e.target.value })} required autoComplete="name" />
          </label>
        )}
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" value={form.email} onChange={(e) => update({ email: e.target.value })} required autoComplete="email" />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            value={form.password}
            minLength={registering ? 8 : undefined}
            onChange={(e) => update({ password: e.target.value })}
            required
            autoComplete={registering ? 'new-password' : 'current-password'}
          />
        </label>
        {endedMessage && (
          <p className="form-notice" role="status">
            {endedMessage}
          </p>
        )}
        {authError && (
          <p className="form-error" role="alert">
            {authError}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={authPending}>
          {authPending ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
