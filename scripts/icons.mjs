#!/usr/bin/env node
// Renders the app icons (PNG) from the one SVG source public/icons/icon.svg with Debian's Chromium.
// Run after changing the SVG: `node scripts/icons.mjs`; the PNGs are committed.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';

const svg = readFileSync('public/icons/icon.svg', 'utf8');
/** name, size in px, padding ratio (maskable icons keep their content in the central 80% safe zone). */
const targets = [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  ['icon-maskable-512.png', 512, 0.1],
  ['apple-touch-icon.png', 180, 0],
];
const executablePath = ['/usr/lib/chromium/chromium-headless-shell', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [name, size, pad] of targets) {
  await page.setViewportSize({ width: size, height: size });
  const inner = Math.round(size * (1 - 2 * pad));
  const body = pad
    ? `<div style="width:${size}px;height:${size}px;background:#9e3333;display:grid;place-items:center">
         <div style="width:${inner}px;height:${inner}px">${svg.replace('rx="96"', 'rx="0"')}</div></div>`
    : `<div style="width:${size}px;height:${size}px">${svg}</div>`;
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:100%;height:100%;display:block}</style>${body}`);
  await page.screenshot({ path: `public/icons/${name}`, omitBackground: true });
  console.log(`public/icons/${name} ${size}x${size}`);
}
await browser.close();
