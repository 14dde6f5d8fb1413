/**
 * The projector view's feed (`/host/<code>/screen`, docs/screens.md): the tab that runs a session publishes every new state
 * on a BroadcastChannel of this browser; projector tabs and windows listen, and read the saved session from
 * IndexedDB when they open. Only the running tab publishes (one tab runs a session: the Web Lock in active.ts), and
 * a projector keeps its last state while the host's tab reloads, then follows the new one.
 *
 * Messages: `state` (host → screens, on every change and in answer to `hello`), `hello` (a screen that just opened
 * asks for the state), `gone` (the running tab stops: closed, reloading, or taken over).
 */
import { effect } from '@preact/signals';
import type { SessionState } from '../engine';
import type { HostRuntime } from './runtime';

export type ScreenMessage = { type: 'state'; state: SessionState } | { type: 'hello' } | { type: 'gone' };

/** The BroadcastChannel name of session `code`'s feed. */
export function screenChannel(code: string): string {
  return `sommelier-screen-${code}`;
}

/** What a screen gets: the session without the participants' rejoin tokens (a screen never needs them). */
export function forScreen(state: SessionState): SessionState {
  return { ...state, participants: state.participants.map((p) => ({ ...p, token: '' })) };
}

/** True for a well-formed feed message (anything else on the channel is ignored). */
export function isScreenMessage(data: unknown): data is ScreenMessage {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  if (type === 'hello' || type === 'gone') return true;
  const state = (data as { state?: unknown }).state;
  return type === 'state' && typeof state === 'object' && state !== null && typeof (state as SessionState).phase === 'string';
}

/**
 * Publishes `runtime`'s state to this browser's projector views: now, on every change, and to each screen that says
 * hello. Returns the function that stops publishing (it tells the screens the tab is gone). A browser without
 * BroadcastChannel gets no feed (screens still show the saved session when opened).
 */
export function publishToScreens(runtime: HostRuntime): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(screenChannel(runtime.code));
  const send = (state: SessionState) => channel.postMessage({ type: 'state', state: forScreen(state) } satisfies ScreenMessage);
  channel.onmessage = (e: MessageEvent) => {
    if (isScreenMessage(e.data) && e.data.type === 'hello') send(runtime.state.peek());
  };
  const stop = effect(() => send(runtime.state.value));
  return () => {
    stop();
    channel.postMessage({ type: 'gone' } satisfies ScreenMessage);
    channel.close();
  };
}
