import { render } from 'preact';
import { App } from './app';
import { registerServiceWorker } from './ui/sw';
import './ui/styles.css';

render(<App />, document.getElementById('app')!);
void registerServiceWorker();
