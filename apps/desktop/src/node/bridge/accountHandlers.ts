/**
 * The Settings "Account" section's calls: my sessions, signing one or all out, changing
 * the password and the display name. Signing everything out (this device included) ends
 * like a sign-out from the menu, except that the cache stays for the next sign-in.
 */
import type { BridgeHandlers } from '../../common/bridge.js';
import type { Core } from '../app/core.js';

type AccountCalls = 'account.sessions' | 'account.revokeSession' | 'account.logoutAll' | 'account.changePassword' | 'account.updateProfile';

export function createAccountHandlers(core: Core): Pick<BridgeHandlers, AccountCalls> {
  const { ctx } = core;
  return {
    async 'account.sessions'() {
      return ctx.api.sessions();
    },
    async 'account.revokeSession'(req) {
      await ctx.api.revokeSession(req.sessionId);
      return null;
    },
    async 'account.logoutAll'() {
      await ctx.api.logoutAll();
      await core.signOut(false);
      return null;
    },
    async 'account.changePassword'(req) {
      await ctx.api.changePassword({ current_password: req.currentPassword, new_password: req.newPassword });
      return null;
    },
    async 'account.updateProfile'(req) {
      const user = await ctx.api.updateProfile({ full_name: req.fullName });
      await ctx.cache.upsertUsers([user]);
      await ctx.session.updateUser(user);
      const view = ctx.session.current;
      if (!view) throw Object.assign(new Error('Sign in first.'), { code: 'signed_out' });
      ctx.events.emit('session.changed', view);
      return view;
    },
  };
}
