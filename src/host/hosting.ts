/**
 * "A game is running" is a fact of the sessions this page runs, not of a mounted screen (docs/robustness.md,
 * "Updates during a game"). While any of them is in a question or between questions, app updates are held back
 * (no prompt, no update reload), wherever the host navigates.
 */
import { computed } from '@preact/signals';
import { holdUpdatesWhile } from '../ui/sw';
import { listStatus } from './results';
import { liveRuntimes } from './runtime';

/** True while a session run by this page is past its start and not ended. */
export const hostingGame = computed(() => [...liveRuntimes.value].some((r) => listStatus(r.state.value) === 'active'));

holdUpdatesWhile(hostingGame);
