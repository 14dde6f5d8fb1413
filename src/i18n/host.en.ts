/**
 * English sentences of the host's screens: dashboard, tasting form, session (lobby, question, reveal, leaderboards,
 * final results). This file defines the shape every language follows (`Host`); see docs/i18n.md.
 */
import type { TastingIssue } from '../engine/tasting';
import { formatInt, plural } from './index';

/** What a tasting issue is about, for "… is required" / "… must be text". */
function subject(i: TastingIssue): string {
  switch (i.field) {
    case 'title':
      return 'title';
    case 'name':
      return 'name';
    case 'correct':
      return 'correct answer';
    case 'distractor':
      return `distractor ${(i.distractor ?? 0) + 1}`;
    default:
      return 'value';
  }
}

const en = {
  /** The sentence for one tasting problem (engine codes, src/engine/tasting.ts), without where it is. */
  issue: (i: TastingIssue): string => {
    const p = i.params ?? {};
    switch (i.code) {
      case 'tasting_shape':
        return 'must be an object with "wines"';
      case 'not_text':
        return i.field === 'title' ? 'must be text' : `${subject(i)} must be text`;
      case 'required':
        return `${subject(i)} is required`;
      case 'too_long':
        return `must be at most ${formatInt(p.max!)} characters`;
      case 'timer_range':
        return `must be a whole number from ${formatInt(p.min!)} to ${formatInt(p.max!)}`;
      case 'no_wines':
        return 'needs at least 1 wine';
      case 'too_many_wines':
        return `at most ${formatInt(p.max!)} wines`;
      case 'wine_shape':
        return 'must be an object with "name" and "questions"';
      case 'question_count':
        return `needs exactly ${formatInt(p.count!)} questions (color, region, grape_variety, vintage_year, wine_name)`;
      case 'question_shape':
        return 'must be an object';
      case 'category_order':
        return `must be "${p.expected}" (questions come in the fixed order color, region, grape_variety, vintage_year, wine_name)`;
      case 'distractor_count':
        return `needs ${formatInt(p.count!)} distractors`;
      case 'answers_too_long':
        return `answers must be at most ${formatInt(p.max!)} characters`;
      case 'duplicate_answer':
        return `the 4 answers must all be different ("${p.text}" appears twice)`;
    }
  },
  /** Where a problem is, in the form's words. */
  /** A problem and where it is: "Wine 1 — Color: correct answer is required". */
  issueAt: (where: string, why: string) => `${where}: ${why}`,
  issueWhere: {
    title: 'Title',
    timer: 'Timer',
    wine: (n: number) => `Wine ${formatInt(n)}`,
  },

  dashboard: {
    home: 'Sommelier Arena home',
    newTasting: '+ New tasting',
    cannotStore: (why: string) => `This device cannot store tastings: ${why}`,
    deleted: (title: string, code: string) => `Deleted “${title}” (${code}).`,
    undo: 'Undo',
    newTitle: 'New tasting',
    create: 'Create tasting',
    empty: 'No tastings yet.',
    active: 'Active',
    past: 'Past',
    status: { waiting: 'Open', active: 'Running', ended: 'Ended' },
    line: (code: string, players: number, date: string) =>
      `Code ${code} · ${plural(players, { one: `${formatInt(players)} player`, other: `${formatInt(players)} players` })} · ${date}`,
    serveAgain: 'Serve again',
    serveAgainLabel: (title: string) => `Serve “${title}” again to a new group`,
    keep: 'Keep in my tastings',
    keepLabel: (title: string) => `Keep “${title}” in my tastings`,
    results: 'Results',
    exportCsv: 'Export CSV',
    open: 'Open',
    delete: 'Delete',
    deleteLabel: (code: string) => `Delete tasting ${code}`,
    /** Saved tastings this version cannot open (kept aside, never deleted). */
    unreadableNote: 'Some saved tastings could not be opened by this version of the app. Nothing was deleted: each is kept here.',
    unreadable: (code: string, newer: boolean) =>
      newer
        ? `Tasting ${code} was saved by a newer version of the app: update the app to open it.`
        : `Tasting ${code} could not be read and was set aside. Download it to keep a copy or to report the problem.`,
    download: 'Download',
    downloadSavedLabel: (code: string) => `Download saved tasting ${code}`,
    discard: 'Discard',
    discardSavedLabel: (code: string) => `Discard saved tasting ${code}`,
    finalResults: 'Final results',
  },

  form: {
    import: 'Import a tasting file (.json)',
    export: 'Export as file',
    notJson: (file: string) => `${file} is not a tasting file (it is not JSON).`,
    cannotImport: (file: string, where: string, why: string) => `Cannot import ${file}: ${where}: ${why}`,
    imported: (n: number, file: string) =>
      `Imported ${plural(n, { one: `${formatInt(n)} wine`, other: `${formatInt(n)} wines` })} from ${file}. Check it below, then create.`,
    title: 'Title (optional)',
    /** What players see when the title is left blank. */
    defaultTitle: 'Blind tasting',
    titleHint: 'Players see the title as soon as they join, so keep wine names out of it. Left blank, it reads “Blind tasting”.',
    fileTooBig: (file: string, max: number) =>
      `${file} is too big to be a tasting file (over ${formatInt(Math.round(max / 1000))} KB). Choose the file you exported from here.`,
    timer: 'Time per question:',
    seconds: (s: number) => `${formatInt(s)} s`,
    wine: (n: number) => `Wine ${formatInt(n)}`,
    /** Name of a new wine in the form (`n` 1-based). */
    defaultWineName: (n: number) => `Wine ${formatInt(n)}`,
    wineName: "Wine's name (players see it only after its 5 questions)",
    correct: 'Correct answer',
    distractor: (n: number) => `Distractor ${formatInt(n)}`,
    suggestions: (category: string) => `${category} suggestions`,
    addValue: (v: string) => `Add “${v}”`,
    addHint: 'new answer, suggested next time',
    suggest: 'Suggest distractors',
    suggestLabel: (category: string, wine: number) => `Suggest distractors for ${category.toLowerCase()}, wine ${formatInt(wine)}`,
    saveToLibrary: 'Save to my tastings',
    removeWine: (n: number) => `Remove wine ${formatInt(n)}`,
    addWine: '+ Add wine',
    cancel: 'Cancel',
    wait: 'Please wait…',
    save: 'Save changes',
    editTitle: 'Edit tasting',
  },

  /** The host's diagnostics line: what its protections refused (counts). */
  diagnostics: {
    summary: (n: number) =>
      `Protection: ${plural(n, { one: `${formatInt(n)} unwanted message`, other: `${formatInt(n)} unwanted messages` })} ignored — the game is not affected`,
    signaling: (n: number) => `${formatInt(n)} connection attempts or signaling messages refused`,
    malformed: (n: number) => `${formatInt(n)} malformed messages from phones dropped`,
    flooding: (n: number) => `${formatInt(n)} connections cut off for sending too fast`,
    unjoined: (n: number) => `${formatInt(n)} connections closed for never joining`,
  },

  /** Above what a browser lacks to host (src/ui/BrowserGate.tsx; the sentence is the phone pack's `unsupported`). */
  unsupportedTitle: 'This browser cannot host a tasting',

  /** The tasting library on the dashboard ("My tastings"). */
  library: {
    title: 'My tastings',
    untitled: 'Untitled tasting',
    copyOf: (title: string) => `${title} (copy)`,
    line: (wines: number, date: string) =>
      `${plural(wines, { one: `${formatInt(wines)} wine`, other: `${formatInt(wines)} wines` })} · changed ${date}`,
    serve: 'Serve',
    serveLabel: (title: string) => `Serve “${title}” now`,
    edit: 'Edit',
    editLabel: (title: string) => `Edit “${title}”`,
    rename: 'Rename',
    renameLabel: (title: string) => `Rename “${title}”`,
    newName: 'New name',
    save: 'Save',
    duplicate: 'Duplicate',
    duplicateLabel: (title: string) => `Duplicate “${title}”`,
    export: 'Export',
    exportLabel: (title: string) => `Export “${title}” as a file`,
    deleteLabel: (title: string) => `Delete “${title}” from my tastings`,
    deleted: (title: string) => `“${title}” was removed from your tastings.`,
    saved: (title: string) => `“${title}” is in your tastings: serve it whenever you like.`,
    editTitle: 'Edit tasting',
  },

  /** Why an action on this device failed, inside the sentences that report it (src/host/problem.ts). */
  problem: {
    /** The browser refused to store (IndexedDB: private window, storage full, blocked). */
    storage: 'this browser refused to save data (a private window, or storage full?)',
    /** No session code left free on this device (a new session). */
    noFreeCode: 'no free session code on this device; try again',
  },

  /** The printable results page (/host/<code>/results). */
  results: {
    title: 'Results',
    open: 'Printable results',
    openLabel: (title: string) => `Printable results of “${title}”`,
    print: 'Print',
    meta: (date: string, code: string, players: number) =>
      `${date} · code ${code} · ${plural(players, { one: `${formatInt(players)} player`, other: `${formatInt(players)} players` })}`,
    notOver: 'This tasting is not over yet: these are the results so far.',
    ranking: 'Final ranking',
    rank: 'Rank',
    player: 'Player',
    total: 'Total',
    /** A wine's heading: its number and the name the host gave it. */
    wineColumn: (n: number, name: string) => `Wine ${formatInt(n)}: ${name}`,
    wines: 'The wines and their answers',
  },

  session: {
    yourTastings: 'Your tastings',
    codeLabel: 'Session code',
    code: 'Code',
    signalingTitle: 'Signaling server: needed only for new players to join',
    net: { offline: 'No signaling — playing on', connecting: 'Connecting…', open: 'Open to join', full: 'Full', locked: 'Locked', online: 'Online' },
    notSaved: (why: string) => `Not saved on this device: ${why}. The game goes on, but a reload would lose it.`,
    offlineLobby:
      'This device cannot reach the network yet, so phones cannot join. Everything is saved; it connects by itself as soon as the network is back.',
    joinAt: (host: string) => `Join at ${host}/play with code`,
    /** Around the command `HOST=0.0.0.0 npm start`, shown as code between the two parts. */
    loopbackBefore: (host: string) => `Phones cannot open “${host}”. To let phones on this Wi-Fi join, run the app with`,
    loopbackAfter: "and open this page at this computer's network address.",
    codeAria: (digits: string) => `Code ${digits}`,
    qrLabel: 'QR code to join',
    copy: 'Copy link',
    copied: 'Copied!',
    share: 'Share…',
    shareText: 'Join my wine tasting!',
    players: (n: number, max: number) => `Players ${formatInt(n)} / ${formatInt(max)}`,
    max: 'Max',
    waitingPlayers: 'Waiting for players to scan the code…',
    /** Phones refused because the lobby is full (shown while it is full). */
    turnedAway: (n: number) =>
      `${plural(n, { one: `${formatInt(n)} phone`, other: `${formatInt(n)} phones` })} could not join: the tasting is full. Remove a player you don't know (×), or raise Max.`,
    offline: 'offline',
    remove: (name: string) => `Remove ${name}`,
    start: 'Start',
    needsPlayer: ' (needs a player)',
    edit: 'Edit tasting',
    latecomers: 'Latecomers may join',
    latecomersHint: '(0 points for the questions they missed)',
    /** The lock against strangers and scripts (docs/security.md#lobby-bots). */
    lockJoins: 'Lock: no new players',
    lockJoinsHint: '(players already in can always come back)',
    lockedNotice: 'Locked: new phones are told to ask you. Remove anyone you don’t know (×); they cannot come back.',
    lockedJoinCard: 'Locked: new players are turned away. Untick “Lock” to let them in.',
    pause: 'Pause',
    resume: 'Resume',
    reveal: 'Reveal answer',
    showStandings: 'Show standings',
    nextQuestion: 'Next question',
    wineResults: 'See wine results',
    nextWine: 'Next wine',
    finalResults: 'See final results',
    end: 'End tasting',
    endTitle: 'End the tasting for everyone?',
    endText: 'Every phone goes straight to the final results. The questions not played yet are skipped.',
    keepPlaying: 'Keep playing',
    progress: (wine: number, wines: number, q: number, qs: number) =>
      `Wine ${formatInt(wine)}/${formatInt(wines)} · Question ${formatInt(q)}/${formatInt(qs)}`,
    answered: 'answered',
    thisQuestion: 'This question',
    newTasting: 'Create a new tasting',
    elsewhereTitle: (code: string) => `Tasting ${code} is open in another tab`,
    elsewhereText: 'Only one tab or window runs a tasting at a time, so no answer is ever lost between two copies.',
    runHere: 'Run it in this tab instead',
    notHereTitle: (code: string) => `No tasting with code ${code} on this device`,
    notHereText: 'Tastings live on the device that created them.',
    otherDevice: (code: string) => `Another device is running tasting ${code} right now. Close it there, then reload this page.`,
    cannotRead: (why: string) => `This device cannot read its saved tastings: ${why}`,
    openScreen: 'Projector view',
    openScreenHint: 'Opens a window to show on a TV or projector',
    /** Keyboard shortcuts of the host's controls (shown on the buttons). */
    keySpace: 'Space',
    shortcuts: 'Keyboard: Space starts, pauses and resumes · R reveals · → goes on',
  },

  /** The projector view (/host/<code>/screen). */
  screen: {
    title: (code: string) => `Tasting ${code} on screen`,
    notLive: 'The host’s tab is not running this tasting right now: this screen shows where it stopped.',
    waitingHost: 'Waiting for the host’s tablet',
    waitingHostText: 'Phones can join and play again as soon as the host reopens this tasting.',
    joinAt: (address: string) => `Join at ${address} with the code`,
    locked: 'The host has locked this tasting: no new players',
    players: (n: number) =>
      n === 0 ? 'Scan the code to join' : plural(n, { one: `${formatInt(n)} player is in`, other: `${formatInt(n)} players are in` }),
    right: (n: number, total: number) =>
      plural(total, { one: `${formatInt(n)} of ${formatInt(total)} player got it right`, other: `${formatInt(n)} of ${formatInt(total)} players got it right` }),
  },
};

export default en;
/** The shape of the host screens' dictionary: every language provides exactly these keys. */
export type Host = typeof en;
