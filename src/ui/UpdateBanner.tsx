import { t } from '../i18n';
import { reloadForUpdate, updateReady } from './sw';

/** "A new version is ready" — swapped in only when the person presses Update, never mid-game by itself. */
export function UpdateBanner() {
  if (!updateReady.value) return null;
  const m = t().app;
  return (
    <div class="update-banner" role="status">
      <span>{m.updateReady}</span>
      <button type="button" class="btn btn-secondary" onClick={reloadForUpdate}>
        {m.update}
      </button>
    </div>
  );
}
