import { type ParamSpec, type ParamValue, createLoss, createReferenceBackend, losses } from '@losskit/core';
import katex from 'katex';
import { html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { PALETTE, chartOn } from '../chart.js';
import { select, slider } from '../controls.js';
import { lossTitle, t } from '../i18n.js';
import { type Encoding, type Task, alongX, domain, encode, meta, plotOptions, plottableLosses, sliderRange, tunable } from '../plottable.js';
import { runtime } from '../runtime.js';
import { state } from '../state.js';
import { ViewElement } from '../view-element.js';

const POINTS = 161;
const title = (n: string) => lossTitle(n, meta(n)?.title ?? n);

/** The plottable losses of each task, probed once on the reference backend (shapes do not depend on the backend). */
const listings = new Map<Task, Promise<Map<string, Encoding>>>();
function listing(task: Task): Promise<Map<string, Encoding>> {
  let p = listings.get(task);
  if (p === undefined) {
    p = createReferenceBackend().then((b) => plottableLosses(b, task));
    listings.set(task, p);
  }
  return p;
}

export function renderFormula(tex: string): ReturnType<typeof unsafeHTML> {
  return unsafeHTML(katex.renderToString(tex, { throwOnError: false, displayMode: true }));
}

type Curve = { name: string; value: (number | null)[]; grad: (number | null)[]; outside: number; reason: string | undefined };

/**
 * Each chosen loss evaluated with reduction 'none' at 161 x values on the current backend: one
 * valueAndGrad call per loss gives the curve and its derivative. Points outside a loss's domain
 * (found by its own input checks) are left out and drawn as a gap.
 */
export class LossExplorer extends ViewElement {
  private curves: Curve[] = [];
  private xs = new Float64Array(0);
  private listed: { task: Task; losses: Map<string, Encoding> } | undefined;

  private task(): Task {
    return state.get('task', 'regression') === 'classification' ? 'classification' : 'regression';
  }

  /** The listed losses of the task, once probed; undefined before. */
  private plottable(): Map<string, Encoding> | undefined {
    const task = this.task();
    if (this.listed?.task === task) return this.listed.losses;
    void listing(task).then((l) => {
      this.listed = { task, losses: l };
      this.requestUpdate();
    });
    return undefined;
  }

  private chosen(listed: ReadonlyMap<string, Encoding>): string[] {
    const task = this.task();
    const fallback = task === 'regression' ? ['mse', 'mae', 'huber'] : ['binaryCrossEntropy', 'hinge'];
    return state.list(`losses.${task}`, fallback).filter((n) => listed.has(n));
  }

  /** A parameter's value from the URL (`huber.delta=0.5`), else its default. */
  private paramValue(loss: string, name: string, spec: ParamSpec): ParamValue {
    const key = `${loss}.${name}`;
    if (spec.type === 'boolean') return state.get(key, String(spec.default)) === 'true';
    if (spec.type === 'enum') {
      const v = state.get(key, String(spec.default));
      return spec.values?.includes(v) === true ? v : spec.default;
    }
    return state.num(key, Number(spec.default));
  }

  private chosenParams(loss: string): Record<string, ParamValue> {
    const o: Record<string, ParamValue> = {};
    for (const [name, spec] of Object.entries(meta(loss)?.params ?? {})) if (tunable(name, spec)) o[name] = this.paramValue(loss, name, spec);
    return o;
  }

  protected async compute(current: () => boolean): Promise<void> {
    const task = this.task();
    const listed = await listing(task);
    const lo = task === 'regression' ? -3 : -6;
    const xs = Float64Array.from({ length: POINTS }, (_, i) => lo + (i * 2 * -lo) / (POINTS - 1));
    const names = this.chosen(listed);
    const curves = await runtime.timed(names.length, async (backend) => {
      const out: Curve[] = [];
      for (const name of names) {
        const encoding = listed.get(name) as Encoding;
        const loss = createLoss(name, plotOptions(name, this.chosenParams(name)));
        const { inside, reason } = domain(loss, encoding, task, xs);
        const at = xs.filter((_, i) => inside[i]);
        const value: (number | null)[] = Array.from(xs, () => null);
        const grad: (number | null)[] = Array.from(xs, () => null);
        if (at.length > 0) {
          const r = await backend.valueAndGrad(loss, encode(encoding, task, at));
          const g = alongX(encoding, r.grad);
          let k = 0;
          for (let i = 0; i < POINTS; i++) {
            if (!inside[i]) continue;
            const v = r.value.data[k] as number;
            const d = g[k] as number;
            value[i] = Number.isFinite(v) ? v : null;
            grad[i] = Number.isFinite(d) ? d : null;
            k++;
          }
        }
        out.push({ name, value, grad, outside: POINTS - at.length, reason });
      }
      return out;
    });
    if (!current()) return;
    this.xs = xs;
    this.curves = curves;
    this.requestUpdate();
  }

  override updated(): void {
    const el = this.querySelector<HTMLElement>('.chart');
    if (el === null) return;
    // '-' is ECharts' empty value: the line breaks there.
    const pts = (ys: (number | null)[]) => Array.from(this.xs, (x, i) => [x, ys[i] ?? '-']);
    chartOn(el).setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      // Scrolls rather than covering the plot when many losses are chosen.
      legend: { type: 'scroll', top: 0 },
      grid: [{ left: 50, right: 20, top: 40, height: '38%' }, { left: 50, right: 20, top: '58%', height: '32%' }],
      xAxis: [0, 1].map((gridIndex) => ({ type: 'value', gridIndex, name: gridIndex === 1 ? (this.task() === 'regression' ? t('residual') : t('logit')) : '', nameLocation: 'middle', nameGap: 25 })),
      yAxis: [0, 1].map((gridIndex) => ({ type: 'value', gridIndex, name: gridIndex === 0 ? t('value') : t('gradient') })),
      series: this.curves.flatMap((c, i) => [
        { name: title(c.name), type: 'line', showSymbol: false, data: pts(c.value), color: PALETTE[i % PALETTE.length] },
        { name: title(c.name), type: 'line', showSymbol: false, xAxisIndex: 1, yAxisIndex: 1, data: pts(c.grad), color: PALETTE[i % PALETTE.length], lineStyle: { type: 'dashed' } },
      ]),
    }, { replaceMerge: ['series', 'xAxis', 'yAxis'] });
  }

  /** A slider for numbers, a checkbox for booleans, a select for enums. */
  private paramControl(loss: string, name: string, spec: ParamSpec) {
    const id = `param-${loss}-${name}`;
    const value = this.paramValue(loss, name, spec);
    const set = (v: string | number | boolean) => state.set({ [`${loss}.${name}`]: String(v) });
    if (spec.type === 'boolean') {
      return html`<label class="toggle" title=${spec.description}><input type="checkbox" data-testid=${id} .checked=${value === true} @change=${(e: Event) => set((e.target as HTMLInputElement).checked)} />${name}</label>`;
    }
    if (spec.type === 'enum') return select({ label: name, value: String(value), options: spec.values ?? [], id, onChange: set });
    const [min, max] = sliderRange(spec);
    return slider({ label: name, value: Number(value), min, max, step: spec.type === 'integer' ? 1 : (max - min) / 100, id, onInput: set });
  }

  override render() {
    const task = this.task();
    const listed = this.plottable();
    const chosen = listed === undefined ? [] : this.chosen(listed);
    const notPlotted = listed === undefined ? [] : Object.keys(losses).filter((n) => meta(n)?.task === task && !listed.has(n));
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
        <div class="checks" data-testid="loss-list" data-ready=${listed === undefined ? 'no' : 'yes'}>${[...(listed?.keys() ?? [])].map((n) => html`
          <label><input type="checkbox" data-testid=${`loss-${n}`} data-loss=${n} .checked=${chosen.includes(n)} @change=${(e: Event) => toggle(n, (e.target as HTMLInputElement).checked)} />${title(n)}</label>`)}
        </div>
      </div>
      <p class="hint">${t(task === 'regression' ? 'explorer.hint.regression' : 'explorer.hint.classification')}</p>
      ${notPlotted.length === 0 ? '' : html`<p class="hint" data-testid="not-plotted">${t('explorer.notPlotted', { names: notPlotted.map(title).join(', ') })}</p>`}
      <div class="split">
        <div class="chart" data-testid="explorer-chart"></div>
        <aside class="formulas">${chosen.map((n, i) => {
          const curve = this.curves.find((c) => c.name === n);
          return html`
          <section class="formula" data-testid=${`formula-${n}`} data-plotted=${curve === undefined ? '' : curve.value.filter((v) => v !== null).length} style=${`border-color:${PALETTE[i % PALETTE.length]}`}>
            <h3>${title(n)}</h3>
            ${renderFormula(meta(n)?.formula ?? '')}
            ${Object.entries(meta(n)?.params ?? {}).filter(([p, s]) => tunable(p, s)).map(([p, s]) => this.paramControl(n, p, s))}
            ${curve === undefined || curve.outside === 0 ? '' : html`<p class="hint" data-testid=${`outside-${n}`}>${t('explorer.outOfDomain', { loss: title(n), count: curve.outside, reason: curve.reason ?? '' })}</p>`}
          </section>`;
        })}
        </aside>
      </div>
      ${this.error === undefined ? '' : html`<p class="error" role="alert">${t('error')}: ${this.error}</p>`}`;
  }
}

customElements.define('lk-loss-explorer', LossExplorer);
