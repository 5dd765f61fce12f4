// Serves dist/ on localhost, opens it in headless Chromium once with WebGL2
// and once with WebGPU (SwiftShader: no GPU needed), waits for frames,
// screenshots the canvas and checks the Earth and the satellites are there.
// Fails on any console error. With MEASURE=1 it also times 100k and 1M
// satellites and prints the figures for README.
//
//   node tests/web/web-test.mjs [DIST]     (BACKENDS=webgl2 to test one build)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

const dist = resolve(process.argv[2] ?? new URL('../../dist', import.meta.url).pathname);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer(async (req, res) => {
  const path = join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;

const common = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu-sandbox'];
const flags = {
  webgl2: [...common, '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  webgpu: [...common, '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
};

async function open(backend, query, size = { width: 640, height: 360 }) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: flags[backend], headless: true });
  const page = await browser.newPage({ viewport: size });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${port}/?backend=${backend}&${query}`);
  await page.waitForFunction(() => window.megaconstellation && window.megaconstellation.frames >= 3, null, { timeout: 600_000 });
  return { browser, page, errors };
}

function pixels(png) {
  const img = PNG.sync.read(png);
  const lum = (x, y) => { const i = (y * img.width + x) * 4; return 0.2126 * img.data[i] + 0.7152 * img.data[i + 1] + 0.0722 * img.data[i + 2]; };
  const blue = (x, y) => { const i = (y * img.width + x) * 4; return img.data[i + 2] - img.data[i]; };
  return { img, lum, blue };
}

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

for (const backend of (process.env.BACKENDS ?? "webgl2,webgpu").split(",")) {
  const { browser, page, errors } = await open(backend, 'preset=odc-1m&limit=100000&at=2026-03-20T12:00:00Z&paused');
  const used = await page.evaluate(() => window.megaconstellationBackend);
  check(used === backend, `${backend}: the loader chose ${used}`);
  // Hide the panels (H) so that the picture is the scene.
  await page.locator('#megaconstellation').click({ position: { x: 320, y: 20 } });
  await page.keyboard.press('h');
  await page.waitForFunction((n) => window.megaconstellation.frames >= n, (await page.evaluate(() => window.megaconstellation.frames)) + 3, { timeout: 120_000 });
  const shot = await page.locator('#megaconstellation').screenshot();
  if (process.env.SCREENSHOT_DIR) await import('node:fs/promises').then((fs) => fs.writeFile(`${process.env.SCREENSHOT_DIR}/web-${backend}.png`, shot));
  const { img, lum, blue } = pixels(shot);
  // The Earth: the middle of the view is lit ground and sea (not black).
  let earth = 0, sky = 0, bright = 0;
  const cx = img.width / 2, cy = img.height / 2;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const d = Math.hypot(x - cx, y - cy) / img.height;
      if (d < 0.12 && lum(x, y) > 25) earth++;
      if (d > 0.24 && d < 0.34) { sky++; if (lum(x, y) > 40 && blue(x, y) < 30) bright++; }
    }
  }
  const centre = Math.PI * (0.12 * img.height) ** 2;
  check(earth > 0.6 * centre, `${backend}: Earth pixels in the middle (${earth} of ${Math.round(centre)})`);
  check(bright > 0.15 * sky, `${backend}: lit satellite pixels around the Earth (${bright} of ${sky})`);
  check(errors.length === 0, `${backend}: no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);
  await browser.close();
}

if (process.env.MEASURE) {
  for (const backend of (process.env.BACKENDS ?? "webgl2,webgpu").split(",")) {
    for (const limit of [100000, 1000000]) {
      const start = Date.now();
      const { browser, page } = await open(backend, `preset=odc-1m&limit=${limit}&at=2026-03-20T12:00:00Z`, { width: 1280, height: 720 });
      const first = await page.evaluate(() => window.megaconstellationFirstFrameMs);
      const f0 = await page.evaluate(() => window.megaconstellation.frames);
      await page.waitForTimeout(15_000);
      const f1 = await page.evaluate(() => window.megaconstellation.frames);
      console.log(JSON.stringify({ backend, satellites: limit, first_frame_s: first / 1000, fps: (f1 - f0) / 15, wall_s: (Date.now() - start) / 1000 }));
      await browser.close();
    }
  }
}

server.close();
if (failures) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
