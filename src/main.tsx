import { render } from 'preact';
import { App } from './app';
import { listenForInstallPrompt } from './ui/install';
import { registerServiceWorker } from './ui/sw';
import './ui/styles.css';

listenForInstallPrompt();
render(<App />, document.getElementById('app')!);
void registerServiceWorker();
