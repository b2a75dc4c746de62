import { type Program, losses, ops, trace } from '@losskit/core';
import { html } from 'lit';
import { PALETTE, chartOn } from '../chart.js';
import { fmt } from '../format.js';
import { t } from '../i18n.js';
import { runtime } from '../runtime.js';
import { state } from '../state.js';
import { ViewElement } from '../view-element.js';
import { renderFormula } from './loss-explorer.js';

const SOFTMAX: Program = trace('softmax', { z: { shape: ['batch', 'classes'], dtype: 'float' } }, ({ z }) => ops.softmax(z));
const FORMULA = '\\ell(z, y) = -\\log \\frac{e^{z_y}}{\\sum_k e^{z_k}}, \\qquad \\frac{\\partial \\ell}{\\partial z_k} = \\operatorname{softmax}(z)_k - [k = y]';

/** Logits typed by hand and a label: softmax, the loss and its gradient, all computed on the current backend. */
export class CrossEntropyView extends ViewElement {
  private probs: number[] = [];
  private grad: number[] = [];
  private loss: number | undefined;
  private computedOn = '';

  private logits(): number[] {
    const v = state.list('logits', ['2', '1', '0.1']).map(Number).filter(Number.isFinite);
    return v.length >= 2 ? v.slice(0, 8) : [2, 1, 0.1];
  }

  private label(): number {
    return Math.min(Math.max(0, Math.round(state.num('label', 0))), this.logits().length - 1);
  }

  protected async compute(current: () => boolean): Promise<void> {
    const z = this.logits();
    const predictions = { dtype: 'float32' as const, shape: [1, z.length], data: Float32Array.from(z) };
    const targets = { dtype: 'int32' as const, shape: [1], data: Int32Array.of(this.label()) };
    const result = await runtime.timed(1, async (backend) => {
      const { value, grad } = await backend.valueAndGrad(losses.sparseCategoricalCrossEntropy({ fromLogits: true }), { predictions, targets });
      const { value: p } = await backend.run(SOFTMAX, { z: predictions });
      return { loss: value.data[0] as number, grad: Array.from(grad.data), probs: Array.from(p?.data ?? []), computedOn: runtime.id };
    });
    if (!current()) return;
    Object.assign(this, result);
    this.requestUpdate();
  }

  override updated(): void {
    const el = this.querySelector<HTMLElement>('.chart');
    if (el === null) return;
    const classes = this.logits().map((_, k) => `${t('class')} ${k}`);
    chartOn(el).setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: classes },
      yAxis: { type: 'value', min: -1, max: 1 },
      series: [
        { name: t('softmax'), type: 'bar', data: this.probs, color: PALETTE[0] },
        { name: t('gradient'), type: 'bar', data: this.grad, color: PALETTE[1] },
      ],
    }, { replaceMerge: ['series'] });
  }

  override render() {
    const z = this.logits();
    const label = this.label();
    const setLogit = (k: number, v: number) => state.set({ logits: z.map((x, i) => (i === k ? v : x)) });
    return html`
      <p class="hint">${t('ce.hint')}</p>
      ${renderFormula(FORMULA)}
      <table class="logits">
        <thead><tr><th>${t('class')}</th><th>${t('logits')}</th><th>${t('label')}</th><th>${t('softmax')}</th><th>${t('gradient')}</th></tr></thead>
        <tbody>${z.map((x, k) => html`<tr>
          <td>${k}</td>
          <td><input type="number" step="0.1" data-testid=${`logit-${k}`} .value=${String(x)} @change=${(e: Event) => setLogit(k, Number((e.target as HTMLInputElement).value))} /></td>
          <td><input type="radio" name="label" data-testid=${`label-${k}`} .checked=${k === label} @change=${() => state.set({ label: k })} /></td>
          <td>${this.probs[k] === undefined ? '' : fmt(this.probs[k])}</td>
          <td>${this.grad[k] === undefined ? '' : fmt(this.grad[k])}</td>
        </tr>`)}</tbody>
      </table>
      <div class="row">
        <button @click=${() => state.set({ logits: [...z, 0] })} ?disabled=${z.length >= 8}>${t('addClass')}</button>
        <button @click=${() => state.set({ logits: z.slice(0, -1), label: Math.min(label, z.length - 2) })} ?disabled=${z.length <= 2}>${t('removeClass')}</button>
        <strong>${t('loss')} = <span data-testid="ce-loss" data-backend=${this.computedOn}>${this.loss === undefined ? '' : fmt(this.loss)}</span></strong>
      </div>
      <div class="chart small" data-testid="ce-chart"></div>
      ${this.error === undefined ? '' : html`<p class="error" role="alert">${t('error')}: ${this.error}</p>`}`;
  }
}

customElements.define('lk-cross-entropy', CrossEntropyView);
