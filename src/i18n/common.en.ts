/**
 * English sentences of the phone's path (home, join, game, errors) and of what host screens share with it
 * (categories, leaderboards). This file defines the shape every language follows (`Common`); see docs/i18n.md.
 */
import type { Category } from '../engine/types';
import type { ErrorCode } from '../protocol/messages';
import type { RareError } from './rare.en';
import { formatInt, plural } from './index';

const en = {
  appName: 'Sommelier Arena',

  category: {
    color: 'Color',
    region: 'Region',
    grape_variety: 'Grape variety',
    vintage_year: 'Vintage year',
    wine_name: 'Wine name',
  } satisfies Record<Category, string>,
  /** The fixed prompt of each category (docs/game-rules.md#a-tasting). */
  prompt: {
    color: 'What is the color of this wine?',
    region: 'From which region does this wine come?',
    grape_variety: 'What is the grape variety of this wine?',
    vintage_year: 'What is the vintage year of this wine?',
    wine_name: 'What is the name of this wine?',
  } satisfies Record<Category, string>,

  /**
   * What each error means and what to do (docs/protocol.md#error-codes); `code` is the session's. BROWSER_UNSUPPORTED
   * says what the browser lacks, and the final refusals a phone rarely meets have their words in src/i18n/rare.en.ts.
   */
  error: {
    SESSION_NOT_FOUND: (code: string) => `No tasting with code ${code}. Check the 4 digits on the host's screen and try again.`,
    SIGNALING_UNREACHABLE: () => 'Cannot reach the server that introduces players. Check your Wi-Fi or mobile data — we keep trying.',
    HOST_UNREACHABLE: () => "The host's device does not answer. Make sure you are on the venue's network — we keep trying.",
  } satisfies Record<Exclude<ErrorCode, 'BROWSER_UNSUPPORTED' | RareError>, (code: string) => string>,
  /** SIGNALING_UNREACHABLE when the phone itself has no network. */
  errorOffline: 'This phone has no network. Turn on Wi-Fi or mobile data — we join as soon as it is back.',

  app: {
    notFound: 'Page not found',
    toStart: 'Go to the start',
    crashed: 'This screen could not open',
    needsNetwork: 'It needs a network connection the first time. Check the Wi-Fi, then reload.',
    nothingLost: 'Nothing is lost: your tastings and your seat are saved on this device.',
    reload: 'Reload',
    updateReady: 'A new version of Sommelier Arena is ready.',
    update: 'Update',
    /** A screen whose code is gone from the server (a deploy while this page was open): src/ui/lazy-screen.tsx. */
    newVersion: 'A new version is available. Reload to continue: a game in progress carries on.',
  },

  board: {
    noPlayers: 'No players.',
    you: '(you)',
    offline: 'offline',
    standings: 'Standings',
    final: 'Final results',
    /** Title of a wine's results: `n` 1-based, `name` shown once the wine's questions are over. */
    wine: (n: number, name: string | null) => (name ? `Wine ${formatInt(n)} — ${name}: results` : `Wine ${formatInt(n)}: results`),
  },

  timer: {
    unit: 's',
    left: (s: number) => plural(s, { one: `${formatInt(s)} second left`, other: `${formatInt(s)} seconds left` }),
  },

  play: {
    joinTitle: 'Join a tasting',
    codeLabel: 'Enter the 4-digit code from your host',
    join: 'Join',
    reconnecting: 'Reconnecting…',
    joining: (code: string) => `Joining tasting ${code}…`,
    youAre: 'You are',
    score: 'score',
    points: 'pts',
    hintOffline: 'This phone has no network. Turn on Wi-Fi or mobile data: you will be back in by yourself.',
    hintHostAway: "Waiting for the host… Their device may be reloading; you'll be back in by yourself.",
    hintNoNetwork: 'No network right now. We keep trying; check your Wi-Fi if this lasts.',
    hintCalm: 'Hang on, we are getting you back in.',
    moveOpen: 'Continue on another device',
    moveClose: 'Close',
    waitingStart: 'Waiting for the host to start…',
    lobbyLine: (players: number, max: number, title: string) => `${formatInt(players)} / ${formatInt(max)} players · ${title}`,
    progress: (wine: number, wines: number, q: number, qs: number) =>
      `Wine ${formatInt(wine)}/${formatInt(wines)} · Q ${formatInt(q)}/${formatInt(qs)}`,
    paused: 'Paused',
    answers: 'Answers',
    correct: 'correct',
    wrongPick: 'your answer, wrong',
    noAnswer: 'No answer',
    hintPaused: 'Paused: take your time, you can still choose or change your answer.',
    hintChange: 'You can change your answer until the reveal.',
    hintTap: 'Tap an answer.',
    waitingHost: 'Waiting for the host…',
    finished: (rank: number) => `You finished #${formatInt(rank)}`,
    again: 'Play another tasting',
  },
};

export default en;
/** The shape of the phone-path dictionary: every language provides exactly these keys. */
export type Common = typeof en;
