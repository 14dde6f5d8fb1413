/**
 * Shapes of the game: tasting, session state, commands and effects.
 * Rules live in the sibling modules; this file only names things (docs/architecture.md, docs/game-rules.md).
 */

/** The five fixed question categories, in the order every wine asks them (docs/game-rules.md#a-tasting). */
export const CATEGORIES = ['color', 'region', 'grape_variety', 'vintage_year', 'wine_name'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Option labels as shown to people, by position. */
export const OPTION_LABELS = ['A', 'B', 'C', 'D'] as const;

/** One question as written in a tasting file (docs/tasting-format.md). */
export interface QuestionInput {
  category: Category;
  correct: string;
  distractors: string[];
}

/** One wine as written in a tasting file. */
export interface WineInput {
  name: string;
  questions: QuestionInput[];
}

/** A tasting as imported/exported (docs/tasting-format.md); `title` and `timerSeconds` optional. */
export interface TastingInput {
  title?: string;
  timerSeconds?: number;
  wines: WineInput[];
}

/** One answer option. `id` is its position letter in lower case (`a`…`d`), so ids never reveal correctness. */
export interface Option {
  id: string;
  text: string;
}

/**
 * A built question: options already shuffled once (same order for everyone).
 * `id` is `w<wineIndex>-<category>`, unique in the tasting by construction.
 */
export interface Question {
  id: string;
  category: Category;
  options: Option[];
  correctOptionId: string;
}

export interface Wine {
  name: string;
  questions: Question[];
}

/** A validated, built tasting. `timerSeconds` in seconds (15–120). */
export interface Tasting {
  title: string;
  timerSeconds: number;
  wines: Wine[];
}

/** Session phases, moving only along the state machine of docs/game-rules.md. */
export const PHASES = [
  'waiting',
  'question_open',
  'question_paused',
  'question_revealed',
  'question_leaderboard',
  'round_leaderboard',
  'ended',
] as const;
export type Phase = (typeof PHASES)[number];

/** A seat in the session. `id` is the pseudonym (unique in the session). `token`: 128-bit hex rejoin secret. */
export interface Participant {
  id: string;
  token: string;
  joinedAt: number;
  connected: boolean;
}

/** A participant's answer to one question. Times in host ms since epoch. */
export interface Answer {
  optionId: string;
  firstAt: number;
  at: number;
}

/**
 * The whole authoritative session, as the host persists it.
 * Times are host ms since epoch; `remainingMs` in ms.
 */
export interface SessionState {
  code: string;
  createdAt: number;
  updatedAt: number;
  tasting: Tasting;
  maxParticipants: number;
  /**
   * Whether phones may join after the start ("latecomers may join", on by default, docs/game-rules.md): they get a seat at
   * the current question with 0 points for what they missed. Off: joining closes when the first question opens.
   */
  latecomers: boolean;
  /**
   * "Lock: no new players" (docs/security.md#lobby-bots): while on, a `join` is refused with SESSION_LOCKED in every
   * phase; players with a seat still come back. Off by default.
   */
  joinsLocked: boolean;
  phase: Phase;
  /** Current wine, 0-based (0 while waiting). */
  wineIndex: number;
  /** Current question within the wine, 0–4. */
  questionIndex: number;
  /** When the open question reveals by itself; set only in `question_open`. */
  deadline: number | null;
  /** Time left when paused; set only in `question_paused`. */
  remainingMs: number | null;
  participants: Participant[];
  /** questionId -> participantId -> answer. */
  answers: Record<string, Record<string, Answer>>;
  /** questionId -> participantId -> points (0 or 100), written once at reveal. */
  points: Record<string, Record<string, number>>;
  /** Rejoin tokens of the participants the host removed, oldest first (at most MAX_REMOVED_TOKENS): a rejoin with one is refused with REMOVED. */
  removedTokens: string[];
}

/** Why a (re)join was refused (error codes of docs/protocol.md#error-codes that the engine decides). */
export type JoinRefusal = 'GAME_STARTED' | 'SESSION_FULL' | 'SESSION_LOCKED' | 'INVALID_REJOIN' | 'REMOVED';

/** Commands the host screen issues. */
export type HostCommand =
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'reveal' }
  | { type: 'next' }
  | { type: 'end' }
  | { type: 'edit_tasting'; tasting: Tasting }
  | { type: 'set_max_participants'; max: number }
  /** Opens or closes the door to latecomers; allowed in every phase but `ended`. */
  | { type: 'set_latecomers'; allowed: boolean }
  /** Locks or unlocks the session to new players (seated players still come back); allowed in every phase but `ended`. */
  | { type: 'set_joins_locked'; locked: boolean }
  | { type: 'remove_participant'; participantId: string };

/**
 * Everything the engine reacts to. Participant commands come from validated messages;
 * `connectionId` is the transport's handle, opaque to the engine.
 * `join.token` is a fresh 128-bit secret made by the caller; `join.pick` a number in [0, 1) that picks the pseudonym.
 */
export type Command =
  | HostCommand
  | { type: 'tick' }
  | { type: 'join'; connectionId: string; token: string; pick: number }
  | { type: 'rejoin'; connectionId: string; token: string }
  | { type: 'answer'; participantId: string; questionId: string; optionId: string }
  | { type: 'leave'; participantId: string }
  | { type: 'disconnected'; participantId: string };

/** What the runtime must do after a command, once the new state is persisted. */
export type Effect =
  /** Bind `connectionId` to `participantId` and send the welcome + a snapshot. */
  | { type: 'accepted'; connectionId: string; participantId: string; rejoined: boolean }
  /** Tell `connectionId` why it cannot join, then close it. */
  | { type: 'refused'; connectionId: string; code: JoinRefusal }
  /** Send a fresh snapshot to every connected participant. */
  | { type: 'broadcast' }
  /** Send a fresh snapshot to one participant. */
  | { type: 'update'; participantId: string }
  /** The participant lost their seat (host removed them); close their connection. */
  | { type: 'removed'; participantId: string };

/** Result of `apply`: the next state, effects to run, when to wake next (host ms or null), and why nothing happened. */
export interface Transition {
  state: SessionState;
  effects: Effect[];
  wakeAt: number | null;
  /** Set when the command was not allowed; `state` is then the input state, unchanged. */
  ignored?: string;
}
