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

  it.each(['regression', 'classification'] as const)('the explorer lists the %s losses it can plot, and plots each without errors', async (task) => {
    const catalogue = Object.entries(losses).filter(([, ctor]) => ctor.metadata.task === task).map(([name]) => name);
    const probe = await open(`explorer?task=${task}`);
    await probe.page.locator('[data-testid=loss-list][data-ready=yes]').waitFor();
    const listed = await probe.page.locator('[data-loss]').evaluateAll((els) => els.map((e) => e.getAttribute('data-loss') ?? ''));
    await probe.page.close();
    // Packed or vector inputs are not one number per sample: named as not plotted instead.
    if (task === 'regression') expect(listed).not.toContain('gaussianNLL');
    if (task === 'regression') expect(listed).not.toContain('cosineSimilarity');
    expect(listed).toEqual(expect.arrayContaining(task === 'regression' ? ['mse', 'huber', 'logCosh', 'quantile', 'poisson'] : ['binaryCrossEntropy', 'sparseCategoricalCrossEntropy', 'hinge']));
    expect(listed.every((n) => catalogue.includes(n))).toBe(true);

    const { page, errors } = await open(`explorer?task=${task}&losses.${task}=${listed.join(',')}&huber.delta=0.5&binaryCrossEntropy.labelSmoothing=0.2`);
    await READY.explorer(page);
    await expect.poll(() => page.locator('.formula .katex').count()).toBe(listed.length);
    // Every listed loss has a curve: most of its 161 points plotted (Poisson's negative rates are a gap).
    for (const name of listed) await expect.poll(async () => Number(await page.getByTestId(`formula-${name}`).getAttribute('data-plotted')), { message: name }).toBeGreaterThan(80);
    if (task === 'regression') expect(await page.getByTestId('outside-poisson').textContent()).toMatch(/≥ 0/);
    await page.screenshot({ path: join(ARTIFACTS, `explorer-${task}.png`), fullPage: true });
    expect(await page.locator('.error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('boolean and enum parameters get a checkbox and a select that change the curve', async () => {
    const { page, errors } = await open('explorer?task=regression&losses.regression=poissonNLL');
    await expect.poll(async () => Number(await page.getByTestId('formula-poissonNLL').getAttribute('data-plotted'))).toBe(161);
    // logInput off: predictions are rates, so the negative ones (residual < −1) leave the domain.
    await page.getByTestId('param-poissonNLL-logInput').uncheck();
    await expect.poll(async () => Number(await page.getByTestId('formula-poissonNLL').getAttribute('data-plotted'))).toBeLessThan(161);
    expect(page.url()).toContain('poissonNLL.logInput=false');
    const { page: hinge } = await open('explorer?task=classification&losses.classification=hinge');
    await hinge.getByTestId('param-hinge-targetEncoding').selectOption('signed');
    expect(hinge.url()).toContain('hinge.targetEncoding=signed');
    await hinge.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('dragging an outlier moves the MSE fit more than the MAE and Huber fits', async () => {
    const { page, errors } = await open('outliers');
    const fits = page.getByTestId('fits');
    await page.getByTestId('fit-logCosh').waitFor();
    const runs = Number(await fits.getAttribute('data-runs'));
    /** Each fit's value at x = 4.1, the dragged point's x. */
    const fitted = async () => Object.fromEntries(await Promise.all(['mse', 'mae', 'huber', 'logCosh'].map(async (n) => {
      const row = page.getByTestId(`fit-${n}`);
      return [n, 4.1 * Number(await row.getByTestId('slope').textContent()) + Number(await row.getByTestId('intercept').textContent())] as const;
    })));
    const before = await fitted();
    // The chart's grid (outliers.ts): left 40, right 20, top 40, bottom 30; x in [−5, 5], y in [−10, 10].
    const box = await page.getByTestId('outliers-chart').boundingBox();
    if (box === null) throw new Error('no chart');
    const px = (x: number, y: number) => [box.x + 40 + ((x + 5) / 10) * (box.width - 60), box.y + 40 + ((10 - y) / 20) * (box.height - 70)] as const;
    const [fromX, fromY] = px(4.1, -8);
    const [toX, toY] = px(4.1, 8);
    await page.mouse.move(fromX, fromY);
    await page.mouse.down();
    await page.mouse.move(toX, toY, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => page.url()).toContain('points=');
    // On a loaded machine the debounced refit can also fire mid-drag, so there may be more than
    // one new run: wait past the debounce for the last one to start, then for it to finish.
    await page.waitForTimeout(500);
    await expect.poll(async () => Number(await fits.getAttribute('data-runs')) > runs && (await fits.getAttribute('data-busy')) === 'no', { timeout: 90_000 }).toBe(true);
    const after = await fitted();
    const moved = (n: string) => Math.abs((after[n] as number) - (before[n] as number));
    // The dragged point went from y = −8 to y ≈ 8: the squared loss follows it the most.
    expect(moved('mse')).toBeGreaterThan(1);
    expect(moved('mse')).toBeGreaterThan(2 * moved('mae'));
    expect(moved('mse')).toBeGreaterThan(2 * moved('huber'));
    const points = new URL(page.url()).hash.match(/points=([^&]+)/)?.[1]?.split('%2C').map(Number) ?? [];
    expect(points[24]).toBeCloseTo(4.1, 0);
    expect(points[25]).toBeGreaterThan(6);
    await page.screenshot({ path: join(ARTIFACTS, 'outliers-dragged.png'), fullPage: true });
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
    const { page, errors } = await open('race?surface=rosenbrock&racers=adam,sgd,momentum&steps=300&lr.adam=0.1&schedule=constant');
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

  it('a language switch keeps the race paths and the outlier fits, relabelling only', async () => {
    const { page, errors } = await open('race?surface=rosenbrock&racers=adam,sgd&steps=100');
    await READY.race(page);
    const table = page.getByTestId('race-table');
    const runs = await table.getAttribute('data-runs');
    const x = await page.getByTestId('race-adam').getAttribute('data-x');
    await page.getByTestId('lang').selectOption('zh');
    await expect.poll(() => page.locator('[data-testid=race-table] th').first().textContent()).toBe('优化器');
    await expect.poll(() => text(page, 'race-sgd')).toContain('随机梯度下降');
    // Give a recomputation (30 ms debounce) time to start, were there one.
    await page.waitForTimeout(300);
    expect(await table.getAttribute('data-runs')).toBe(runs);
    expect(await table.getAttribute('data-done')).toBe('yes');
    expect(await page.getByTestId('race-adam').getAttribute('data-x')).toBe(x);

    await page.getByTestId('nav-outliers').click();
    await page.getByTestId('fit-huber').waitFor();
    const fitRuns = await page.getByTestId('fits').getAttribute('data-runs');
    await page.getByTestId('lang').selectOption('en');
    await expect.poll(() => text(page, 'nav-outliers')).toBe('Outliers');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('fits').getAttribute('data-runs')).toBe(fitRuns);
    expect(await text(page, 'fit-huber')).toContain('Huber');
    expect(errors).toEqual([]);
    await page.close();
  });
});
