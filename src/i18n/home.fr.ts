/** French sentences of the home screen. Typed with the English file's shape. */
import type { HomeWords } from './home.en';

const fr: HomeWords = {
  lead: 'Un quiz de dégustation à l’aveugle, en direct.',
  actions: 'Commencer',
  host: 'Animer une dégustation',
  join: 'Rejoindre une dégustation',
  install: 'Installer l’application',
  installIos: 'Pour l’installer : Partager → Sur l’écran d’accueil.',
  note: 'Sans compte. L’appareil de l’animateur mène la partie ; les téléphones s’y connectent directement.',
  version: (v: string) => `Version ${v}`,
};

export default fr;
