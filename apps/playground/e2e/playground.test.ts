import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { losses } from '@losskit/core';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.js';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(APP, 'dist');
const ARTIFACTS = join(APP, 'test-artifacts');
const VIEWS = ['explorer', 'outliers', 'cross-entropy', 'race', 'train'] as const;

let browser: Browser;
let site: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  // turbo builds the site before `test`; a direct `vitest run` builds it when it is missing.
  if (!existsSync(join(DIST, 'index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: APP, stdio: 'inherit' });
  mkdirSync(ARTIFACTS, { recursive: true });
  site = await serveStatic(DIST);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A page on the site whose console errors, uncaught exceptions and off-site requests are collected. */
async function open(hash: string): Promise<{ page: Page; errors: string[]; offsite: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const offsite: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith(site.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) offsite.push(r.url()); });
  await page.goto(`${site.url}#${hash}`);
  return { page, errors, offsite };
}

const text = async (page: Page, testid: string) => (await page.getByTestId(testid).textContent())?.trim() ?? '';

/** What each view shows once it has computed. */
const READY: Record<(typeof VIEWS)[number], (page: Page) => Promise<void>> = {
  explorer: async (page) => {
    await page.locator('.katex').first().waitFor();
    await page.locator('[data-testid=explorer-chart] canvas').waitFor();
  },
  outliers: async (page) => { await page.getByTestId('fit-huber').waitFor(); },
  'cross-entropy': async (page) => { await page.locator('[data-testid=ce-loss]:not(:empty)').waitFor(); },
  race: async (page) => { await page.locator('[data-testid=race-table][data-done=yes]').waitFor(); },
  train: async (page) => { await page.locator('[data-testid=train-boundary] canvas').waitFor(); },
};

describe('playground in Chromium', () => {
  it.each(VIEWS)('view %s loads without console errors, from the site only', async (view) => {
    const { page, errors, offsite } = await open(view);
    await READY[view](page);
    await page.screenshot({ path: join(ARTIFACTS, `${view}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    await page.close();
  });

  it.each(['regression', 'classification'] as const)('the explorer plots every %s loss of the catalogue without errors', async (task) => {
    const names = Object.entries(losses).filter(([, ctor]) => ctor.metadata.task === task).map(([name]) => name);
    const { page, errors } = await open(`explorer?task=${task}&losses.${task}=${names.join(',')}&huber.delta=0.5&binaryCrossEntropy.labelSmoothing=0.2`);
    await READY.explorer(page);
    await expect.poll(() => page.locator('.formula .katex').count()).toBe(names.length);
    await page.screenshot({ path: join(ARTIFACTS, `explorer-${task}.png`), fullPage: true });
    expect(await page.locator('.error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every backend shows the reference backend\'s cross-entropy within float32 tolerance', async () => {
    const { page, errors } = await open('cross-entropy?logits=2,1,0.1&label=0&backend=reference');
    const lossOn = async (backend: string) => {
      const el = page.locator(`[data-testid=ce-loss][data-backend="${backend}"]:not(:empty)`);
      await el.waitFor({ timeout: 60_000 });
      return Number(await el.textContent());
    };
    const reference = await lossOn('reference');
    // By hand: −log(e²/(e² + e¹ + e^0.1)) = log(1 + e⁻¹ + e^−1.9) = 0.417030.
    expect(reference).toBeCloseTo(0.41703, 5);
    for (const backend of ['tfjs-cpu', 'tfjs-wasm', 'onnx-wasm']) {
      await page.getByTestId('backend').selectOption(backend);
      const value = await lossOn(backend);
      expect(Math.abs(value - reference), backend).toBeLessThan(1e-5 * Math.max(1, Math.abs(reference)));
      expect(Number(await text(page, 'step-ms')), backend).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, `backend-${backend}.png`) });
    }
    // Headless Chromium with --disable-gpu has no WebGL: the page must say so and fall back.
    await page.getByTestId('backend').selectOption('tfjs-webgl');
    await page.locator('[data-testid=active-backend][data-backend]').waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=ce-loss]');
      return el?.getAttribute('data-backend') === 'tfjs-webgl' || document.querySelector('[data-testid=backend-unavailable]') !== null;
    });
    const notice = page.getByTestId('backend-unavailable');
    if (await notice.count() > 0) {
      expect(await notice.textContent()).toMatch(/tfjs-webgl is unavailable here/);
      expect(await lossOn('reference')).toBe(reference);
    } else {
      expect(Math.abs(await lossOn('tfjs-webgl') - reference)).toBeLessThan(1e-5);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'backend-tfjs-webgl.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Adam ends closer to Rosenbrock\'s minimum (1, 1) than it started', async () => {
    const { page, errors } = await open('race?surface=rosenbrock&racers=adam,sgd,momentum&steps=300&lr=0.1&schedule=constant');
    await READY.race(page);
    const adam = page.getByTestId('race-adam');
    const x = Number(await adam.getAttribute('data-x'));
    const y = Number(await adam.getAttribute('data-y'));
    // The start is (−1.2, 1), Rosenbrock's classic one.
    const start = Math.hypot(-1.2 - 1, 1 - 1);
    expect(Math.hypot(x - 1, y - 1)).toBeLessThan(start);
    // It went round the valley's bend, not just down into it: past x = 0.
    expect(x).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'race-rosenbrock.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains an MLP on the moons, switching backend mid-run, until its displayed accuracy passes 90%', async () => {
    const { page, errors } = await open('train?data=moons&epochs=500&train.lr=0.05&optimizer=adam&hidden=16,16&activation=tanh');
    await READY.train(page);
    await page.getByTestId('train').click();
    // Switch backend mid-run: training goes on there from the same parameters and optimizer state.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-epoch]')?.textContent) >= 50);
    await page.getByTestId('backend').selectOption('tfjs-wasm');
    await page.locator('[data-testid=active-backend][data-backend=tfjs-wasm]').waitFor();
    expect(await page.getByTestId('train-status').getAttribute('data-running')).toBe('yes');
    await page.locator('[data-testid=train-status][data-running=no]').waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=train-epoch]')?.textContent === '500');
    const accuracy = Number((await text(page, 'train-accuracy')).replace('%', ''));
    expect(accuracy).toBeGreaterThan(90);
    await page.screenshot({ path: join(ARTIFACTS, 'train-moons.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to 简体中文 (labels and loss names) and keeps it in the URL', async () => {
    const { page, errors } = await open('explorer');
    await READY.explorer(page);
    await page.getByTestId('lang').selectOption('zh');
    await expect.poll(() => text(page, 'nav-explorer')).toBe('损失函数浏览');
    await expect.poll(() => page.locator('.formula h3').first().textContent()).toBe('均方误差（MSE）');
    expect(page.url()).toContain('lang=zh');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-zh.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
