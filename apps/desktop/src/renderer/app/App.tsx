import { useEffect } from 'react';
import { AuthScreen } from '../features/session/AuthScreen.js';
import { selectSession } from '../features/session/sessionSlice.js';
import { selectSettings } from '../features/settings/settingsSlice.js';
import { loadSnapshot } from './boot.js';
import { useAppDispatch, useAppSelector } from './hooks.js';
import { Shell } from './Shell.js';

/** Light/dark follow the OS unless settings say otherwise (CSS reads `data-theme`). */
function useTheme() {
  const theme = useAppSelector(selectSettings).theme;
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  const dispatch = useAppDispatch();
  const session = useAppSelector(selectSession);
  const { bootstrapped, bootError } = useAppSelector((state) => state.session);
  useTheme();

  if (!bootstrapped) {
    return (
      <div className="splash" role="status" aria-live="polite">
        <div className="splash-logo" aria-hidden="true">
          P
        </div>
        {bootError ? (
          <>
            <p>Could not reach the Parley app: {bootError}</p>
            <button type="button" className="btn btn-primary" onClick={() => void dispatch(loadSnapshot())}>
              Try again
            </button>
          </>
        ) : (
          <p>Loading Parley…</p>
        )}
      </div>
    );
  }
  return session ? <Shell /> : <AuthScreen />;
}
