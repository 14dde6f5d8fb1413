/**
 * English sentences of the phone's exceptional screens — a browser that cannot play (BROWSER_UNSUPPORTED), a seat
 * that plays in another tab or device — in a pack of their own, loaded when such a screen shows (src/i18n/index.ts
 * `useRare`), so an ordinary phone never downloads them. This file defines the shape every language follows.
 */
const en = {
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
    movedTitle: 'Continued on another device',
    movedTabTitle: 'Playing in another tab',
    /** `name`: the pseudonym (isolated), or '' before the first snapshot; `tab`: another tab of this browser has it. */
    moved: (name: string, tab: boolean) =>
      `Your seat ${name && `${name} `}is ${tab ? 'in use in another tab of this browser. Close that tab and this one takes it back by itself.' : 'now used on another device.'}`,
    playHere: 'Play here',
    unsupportedTitle: 'This browser cannot join',
    tastingCode: 'Tasting code',
    codeAria: (digits: string) => `Code ${digits}`,
  },
};

export default en;
/** The shape of the exceptional screens' dictionary: every language provides exactly these keys. */
export type Rare = typeof en;
