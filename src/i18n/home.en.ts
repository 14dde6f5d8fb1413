/**
 * English sentences of the home screen (`/`): a pack of its own, so a phone that scanned a join code never downloads
 * them. This file defines the shape every language follows.
 */
const en = {
  lead: 'A real-time blind wine tasting quiz.',
  actions: 'Start',
  host: 'Host a tasting',
  join: 'Join a tasting',
  install: 'Install the app',
  installIos: 'To install: Share → Add to Home Screen.',
  note: "No account. The host's device runs the game; phones connect to it directly.",
  version: (v: string) => `Version ${v}`,
};

export default en;
/** The shape of the home screen's dictionary: every language provides exactly these keys. */
export type HomeWords = typeof en;
