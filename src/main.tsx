import { render } from 'preact';
import { App, preloadRoute } from './app';
import { initLanguage, loadPack } from './i18n';
import { listenForInstallPrompt } from './ui/install';
import { registerServiceWorker } from './ui/sw';
import './ui/styles.css';

listenForInstallPrompt();
initLanguage();
// The screen's code and the sentences in this device's language download side by side; render once both are here.
preloadRoute(location.pathname);
// The home screen's sentences are their own pack: a phone opening a join link never needs them.
void Promise.all([loadPack('common'), location.pathname === '/' ? loadPack('home') : null]).then(
  () => render(<App />, document.getElementById('app')!),
  // The language pack could not load (no network on a first visit): the app's own crash screen needs it too.
  () =>
    (document.getElementById('app')!.textContent =
      'Sommelier Arena needs a network connection the first time: check the Wi-Fi, then reload. — ' +
      'Sommelier Arena a besoin d’une connexion la première fois : vérifiez le Wi-Fi, puis rechargez.'),
);
void registerServiceWorker();
