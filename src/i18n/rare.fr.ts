/** French sentences of the phone's exceptional screens. Typed with the English file's shape (docs/i18n.md). */
import type { Rare } from './rare.en';

const fr: Rare = {
  unsupported: {
    webrtc: 'il n’a pas WebRTC, la connexion directe qu’utilise le jeu',
    storage: 'pas de stockage pour garder votre place',
    'secure-context': 'la page n’est pas sécurisée (https)',
    and: ' ; et ',
    sentence: (host: boolean, lacks: string, https: boolean, privateWindow: boolean) =>
      `Ce navigateur ne peut pas ${host ? 'animer une dégustation' : 'rejoindre'} : ${lacks}. Ouvrez ${https ? 'l’adresse en https://' : 'ce lien'} dans Safari ou Chrome${privateWindow ? ' (pas en navigation privée)' : ''}.`,
  },
  screen: {
    movedTitle: 'La partie continue sur un autre appareil',
    movedTabTitle: 'Partie ouverte dans un autre onglet',
    moved: (name: string, tab: boolean) =>
      `Votre place ${name && `${name} `}est ${tab ? 'utilisée dans un autre onglet. Fermez-le et celui-ci la reprendra.' : 'maintenant utilisée sur un autre appareil.'}`,
    playHere: 'Jouer ici',
    unsupportedTitle: 'Ce navigateur ne peut pas rejoindre',
    tastingCode: 'Code de la dégustation',
    codeAria: (digits: string) => `Code ${digits}`,
  },
};

export default fr;
