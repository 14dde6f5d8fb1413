import { reloadForUpdate, updateReady } from './sw';

/** "A new version is ready" — swapped in only when the person presses Update, never mid-game by itself. */
export function UpdateBanner() {
  if (!updateReady.value) return null;
  return (
    <div class="update-banner" role="status">
      <span>A new version of Sommelier Arena is ready.</span>
      <button type="button" class="btn btn-secondary" onClick={reloadForUpdate}>
        Update
      </button>
    </div>
  );
}
