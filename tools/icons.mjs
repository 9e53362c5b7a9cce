#!/usr/bin/env node
// Renders www/icon.svg to the PNG icons the web app manifest lists (www/icon-192.png, www/icon-512.png).
//   node tools/icons.mjs
// Run it by hand after changing icon.svg and commit the PNGs; the build does not run it. It uses the Chromium the
// end-to-end suite already needs (Debian's ImageMagick has no SVG renderer without extra packages), so the PNGs are
// drawn by the same engine that draws the SVG in the page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(repo, 'www', 'icon.svg'));
const SIZES = [192, 512];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
    // A transparent page holding only the image, scaled to fill it; the rounded corners stay transparent.
    await page.setContent(`<html><body style="margin:0;background:transparent">` +
      `<img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.waitForFunction(() => document.images[0].complete);
    const file = path.join(repo, 'www', `icon-${size}.png`);
    await page.screenshot({ path: file, omitBackground: true });
    console.log(`[icons] ${path.relative(repo, file)} (${fs.statSync(file).size} bytes)`);
    await page.close();
  }
} finally {
  await browser.close();
}
