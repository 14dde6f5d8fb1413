/** Vitest setup: every unit test renders in English, with every pack loaded (as the app does before rendering). */
import { loadPack } from './index';

await loadPack('common');
await loadPack('host');
await loadPack('home');
await loadPack('rare');
