/**
 * French sentences of the phone's path and of what host screens share with it (vouvoiement, kept short on phones).
 * Typed with the English file's shape: a missing or extra key fails the typecheck (docs/i18n.md).
 */
import type { Common } from './common.en';
import { formatInt, plural } from './index';

const fr: Common = {
  appName: 'Sommelier Arena',

  category: {
    color: 'Couleur',
    region: 'Région',
    grape_variety: 'Cépage',
    vintage_year: 'Millésime',
    wine_name: 'Nom du vin',
  },
  prompt: {
    color: 'Quelle est la couleur de ce vin ?',
    region: 'De quelle région vient ce vin ?',
    grape_variety: 'Quel est le cépage de ce vin ?',
    vintage_year: 'Quel est le millésime de ce vin ?',
    wine_name: 'Quel est le nom de ce vin ?',
  },

  error: {
    SESSION_NOT_FOUND: (code: string) => `Aucune dégustation avec le code ${code}. Vérifiez les 4 chiffres sur l’écran de l’animateur et réessayez.`,
    SIGNALING_UNREACHABLE: () => 'Serveur injoignable. Vérifiez le Wi-Fi ou les données mobiles — on réessaie.',
    HOST_UNREACHABLE: () => 'L’animateur ne répond pas. Êtes-vous sur le réseau du lieu ? On réessaie.',
  },
  errorOffline: 'Pas de réseau. Activez le Wi-Fi ou les données : la connexion suivra.',

  app: {
    notFound: 'Page introuvable',
    toStart: 'Revenir à l’accueil',
    crashed: 'Cet écran n’a pas pu s’ouvrir',
    needsNetwork: 'Il faut une connexion la première fois. Vérifiez le Wi-Fi, puis rechargez.',
    nothingLost: 'Rien n’est perdu : tout reste sur cet appareil.',
    reload: 'Recharger',
    updateReady: 'Une nouvelle version de Sommelier Arena est prête.',
    update: 'Mettre à jour',
    newVersion: 'Nouvelle version disponible. Rechargez : la partie en cours reprendra.',
  },

  board: {
    noPlayers: 'Aucun joueur.',
    you: '(vous)',
    offline: 'hors ligne',
    standings: 'Classement',
    final: 'Résultats finaux',
    wine: (n: number, name: string | null) => (name ? `Vin ${formatInt(n)} — ${name} : résultats` : `Vin ${formatInt(n)} : résultats`),
  },

  timer: {
    unit: 's',
    left: (s: number) => plural(s, { one: `${formatInt(s)} seconde restante`, other: `${formatInt(s)} secondes restantes` }),
  },

  play: {
    joinTitle: 'Rejoindre une dégustation',
    codeLabel: 'Entrez le code à 4 chiffres de l’animateur',
    join: 'Rejoindre',
    reconnecting: 'Reconnexion…',
    joining: (code: string) => `Connexion à la dégustation ${code}…`,
    youAre: 'Vous êtes',
    score: 'score',
    points: 'pts',
    hintOffline: 'Pas de réseau. Activez le Wi-Fi ou les données : la reconnexion suivra.',
    hintHostAway: 'En attente de l’animateur… Son appareil redémarre peut-être ; la reconnexion suivra.',
    hintNoNetwork: 'Pas de réseau. On réessaie ; vérifiez le Wi-Fi si cela dure.',
    hintCalm: 'Un instant, on vous reconnecte.',
    moveOpen: 'Continuer sur un autre appareil',
    moveClose: 'Fermer',
    waitingStart: 'En attente du lancement par l’animateur…',
    lobbyLine: (players: number, max: number, title: string) =>
      `${formatInt(players)} / ${formatInt(max)} ${plural(max, { one: 'joueur', other: 'joueurs' })} · ${title}`,
    progress: (wine: number, wines: number, q: number, qs: number) =>
      `Vin ${formatInt(wine)}/${formatInt(wines)} · Q${formatInt(q)}/${formatInt(qs)}`,
    paused: 'En pause',
    answers: 'Réponses',
    correct: 'bonne réponse',
    wrongPick: 'votre réponse, fausse',
    noAnswer: 'Pas de réponse',
    hintPaused: 'En pause : vous pouvez encore changer de réponse.',
    hintChange: 'Vous pouvez changer jusqu’à la révélation.',
    hintTap: 'Touchez une réponse.',
    waitingHost: 'En attente de l’animateur…',
    finished: (rank: number) => `Vous terminez à la ${rank === 1 ? '1re' : `${formatInt(rank)}e`} place`,
    again: 'Jouer une autre dégustation',
  },
};

export default fr;
