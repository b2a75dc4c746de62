import { type LossMetadata, type ParamSpec, type ParamValue, createLoss, losses } from '@losskit/core';
import katex from 'katex';
import { html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { PALETTE, chartOn } from '../chart.js';
import { slider } from '../controls.js';
import { lossTitle, t } from '../i18n.js';
import { runtime } from '../runtime.js';
import { state } from '../state.js';
import { ViewElement } from '../view-element.js';

type Task = 'regression' | 'classification';
const ALL = Object.keys(losses) as (keyof typeof losses)[];
const meta = (name: string): LossMetadata => (losses as Record<string, { metadata: LossMetadata }>)[name]?.metadata as LossMetadata;
const POINTS = 161;

/** Parameters a slider or a checkbox shows; the others (axis, epsilon floors, encodings) keep their defaults here. */
function tunable(name: string, spec: ParamSpec): boolean {
  return name !== 'fromLogits' && (spec.type === 'number' || spec.type === 'integer') && !/epsilon|floor/i.test(name) && !spec.nullable;
}

function range(spec: ParamSpec): [number, number] {
  const lo = spec.min ?? spec.above ?? 0;
  const hi = spec.max ?? spec.below ?? Math.max(3, Number(spec.default) * 5);
  return [lo === spec.above ? lo + (hi - lo) / 100 : lo, hi];
}

export function renderFormula(tex: string): ReturnType<typeof unsafeHTML> {
  return unsafeHTML(katex.renderToString(tex, { throwOnError: false, displayMode: true }));
}

/**
 * Each chosen loss evaluated with reduction 'none' at 161 predictions on the current backend:
 * one valueAndGrad call per loss gives the curve and its derivative.
 */
export class LossExplorer extends ViewElement {
  private curves: { name: string; value: Float64Array; grad: Float64Array }[] = [];
  private xs = new Float64Array(0);

  private task(): Task {
    return state.get('task', 'regression') === 'classification' ? 'classification' : 'regression';
  }

  private chosen(): string[] {
    const task = this.task();
    const fallback = task === 'regression' ? ['mse', 'mae', 'huber'] : ['binaryCrossEntropy', 'hinge'];
    return state.list(`losses.${task}`, fallback).filter((n) => ALL.includes(n as keyof typeof losses) && meta(n).task === task);
  }

  private paramValue(loss: string, name: string, spec: ParamSpec): ParamValue {
    return state.num(`${loss}.${name}`, Number(spec.default));
  }

  private options(loss: string): Record<string, ParamValue> {
    const o: Record<string, ParamValue> = { reduction: 'none' };
    for (const [name, spec] of Object.entries(meta(loss).params)) if (tunable(name, spec)) o[name] = this.paramValue(loss, name, spec);
    if ('fromLogits' in meta(loss).params) o['fromLogits'] = true;
    return o;
  }

  /** Predictions and targets: residuals against target 0, or logits of the true class (label 1, or class 0 of two). */
  private inputs(loss: string, xs: Float32Array): { predictions: { dtype: 'float32'; shape: number[]; data: Float32Array }; targets: { dtype: 'float32' | 'int32'; shape: number[]; data: Float32Array | Int32Array } } {
    const n = xs.length;
    if (loss === 'categoricalCrossEntropy' || loss === 'sparseCategoricalCrossEntropy') {
      const logits = new Float32Array(2 * n);
      xs.forEach((z, i) => { logits[2 * i] = z; });
      const targets = loss === 'sparseCategoricalCrossEntropy'
        ? { dtype: 'int32' as const, shape: [n], data: new Int32Array(n) }
        : { dtype: 'float32' as const, shape: [n, 2], data: Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 1 : 0)) };
      return { predictions: { dtype: 'float32', shape: [n, 2], data: logits }, targets };
    }
    const target = this.task() === 'regression' ? 0 : 1;
    return { predictions: { dtype: 'float32', shape: [n], data: xs }, targets: { dtype: 'float32', shape: [n], data: new Float32Array(n).fill(target) } };
  }

  protected async compute(current: () => boolean): Promise<void> {
    const task = this.task();
    const lo = task === 'regression' ? -3 : -6;
    const xs = Float32Array.from({ length: POINTS }, (_, i) => lo + (i * 2 * -lo) / (POINTS - 1));
    const names = this.chosen();
    const curves = await runtime.timed(names.length, async (backend) => {
      const out: { name: string; value: Float64Array; grad: Float64Array }[] = [];
      for (const name of names) {
        const { value, grad } = await backend.valueAndGrad(createLoss(name, this.options(name)), this.inputs(name, xs));
        // Two-logit inputs: the derivative along the true class's logit is column 0.
        const g = grad.shape.length === 2 ? Float64Array.from({ length: POINTS }, (_, i) => grad.data[2 * i] as number) : Float64Array.from(grad.data);
        out.push({ name, value: Float64Array.from(value.data), grad: g });
      }
      return out;
    });
    if (!current()) return;
    this.xs = Float64Array.from(xs);
    this.curves = curves;
    this.requestUpdate();
  }

  override updated(): void {
    const el = this.querySelector<HTMLElement>('.chart');
    if (el === null) return;
    const pts = (ys: Float64Array) => Array.from(this.xs, (x, i) => [x, ys[i]]);
    chartOn(el).setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: [{ left: 50, right: 20, top: 40, height: '38%' }, { left: 50, right: 20, top: '58%', height: '32%' }],
      xAxis: [0, 1].map((gridIndex) => ({ type: 'value', gridIndex, name: gridIndex === 1 ? (this.task() === 'regression' ? t('residual') : t('logit')) : '', nameLocation: 'middle', nameGap: 25 })),
      yAxis: [0, 1].map((gridIndex) => ({ type: 'value', gridIndex, name: gridIndex === 0 ? t('value') : t('gradient') })),
      series: this.curves.flatMap((c, i) => [
        { name: lossTitle(c.name, meta(c.name).title), type: 'line', showSymbol: false, data: pts(c.value), color: PALETTE[i % PALETTE.length] },
        { name: lossTitle(c.name, meta(c.name).title), type: 'line', showSymbol: false, xAxisIndex: 1, yAxisIndex: 1, data: pts(c.grad), color: PALETTE[i % PALETTE.length], lineStyle: { type: 'dashed' } },
      ]),
    }, { replaceMerge: ['series', 'xAxis', 'yAxis'] });
  }

  override render() {
    const task = this.task();
    const chosen = this.chosen();
    const toggle = (name: string, on: boolean) => {
      const next = on ? [...chosen, name] : chosen.filter((n) => n !== name);
      state.set({ [`losses.${task}`]: next });
    };
    return html`
      <div class="controls">
        <label class="select"><span>${t('task')}</span>
          <select data-testid="task" @change=${(e: Event) => state.set({ task: (e.target as HTMLSelectElement).value })}>
            <option value="regression" ?selected=${task === 'regression'}>${t('regression')}</option>
            <option value="classification" ?selected=${task === 'classification'}>${t('classification')}</option>
          </select></label>
        <div class="checks">${ALL.filter((n) => meta(n).task === task).map((n) => html`
          <label><input type="checkbox" data-testid=${`loss-${n}`} .checked=${chosen.includes(n)} @change=${(e: Event) => toggle(n, (e.target as HTMLInputElement).checked)} />${lossTitle(n, meta(n).title)}</label>`)}
        </div>
      </div>
      <p class="hint">${t(task === 'regression' ? 'explorer.hint.regression' : 'explorer.hint.classification')}</p>
      <div class="split">
        <div class="chart" data-testid="explorer-chart"></div>
        <aside class="formulas">${chosen.map((n, i) => html`
          <section class="formula" style=${`border-color:${PALETTE[i % PALETTE.length]}`}>
            <h3>${lossTitle(n, meta(n).title)}</h3>
            ${renderFormula(meta(n).formula)}
            ${Object.entries(meta(n).params).filter(([p, s]) => tunable(p, s)).map(([p, s]) => {
              const [min, max] = range(s);
              return slider({ label: p, value: Number(this.paramValue(n, p, s)), min, max, step: (max - min) / 100, id: `param-${n}-${p}`, onInput: (v) => state.set({ [`${n}.${p}`]: v }) });
            })}
          </section>`)}
        </aside>
      </div>
      ${this.error === undefined ? '' : html`<p class="error" role="alert">${t('error')}: ${this.error}</p>`}`;
  }
}

customElements.define('lk-loss-explorer', LossExplorer);
