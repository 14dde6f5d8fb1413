/** The game engine's public surface: pure rules, no browser API (docs/architecture.md). */
export * from './types';
export * from './answer-key';
export * from './tasting';
export * from './pseudonym';
export * from './code';
export * from './ranking';
export * from './session';
export * from './view';
