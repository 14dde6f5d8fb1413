/**
 * English sentences of the home screen (`/`) and of a phone's kept results (`/play/results`): a pack of its own, so a
 * phone that scanned a join code never downloads them. This file defines the shape every language follows.
 */
import { formatInt, plural } from './index';

const en = {
  lead: 'A real-time blind wine tasting quiz.',
  actions: 'Start',
  host: 'Host a tasting',
  join: 'Join a tasting',
  install: 'Install the app',
  installIos: 'To install: Share → Add to Home Screen.',
  note: "No account. The host's device runs the game; phones connect to it directly.",
  version: (v: string) => `Version ${v}`,
  myResults: (n: number) => plural(n, { one: 'My results', other: `My results (${formatInt(n)})` }),
  results: {
    title: 'My results',
    empty: 'No results on this phone yet. They are kept here when a tasting ends.',
    line: (rank: number, players: number, score: number, date: string) =>
      `#${formatInt(rank)} of ${formatInt(players)} · ${formatInt(score)} pts · ${date}`,
    show: 'See the ranking ▾',
    hide: 'Hide the ranking ▴',
    back: 'Back',
  },
};

export default en;
/** The shape of the home screen's dictionary: every language provides exactly these keys. */
export type HomeWords = typeof en;
