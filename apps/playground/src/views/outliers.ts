import { type Loss, type LossMetadata, createLoss, losses, models, optimizers } from '@losskit/core';
import { html } from 'lit';
import { PALETTE, chartOn } from '../chart.js';
import { slider } from '../controls.js';
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
/** Ten inliers on the true line with fixed jitter, and three outliers at these x positions. */
const INLIERS = [-4, -3.2, -2.1, -1.4, -0.5, 0.3, 1.1, 2.2, 2.9, 3.8].map((x, i) => [x, TRUE_SLOPE * x + TRUE_INTERCEPT + [0.2, -0.3, 0.1, 0.25, -0.15, 0.05, -0.2, 0.3, -0.1, 0.15][i]!] as const);
const OUTLIER_X = [2.5, 3.3, 4.1];
const title = (n: string) => lossTitle(n, (losses as Record<string, { metadata: LossMetadata }>)[n]?.metadata.title ?? n);

/**
 * A line y = w·x + b fitted to the points under each loss: a `models.linear` trained by the
 * backend's trainer (forward, loss, backward and an Adam update per compiled step).
 */
export class OutliersView extends ViewElement {
  private fits: { name: string; w: number; b: number; loss: number }[] = [];

  private outliers(): number[] {
    const v = state.list('outliers', ['-6', '-7', '-8']).map(Number);
    return OUTLIER_X.map((_, i) => (Number.isFinite(v[i]) ? (v[i] as number) : -6));
  }

  private points(): (readonly [number, number])[] {
    const o = this.outliers();
    return [...INLIERS, ...OUTLIER_X.map((x, i) => [x, o[i] as number] as const)];
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
    this.requestUpdate();
  }

  override updated(): void {
    const el = this.querySelector<HTMLElement>('.chart');
    if (el === null) return;
    const line = (w: number, b: number) => [[-5, w * -5 + b], [5, w * 5 + b]];
    chartOn(el).setOption({
      animation: false,
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'value', min: -5, max: 5 },
      yAxis: { type: 'value', min: -10, max: 10 },
      series: [
        { name: 'data', type: 'scatter', data: this.points(), color: '#111', symbolSize: 8 },
        { name: t('truth'), type: 'line', data: line(TRUE_SLOPE, TRUE_INTERCEPT), showSymbol: false, color: '#999', lineStyle: { type: 'dotted' } },
        ...this.fits.map((f, i) => ({ name: title(f.name), type: 'line', data: line(f.w, f.b), showSymbol: false, color: PALETTE[i % PALETTE.length] })),
      ],
    }, { replaceMerge: ['series'] });
  }

  override render() {
    const o = this.outliers();
    return html`
      <p class="hint">${t('outliers.hint', { steps: STEPS })}</p>
      <div class="controls">${o.map((y, i) => slider({ label: `${t('outlier')} ${i + 1} (x = ${OUTLIER_X[i]})`, value: y, min: -10, max: 10, step: 0.5, id: `outlier-${i}`, onInput: (v) => state.set({ outliers: o.map((p, j) => (j === i ? v : p)) }) }))}</div>
      <div class="split">
        <div class="chart" data-testid="outliers-chart"></div>
        <table class="fits">
          <thead><tr><th></th><th>${t('slope')}</th><th>${t('intercept')}</th><th>${t('loss')}</th></tr></thead>
          <tbody>
            <tr><td>${t('truth')}</td><td>${TRUE_SLOPE}</td><td>${TRUE_INTERCEPT}</td><td></td></tr>
            ${this.fits.map((f) => html`<tr data-testid=${`fit-${f.name}`}><td>${title(f.name)}</td><td>${fmt(f.w)}</td><td>${fmt(f.b)}</td><td>${fmt(f.loss)}</td></tr>`)}
          </tbody>
        </table>
      </div>
      ${this.error === undefined ? '' : html`<p class="error" role="alert">${t('error')}: ${this.error}</p>`}`;
  }
}

customElements.define('lk-outliers', OutliersView);
