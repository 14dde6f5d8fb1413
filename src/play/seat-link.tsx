/**
 * The phone's seat-link screens, loaded only when used (they are rare, and the phone's first download has a budget:
 * docs/performance.md):
 * - `SeatPanel`: "continue on another device", the link and QR code carrying this seat's token in the URL fragment;
 * - `SeatChoice`: such a link opened on a phone that already has its own seat in that tasting asks first — keep it,
 *   or take the link's seat (a link someone sent must never silently take a phone out of its seat).
 */
import { t } from '../i18n';
import { QrCode } from '../ui/QrCode';
import type { PlayRuntime } from './runtime';

export function SeatPanel({ url }: { url: string }) {
  const m = t().play;
  return (
    <div class="card move-seat-panel">
      <p>{m.moveText}</p>
      <QrCode text={url} label={m.moveQr} />
      <a data-testid="seat-link" href={url} class="join-link">
        {url}
      </a>
    </div>
  );
}

export function SeatChoice({ runtime }: { runtime: PlayRuntime }) {
  const m = t().play;
  const current = runtime.seatChoice.value?.current ?? '';
  return (
    <div class="card center">
      <h1>{m.seatTitle}</h1>
      <p>{m.seatText(current)}</p>
      <button type="button" class="btn btn-primary btn-xl" data-testid="seat-keep" onClick={() => void runtime.chooseSeat(false)}>
        {m.seatKeep}
      </button>
      <button type="button" class="btn btn-ghost" data-testid="seat-take" onClick={() => void runtime.chooseSeat(true)}>
        {m.seatTake}
      </button>
    </div>
  );
}
