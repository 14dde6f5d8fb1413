/**
 * English sentences of the phone's exceptional screens — a browser that cannot play (BROWSER_UNSUPPORTED), a seat
 * that plays in another tab or device, a seat link opened on a phone that has its own seat, the host's final refusals
 * (GAME_STARTED, SESSION_FULL, SESSION_LOCKED, INVALID_REJOIN, REMOVED, PROTOCOL_MISMATCH), a link with a malformed code, the "continue
 * on another device" panel — in a pack of their own, loaded when such a screen shows (src/i18n/index.ts `useRare`,
 * src/ui/strings.ts `rare`), so an ordinary phone never downloads them. This file defines the shape every language
 * follows.
 */
/** Error codes a phone rarely meets, whose words are here rather than in the common pack (src/ui/strings.ts). */
export type RareError = 'GAME_STARTED' | 'SESSION_FULL' | 'SESSION_LOCKED' | 'INVALID_REJOIN' | 'REMOVED' | 'PROTOCOL_MISMATCH';

const en = {
  /** What each rare refusal means and what to do (docs/protocol.md#error-codes). */
  error: {
    GAME_STARTED: () => 'This tasting has already started and the host closed it to new players (or it has ended). Ask the host for the next one.',
    SESSION_FULL: () => 'This tasting is full. Ask the host to make room, or join the next one.',
    SESSION_LOCKED: () => 'The host has locked this tasting: no new players for now. Ask the host to unlock it, then join again.',
    INVALID_REJOIN: () => 'Your seat in this tasting is no longer valid. Join again with the code.',
    REMOVED: () => 'The host removed you. Talk to them if that is a mistake.',
    /** The host's app is the older one (this page's is newer). */
    PROTOCOL_MISMATCH: () =>
      "The host's app is older than yours. Ask the host to update theirs (it offers it between games), then join again.",
  } satisfies Record<RareError, () => string>,
  /** PROTOCOL_MISMATCH when this page is the older app; `updateApp` is the button that updates it. */
  errorAppOutdated: "This app is older than the host's. Update it, then you join by yourself.",
  updateApp: 'Update the app',
  /** BROWSER_UNSUPPORTED in words: what this browser lacks (one entry per capability of src/ui/capabilities.ts), then where to open the page instead. */
  unsupported: {
    webrtc: 'no WebRTC, the direct connection the game uses',
    storage: 'no storage to keep your seat',
    'secure-context': 'no secure (https) page',
    /** Between two missing things. */
    and: '; and ',
    /** `lacks`: the missing things joined; `https`: open the https:// address; `privateWindow`: not in a private window. */
    sentence: (host: boolean, lacks: string, https: boolean, privateWindow: boolean) =>
      `This browser cannot ${host ? 'host a tasting' : 'join'}: it has ${lacks}. Open ${https ? 'the https:// address' : 'this link'} in Safari or Chrome${privateWindow ? ' (not a private window)' : ''}.`,
  },
  screen: {
    badLinkCode: (code: string) => `The link's code “${code}” is not 4 digits. Type the code shown on the host's screen.`,
    moveText: 'Scan this with the other device, or open the link there. Keep it to yourself: it is your seat.',
    moveQr: 'QR code of your seat',
    movedTitle: 'Continued on another device',
    movedTabTitle: 'Playing in another tab',
    /** `name`: the pseudonym (isolated), or '' before the first snapshot; `tab`: another tab of this browser has it. */
    moved: (name: string, tab: boolean) =>
      `Your seat ${name && `${name} `}is ${tab ? 'in use in another tab of this browser. Close that tab and this one takes it back by itself.' : 'now used on another device.'}`,
    playHere: 'Play here',
    /** A seat link opened on a phone that already plays in that tasting as `current` ('' if unnamed yet). */
    seatTitle: 'Take this seat?',
    seatText: (current: string) => `This phone already has its own seat here${current ? ` (${current})` : ''}.`,
    seatKeep: 'Keep my seat',
    seatTake: "Take the link's seat",
    unsupportedTitle: 'This browser cannot join',
    tastingCode: 'Tasting code',
    codeAria: (digits: string) => `Code ${digits}`,
  },
};

export default en;
/** The shape of the exceptional screens' dictionary: every language provides exactly these keys. */
export type Rare = typeof en;
