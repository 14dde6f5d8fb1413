/** Vitest setup: every unit test renders in English, with both packs loaded (as the app does before rendering). */
import { loadPack } from './index';

await loadPack('common');
await loadPack('host');
