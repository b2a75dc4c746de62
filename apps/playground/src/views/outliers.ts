import { type Loss, type LossMetadata, createLoss, losses, models, optimizers } from '@losskit/core';
import { html } from 'lit';
import { PALETTE, chartOn } from '../chart.js';
import { fmt, yieldToBrowser } from '../format.js';
import { lossTitle, t } from '../i18n.js';
import { runtime } from '../runtime.js';
import { state } from '../state.js';
import { ViewElement } from '../view-element.js';

/** MSE, MAE, Huber and log-cosh when the catalogue has it. */
const FIT_LOSSES = ['mse', 'mae', 'huber', 'logCosh'].filter((n) => Object.hasOwn(losses, n));
const STEPS = 300;
const TRUE_SLOPE = 0.5;
const TRUE_INTERCEPT = 1;
/** The chart's window; dragged points stay inside it. */
const X_RANGE = [-5, 5] as const;
const Y_RANGE = [-10, 10] as const;
type Point = [number, number];
/** Ten inliers on the true line with fixed jitter, and three outliers far below it. */
const DEFAULT_POINTS: readonly (readonly [number, number])[] = [
  ...[-4, -3.2, -2.1, -1.4, -0.5, 0.3, 1.1, 2.2, 2.9, 3.8].map((x, i) => [x, TRUE_SLOPE * x + TRUE_INTERCEPT + [0.2, -0.3, 0.1, 0.25, -0.15, 0.05, -0.2, 0.3, -0.1, 0.15][i]!] as const),
  [2.5, -6], [3.3, -7], [4.1, -8],
];
/** How long a drag rests before the fits are recomputed: a fit is 300 steps per loss. */
const DRAG_DEBOUNCE_MS = 150;
const title = (n: string) => lossTitle(n, (losses as Record<string, { metadata: LossMetadata }>)[n]?.metadata.title ?? n);
const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A line y = w·x + b fitted to the points under each loss: a `models.linear` trained by the
 * backend's trainer (forward, loss, backward and an Adam update per compiled step). The points
 * are ECharts graphic circles that can be dragged; the fits follow once a drag rests.
 */
export class OutliersView extends ViewElement {
  private fits: { name: string; w: number; b: number; loss: number }[] = [];
  /** Completed fits, shown for the tests: a language switch must not add one. */
  private runs = 0;
  /** The points while a drag is under way, ahead of the URL. */
  private dragged: Point[] | undefined;
  private commitTimer: ReturnType<typeof setTimeout> | undefined;

  /** The points in the URL (`points=x0,y0,x1,y1,...`), or the default ones. */
  private points(): Point[] {
    if (this.dragged !== undefined) return this.dragged;
    const v = state.list('points', []).map(Number);
    if (v.length === 2 * DEFAULT_POINTS.length && v.every(Number.isFinite)) return DEFAULT_POINTS.map((_, i) => [v[2 * i] as number, v[2 * i + 1] as number]);
    return DEFAULT_POINTS.map(([x, y]) => [x, y]);
  }

  private drag(i: number, pixel: [number, number], chart: ReturnType<typeof chartOn>): void {
    const [x, y] = chart.convertFromPixel({ gridIndex: 0 }, pixel) as number[];
    const pts = this.points().map((p) => [...p] as Point);
    pts[i] = [clamp(x as number, X_RANGE), clamp(y as number, Y_RANGE)];
    this.dragged = pts;
    chart.setOption({ series: [{ id: 'points', data: pts }] });
    clearTimeout(this.commitTimer);
    this.commitTimer = setTimeout(() => this.commit(), DRAG_DEBOUNCE_MS);
  }

  /** Writes the dragged points to the URL, which recomputes the fits. */
  private commit(): void {
    clearTimeout(this.commitTimer);
    const pts = this.dragged;
    if (pts === undefined) return;
    this.dragged = undefined;
    state.set({ points: pts.flatMap(([x, y]) => [round2(x), round2(y)]) });
  }

  protected async compute(current: () => boolean): Promise<void> {
    const pts = this.points();
    const batch = { x: { dtype: 'float32' as const, shape: [pts.length, 1], data: Float32Array.from(pts, (p) => p[0]) }, y: { dtype: 'float32' as const, shape: [pts.length], data: Float32Array.from(pts, (p) => p[1]) } };
    const fits = await runtime.timed(STEPS * FIT_LOSSES.length, async (backend) => {
      const out: { name: string; w: number; b: number; loss: number }[] = [];
      for (const name of FIT_LOSSES) {
        const loss: Loss = createLoss(name);
        const trainer = await backend.trainer({
          model: models.linear({ inputs: 1, outputs: 1 }), loss, optimizer: optimizers.adam({ learningRate: 0.1 }),
          params: { w0: { dtype: 'float32', shape: [1, 1], data: [0] }, b0: { dtype: 'float32', shape: [1], data: [0] } }, dtype: 'float32',
        });
        let last = Number.NaN;
        for (let i = 0; i < STEPS; i++) {
          last = await trainer.step(batch);
          if (i % 50 === 49) await yieldToBrowser();
          if (!current()) return out;
        }
        const p = await trainer.params();
        out.push({ name, w: p['w0']?.data[0] as number, b: p['b0']?.data[0] as number, loss: last });
      }
      return out;
    });
    if (!current()) return;
    this.fits = fits;
    this.runs++;
    this.requestUpdate();
  }

  override updated(): void {
    const el = this.querySelector<HTMLElement>('.chart');
    if (el === null) return;
    const chart = chartOn(el);
    const pts = this.points();
    const line = (w: number, b: number) => X_RANGE.map((x) => [x, w * x + b]);
    chart.setOption({
      animation: false,
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'value', min: X_RANGE[0], max: X_RANGE[1] },
      yAxis: { type: 'value', min: Y_RANGE[0], max: Y_RANGE[1] },
      series: [
        { id: 'points', name: t('points'), type: 'scatter', data: pts, color: '#111', symbolSize: 10, z: 3 },
        { name: t('truth'), type: 'line', data: line(TRUE_SLOPE, TRUE_INTERCEPT), showSymbol: false, color: '#999', lineStyle: { type: 'dotted' } },
        ...this.fits.map((f, i) => ({ name: title(f.name), type: 'line', data: line(f.w, f.b), showSymbol: false, color: PALETTE[i % PALETTE.length] })),
      ],
    }, { replaceMerge: ['series'] });
    this.placeHandles(chart, pts);
    // The handles sit at pixel positions: a resized chart needs them moved.
    if (!this.watchingResize) {
      this.watchingResize = true;
      chart.on('finished', () => {
        const size = `${chart.getWidth()}x${chart.getHeight()}`;
        if (size !== this.placedAt) this.placeHandles(chart, this.points());
      });
    }
  }

  private watchingResize = false;
  private placedAt = '';

  /** An invisible draggable circle over each point (the ECharts "drag" pattern). */
  private placeHandles(chart: ReturnType<typeof chartOn>, pts: Point[]): void {
    this.placedAt = `${chart.getWidth()}x${chart.getHeight()}`;
    chart.setOption({
      graphic: pts.map((p, i) => {
        const [px, py] = chart.convertToPixel({ gridIndex: 0 }, p) as number[];
        return {
          id: `handle-${i}`, type: 'circle', x: px, y: py, shape: { cx: 0, cy: 0, r: 9 }, invisible: true, draggable: true, z: 100, cursor: 'move',
          ondrag: (e: { target: { x: number; y: number } }) => this.drag(i, [e.target.x, e.target.y], chart),
          ondragend: () => this.commit(),
        };
      }),
    });
  }

  override render() {
    return html`
      <p class="hint">${t('outliers.hint', { steps: STEPS })}</p>
      <div class="row"><button data-testid="reset-points" @click=${() => { this.dragged = undefined; state.set({ points: DEFAULT_POINTS.flat() }); }}>${t('resetPoints')}</button></div>
      <div class="split">
        <div class="chart" data-testid="outliers-chart"></div>
        <table class="fits" data-testid="fits" data-runs=${this.runs} data-busy=${this.busy ? 'yes' : 'no'}>
          <thead><tr><th></th><th>${t('slope')}</th><th>${t('intercept')}</th><th>${t('loss')}</th></tr></thead>
          <tbody>
            <tr><td>${t('truth')}</td><td>${TRUE_SLOPE}</td><td>${TRUE_INTERCEPT}</td><td></td></tr>
            ${this.fits.map((f) => html`<tr data-testid=${`fit-${f.name}`}><td>${title(f.name)}</td><td data-testid="slope">${fmt(f.w)}</td><td data-testid="intercept">${fmt(f.b)}</td><td>${fmt(f.loss)}</td></tr>`)}
          </tbody>
        </table>
      </div>
      ${this.error === undefined ? '' : html`<p class="error" role="alert">${t('error')}: ${this.error}</p>`}`;
  }
}

customElements.define('lk-outliers', OutliersView);
