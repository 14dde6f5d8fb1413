/** Set by vite.config.ts: package version, plus `+BUILD_ID` when that variable is set at build time. */
declare const __APP_VERSION__: string;
