/**
 * Applies the "Start at login" setting to the OS: Electron's login items on macOS and
 * Windows, an XDG autostart entry on Linux (the decisions are in node/shell/loginItem.ts).
 */
import { app } from 'electron';
import { applyXdgAutostart, launchCommand, loginItemPlan } from '../node/shell/loginItem.js';

export function applyStartAtLogin(enabled: boolean): void {
  const launch = launchCommand({ execPath: process.execPath, env: process.env, defaultApp: process.defaultApp === true, appPath: app.getAppPath() });
  const plan = loginItemPlan(enabled, process.platform, launch, process.env);
  try {
    if (plan.kind === 'electron') app.setLoginItemSettings(plan.settings);
    else applyXdgAutostart(plan);
  } catch (err) {
    // A read-only config folder must not take the app down; the setting stays as chosen.
    console.error(`Parley: could not ${enabled ? 'enable' : 'disable'} start at login:`, err);
  }
}
