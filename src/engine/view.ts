/**
 * What one participant may see: a full, self-contained snapshot (docs/game-rules.md#nothing-lost), so every (re)join and every
 * change resyncs idempotently. Never contains other players' answers, tokens, or the correct option before the
 * reveal. (Wine names are the host's labels, like "Wine 1"; the wine-name question has its own answers.)
 */
import { leaderboard, winePoints } from './ranking';
import { currentQuestion, remainingMs } from './session';
import type { Category, Option, Phase, SessionState } from './types';

/** One row of a leaderboard as a participant sees it. */
export interface ViewRow {
  pseudonym: string;
  score: number;
  rank: number;
  /** Points won on the wine just finished (wine results only). */
  winePoints?: number;
}

/** The question part of a snapshot. `remainingMs` in ms, counted down locally from the receive time. */
export interface ViewQuestion {
  id: string;
  category: Category;
  /** 0-based position within the wine (0–4). */
  index: number;
  count: number;
  options: Option[];
  remainingMs: number;
  /** Set from the reveal on. */
  correctOptionId: string | null;
}

/** A participant's snapshot (the payload of the host's `state` message). */
export interface ParticipantView {
  code: string;
  title: string;
  phase: Phase;
  pseudonym: string;
  /** 0-based current wine and the number of wines. */
  wineIndex: number;
  /** The host's name for the current wine, shown once its 5 questions are done (wine results); else null. */
  wineName: string | null;
  wineCount: number;
  players: number;
  maxPlayers: number;
  question: ViewQuestion | null;
  /** The option this participant has selected for the current question, if any. */
  selectedOptionId: string | null;
  /** Points won at the last reveal of the current question: 100, 0, or null when they did not answer. */
  lastPoints: number | null;
  score: number;
  rank: number;
  /**
   * The leaderboard in leaderboard phases and at the end; otherwise empty (keeps snapshots small). Whole up to
   * BOARD_WHOLE_UP_TO players and at the end; beyond, between questions, the top BOARD_TOP rows and this
   * participant's own row with its neighbours (ranks tell where the gap is).
   */
  leaderboard: ViewRow[];
}

const LEADERBOARD_PHASES: ReadonlySet<Phase> = new Set(['question_leaderboard', 'round_leaderboard', 'ended']);

/**
 * Between questions a phone gets the whole leaderboard up to this many players. Beyond, it gets the top BOARD_TOP
 * rows and its own row with one neighbour each side: with 100 players a standings snapshot is 1.3 kB instead of
 * 5.5 kB (7 kB for wine results), so a leaderboard sends 130 kB over the venue's Wi-Fi instead of 550-700 kB
 * (docs/performance.md). The final results stay whole: everyone looks for everyone once, at the end.
 */
export const BOARD_WHOLE_UP_TO = 20;
export const BOARD_TOP = 10;
const REVEALED_PHASES: ReadonlySet<Phase> = new Set(['question_revealed', 'question_leaderboard', 'round_leaderboard']);

function viewRows(state: SessionState, board: ReturnType<typeof leaderboard>): ViewRow[] {
  const wine = state.phase === 'round_leaderboard' ? winePoints(state, state.wineIndex) : null;
  return board.map((r) => ({
    pseudonym: r.participantId,
    score: r.score,
    rank: r.rank,
    ...(wine ? { winePoints: wine.get(r.participantId) ?? 0 } : {}),
  }));
}

/** Builds participant `participantId`'s snapshot at host time `now`. @throws Error if no such participant. */
export function participantView(state: SessionState, participantId: string, now: number): ParticipantView {
  const view = participantViews(state, [participantId], now).get(participantId);
  if (!view) throw new Error(`no participant ${participantId}`);
  return view;
}

/**
 * Snapshots of several participants at host time `now` (a broadcast): what they share — leaderboard, ranks,
 * question — is built once, so each participant adds O(1) work however many play (the leaderboard rows are shared
 * between the snapshots; beyond BOARD_WHOLE_UP_TO players each adds at most 3 of its own). Ids of no participant are
 * skipped.
 */
export function participantViews(state: SessionState, participantIds: Iterable<string>, now: number): Map<string, ParticipantView> {
  const board = leaderboard(state);
  const rowOf = new Map(board.map((r) => [r.participantId, r]));
  const q = currentQuestion(state);
  const revealed = REVEALED_PHASES.has(state.phase);
  const answers = q ? state.answers[q.id] : undefined;
  const points = q && revealed ? state.points[q.id] : undefined;
  const question: ViewQuestion | null = q && {
    id: q.id,
    category: q.category,
    index: state.questionIndex,
    count: state.tasting.wines[state.wineIndex]!.questions.length,
    options: q.options,
    remainingMs: remainingMs(state, now),
    correctOptionId: revealed ? q.correctOptionId : null,
  };
  const rows = LEADERBOARD_PHASES.has(state.phase) ? viewRows(state, board) : [];
  const trimmed = rows.length > BOARD_WHOLE_UP_TO && state.phase !== 'ended';
  const top = trimmed ? rows.slice(0, BOARD_TOP) : rows;
  const position = trimmed ? new Map(board.map((r, i) => [r.participantId, i])) : null;
  const wineName = state.phase === 'round_leaderboard' ? (state.tasting.wines[state.wineIndex]?.name ?? null) : null;
  const views = new Map<string, ParticipantView>();
  for (const participantId of participantIds) {
    const me = rowOf.get(participantId);
    if (!me) continue;
    const answer = answers?.[participantId];
    views.set(participantId, {
      code: state.code,
      title: state.tasting.title,
      phase: state.phase,
      pseudonym: participantId,
      wineIndex: state.wineIndex,
      wineName,
      wineCount: state.tasting.wines.length,
      players: state.participants.length,
      maxPlayers: state.maxParticipants,
      question,
      selectedOptionId: answer?.optionId ?? null,
      lastPoints: q && revealed && answer ? (points?.[participantId] ?? 0) : null,
      score: me.score,
      rank: me.rank,
      leaderboard: position ? [...top, ...rows.slice(Math.max(BOARD_TOP, position.get(participantId)! - 1), position.get(participantId)! + 2)] : rows,
    });
  }
  return views;
}
