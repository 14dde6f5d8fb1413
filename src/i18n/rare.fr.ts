/** French sentences of the phone's exceptional screens. Typed with the English file's shape (docs/i18n.md). */
import type { Rare } from './rare.en';

const fr: Rare = {
  error: {
    GAME_STARTED: () => 'Cette dégustation a commencé et n’accepte plus de joueurs (ou elle est finie). Demandez la suivante à l’animateur.',
    SESSION_FULL: () => 'Cette dégustation est complète. Demandez à l’animateur de faire de la place.',
    SESSION_LOCKED: () => 'L’animateur a verrouillé cette dégustation : pas de nouveaux joueurs pour l’instant. Demandez-lui de la rouvrir, puis réessayez.',
    INVALID_REJOIN: () => 'Votre place n’est plus valable. Rejoignez avec le code.',
    REMOVED: () => 'L’animateur vous a retiré. Parlez-lui en cas d’erreur.',
    PROTOCOL_MISMATCH: () => 'L’application de l’animateur est plus ancienne : qu’il la mette à jour (proposé entre deux parties), puis rejoignez.',
  },
  errorAppOutdated: 'Cette application est plus ancienne que celle de l’animateur. Mettez-la à jour, la connexion suivra.',
  updateApp: 'Mettre à jour l’application',
  unsupported: {
    webrtc: 'il n’a pas WebRTC, la connexion directe qu’utilise le jeu',
    storage: 'pas de stockage pour garder votre place',
    'secure-context': 'la page n’est pas sécurisée (https)',
    and: ' ; et ',
    sentence: (host: boolean, lacks: string, https: boolean, privateWindow: boolean) =>
      `Ce navigateur ne peut pas ${host ? 'animer une dégustation' : 'rejoindre'} : ${lacks}. Ouvrez ${https ? 'l’adresse en https://' : 'ce lien'} dans Safari ou Chrome${privateWindow ? ' (pas en navigation privée)' : ''}.`,
  },
  screen: {
    badLinkCode: (code: string) => `Le code du lien (« ${code} ») n’a pas 4 chiffres. Tapez celui de l’écran de l’animateur.`,
    moveText: 'Scannez ce code avec l’autre appareil, ou ouvrez-y le lien. Gardez-le pour vous : c’est votre place.',
    moveQr: 'QR code de votre place',
    movedTitle: 'La partie continue sur un autre appareil',
    movedTabTitle: 'Partie ouverte dans un autre onglet',
    moved: (name: string, tab: boolean) =>
      `Votre place ${name && `${name} `}est ${tab ? 'utilisée dans un autre onglet. Fermez-le et celui-ci la reprendra.' : 'maintenant utilisée sur un autre appareil.'}`,
    playHere: 'Jouer ici',
    seatTitle: 'Prendre cette place ?',
    seatText: (current: string) => `Ce téléphone a déjà sa place ici${current ? ` (${current})` : ''}.`,
    seatKeep: 'Garder ma place',
    seatTake: 'Prendre la place du lien',
    unsupportedTitle: 'Ce navigateur ne peut pas rejoindre',
    tastingCode: 'Code de la dégustation',
    codeAria: (digits: string) => `Code ${digits}`,
  },
};

export default fr;
