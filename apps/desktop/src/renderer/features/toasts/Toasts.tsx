import { useEffect } from 'react';
import { navigationRequested } from '../../app/events.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Icon } from '../../ui/Icon.js';
import { selectToasts, toastDismissed, type Toast } from './toastsSlice.js';

/** Long enough to read two lines; hovering does not matter because toasts are also in the notifications list. */
const TOAST_MS = 6000;

function ToastItem({ toast }: { toast: Toast }) {
  const dispatch = useAppDispatch();
  useEffect(() => {
    const timer = setTimeout(() => dispatch(toastDismissed(toast.id)), TOAST_MS);
    return () => clearTimeout(timer);
  }, [dispatch, toast.id]);
  const open = () => {
    if (toast.target) dispatch(navigationRequested(toast.target));
    dispatch(toastDismissed(toast.id));
  };
  return (
    <li className="toast">
      {toast.target ? (
        <button type="button" className="toast-body" onClick={open}>
          {toast.text}
        </button>
      ) : (
        <span className="toast-body">{toast.text}</span>
      )}
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dispatch(toastDismissed(toast.id))}>
        <Icon name="close" size={14} />
      </button>
    </li>
  );
}

export function Toasts() {
  const toasts = useAppSelector(selectToasts);
  return (
    <ol className="toasts" role="status" aria-live="polite" aria-label="Alerts">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ol>
  );
}
