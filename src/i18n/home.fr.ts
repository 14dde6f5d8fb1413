/** French sentences of the home screen and of a phone's kept results. Typed with the English file's shape. */
import type { HomeWords } from './home.en';
import { formatInt, plural } from './index';

const fr: HomeWords = {
  lead: 'Un quiz de dégustation à l’aveugle, en direct.',
  actions: 'Commencer',
  host: 'Animer une dégustation',
  join: 'Rejoindre une dégustation',
  install: 'Installer l’application',
  installIos: 'Pour l’installer : Partager → Sur l’écran d’accueil.',
  note: 'Sans compte. L’appareil de l’animateur mène la partie ; les téléphones s’y connectent directement.',
  version: (v: string) => `Version ${v}`,
  myResults: (n: number) => plural(n, { one: 'Mes résultats', other: `Mes résultats (${formatInt(n)})` }),
  results: {
    title: 'Mes résultats',
    empty: 'Pas encore de résultat sur ce téléphone. Ils sont gardés ici à la fin de chaque dégustation.',
    line: (rank: number, players: number, score: number, date: string) =>
      `${rank === 1 ? '1re' : `${formatInt(rank)}e`} sur ${formatInt(players)} · ${formatInt(score)} pts · ${date}`,
    show: 'Voir le classement ▾',
    hide: 'Masquer le classement ▴',
    back: 'Retour',
  },
};

export default fr;
