import { type Backend, type HostTensor } from '@losskit/core';
import { contours } from 'd3-contour';
import { html } from 'lit';
import { PALETTE, chartOn } from '../chart.js';
import { select, slider } from '../controls.js';
import { fmt } from '../format.js';
import { t, tOr } from '../i18n.js';
import { DEFAULT_LEARNING_RATES, type Path, RACERS, type RaceSettings, SCHEDULES, type ScheduleId, race } from '../racers.js';
import { runtime } from '../runtime.js';
import { state } from '../state.js';
import { SURFACES, type Surface, surfaceById, surfacePrograms } from '../surfaces.js';
import { ViewElement } from '../view-element.js';
import { renderFormula } from './loss-explorer.js';

const GRID = 70;
const NAMES = Object.keys(RACERS);
const racerName = (n: string) => tOr(`optimizer.${n}`, n);

const f32 = (v: ArrayLike<number>): HostTensor => ({ dtype: 'float32', shape: [v.length], data: Float32Array.from(v) });

/** Contour rings of the surface, computed on the backend over a grid and traced by d3-contour. */
async function contourRings(backend: Backend, s: Surface): Promise<{ level: number; ring: number[][] }[]> {
  const [x0, x1, y0, y1] = s.view;
  const gx: number[] = [];
  const gy: number[] = [];
  for (let j = 0; j < GRID; j++) for (let i = 0; i < GRID; i++) {
    gx.push(x0 + ((x1 - x0) * i) / (GRID - 1));
    gy.push(y0 + ((y1 - y0) * j) / (GRID - 1));
  }
  const { value } = await backend.run(surfacePrograms(s).field, { x: f32(gx), y: f32(gy) });
  const raw = Array.from(value?.data ?? []);
  const min = Math.min(...raw);
  const field = s.logContours ? raw.map((v) => Math.log1p(v - min)) : raw;
  const lo = Math.min(...field);
  const hi = Math.max(...field);
  const levels = Array.from({ length: 14 }, (_, k) => lo + ((hi - lo) * (k + 0.5)) / 14);
  const toX = (c: number) => x0 + ((x1 - x0) * (c - 0.5)) / (GRID - 1);
  const toY = (c: number) => y0 + ((y1 - y0) * (c - 0.5)) / (GRID - 1);
  return contours().size([GRID, GRID]).thresholds(levels)(field).flatMap((mp) =>
    mp.coordinates.flatMap((polygon) => polygon.map((ring) => ({ level: mp.value, ring: ring.map(([a, b]) => [toX(a as number), toY(b as number)]) }))));
}

/** Optimizers racing down a 2-D surface from one start, their paths animated over its contours. */
export class OptimizerRace extends ViewElement {
  private rings: { level: number; ring: number[][] }[] = [];
  private paths: Path[] = [];
  private frame = 0;
  private done = false;
  private animation = 0;
  /** Completed computations, shown for the tests: a language switch must not add one. */
  private runs = 0;

  /** The racer's learning rate: `lr.<name>` in the URL, else its default. */
  private learningRate(name: string): number {
    return state.num(`lr.${name}`, DEFAULT_LEARNING_RATES[name] ?? 0.01);
  }

  private settings(name: string): RaceSettings {
    return {
      learningRate: this.learningRate(name),
      b1: state.num('b1', 0.9),
      b2: state.num('b2', 0.999),
      schedule: (SCHEDULES as readonly string[]).includes(state.get('schedule', '')) ? (state.get('schedule', '') as ScheduleId) : 'constant',
      steps: Math.max(1, Math.min(2000, Math.round(state.num('steps', 400)))),
    };
  }

  private chosen(): string[] {
    return state.list('racers', NAMES).filter((n) => NAMES.includes(n));
  }

  protected async compute(current: () => boolean): Promise<void> {
    const s = surfaceById(state.get('surface', 'rosenbrock'));
    const chosen = this.chosen();
    this.done = false;
    cancelAnimationFrame(this.animation);
    const steps = chosen.reduce((n, name) => n + this.settings(name).steps, 0);
    const result = await runtime.timed(steps, async (backend) => {
      const rings = await contourRings(backend, s);
      const paths: Path[] = [];
      for (const name of chosen) paths.push(await race(backend, s, name, this.settings(name), current));
      return { rings, paths };
    });
    if (!current()) return;
    this.rings = result.rings;
    this.paths = result.paths;
    this.runs++;
    this.playPaths();
  }

  /** Reveals the paths step by step over about two seconds. */
  private playPaths(): void {
    const longest = Math.max(1, ...this.paths.map((p) => p.xs.length));
    const t0 = performance.now();
    const tick = () => {
      this.frame = Math.min(longest, Math.ceil(((performance.now() - t0) / 2000) * longest));
      this.done = this.frame >= longest;
      this.requestUpdate();
      if (!this.done) this.animation = requestAnimationFrame(tick);
    };
    this.animation = requestAnimationFrame(tick);
  }

  override updated(): void {
    const el = this.querySelector<HTMLElement>('.chart');
    if (el === null) return;
    const s = surfaceById(state.get('surface', 'rosenbrock'));
    const [x0, x1, y0, y1] = s.view;
    const levels = [...new Set(this.rings.map((r) => r.level))];
    chartOn(el).setOption({
      animation: false,
      legend: { top: 0, data: this.paths.map((p) => racerName(p.name)) },
      grid: { left: 40, right: 20, top: 50, bottom: 30 },
      xAxis: { type: 'value', min: x0, max: x1 },
      yAxis: { type: 'value', min: y0, max: y1 },
      series: [
        ...this.rings.map((r) => ({
          type: 'line', data: r.ring, showSymbol: false, silent: true, z: 1,
          lineStyle: { width: 1, color: `hsl(210, 30%, ${30 + (50 * levels.indexOf(r.level)) / Math.max(1, levels.length)}%)` },
        })),
        ...this.paths.map((p) => ({
          name: racerName(p.name), type: 'line', z: 3, showSymbol: false, color: PALETTE[NAMES.indexOf(p.name) % PALETTE.length],
          data: p.xs.slice(0, this.frame).map((x, i) => [x, p.ys[i]]),
        })),
        { type: 'scatter', z: 4, symbol: 'diamond', symbolSize: 12, color: '#000', data: [[...s.start], ...(s.minimum === undefined ? [] : [[...s.minimum]])] },
      ],
    }, { replaceMerge: ['series'] });
  }

  override render() {
    const s = surfaceById(state.get('surface', 'rosenbrock'));
    const shared = this.settings('adam');
    const chosen = this.chosen();
    const dist = (x: number, y: number) => (s.minimum === undefined ? Number.NaN : Math.hypot(x - s.minimum[0], y - s.minimum[1]));
    const defaults = Object.fromEntries(NAMES.map((n) => [`lr.${n}`, DEFAULT_LEARNING_RATES[n] ?? 0.01]));
    return html`
      <div class="controls">
        ${select({ label: t('surface'), value: s.id, options: SURFACES.map((x) => x.id), names: (v) => t(`surface.${v}`), id: 'surface', onChange: (v) => state.set({ surface: v }) })}
        ${slider({ label: 'β₁', value: shared.b1, min: 0, max: 0.999, step: 0.001, id: 'b1', onInput: (v) => state.set({ b1: v }) })}
        ${slider({ label: 'β₂', value: shared.b2, min: 0.9, max: 0.9999, step: 0.0001, id: 'b2', onInput: (v) => state.set({ b2: v }) })}
        ${slider({ label: t('steps'), value: shared.steps, min: 10, max: 1000, step: 10, id: 'steps', onInput: (v) => state.set({ steps: v }) })}
        ${select({ label: t('schedule'), value: shared.schedule, options: SCHEDULES, names: (v) => t(`schedule.${v}`), id: 'schedule', onChange: (v) => state.set({ schedule: v }) })}
      </div>
      <fieldset class="racers">
        <legend>${t('learningRates')} <button data-testid="default-rates" @click=${() => state.set(defaults)}>${t('defaultRates')}</button></legend>
        ${NAMES.map((n) => html`<div class="racer">
          <label><input type="checkbox" data-testid=${`racer-${n}`} .checked=${chosen.includes(n)}
            @change=${(e: Event) => state.set({ racers: (e.target as HTMLInputElement).checked ? [...chosen, n] : chosen.filter((c) => c !== n) })} />${racerName(n)}</label>
          ${slider({ label: t('learningRate'), value: this.learningRate(n), min: 1e-5, max: 1, step: 0.05, log: true, id: `lr-${n}`, onInput: (v) => state.set({ [`lr.${n}`]: v }) })}
        </div>`)}
      </fieldset>
      ${renderFormula(s.formula)}
      <div class="split">
        <div class="chart" data-testid="race-chart"></div>
        <table class="fits" data-testid="race-table" data-done=${this.done ? 'yes' : 'no'} data-runs=${this.runs}>
          <thead><tr><th>${t('optimizer')}</th><th>${t('final')}</th><th>${t('distance')}</th></tr></thead>
          <tbody>
            <tr><td>${t('start')}</td><td>(${s.start.join(', ')})</td><td>${fmt(dist(s.start[0], s.start[1]))}</td></tr>
            ${this.paths.map((p) => {
              const x = p.xs.at(-1) as number;
              const y = p.ys.at(-1) as number;
              return html`<tr data-testid=${`race-${p.name}`} data-x=${x} data-y=${y}><td>${racerName(p.name)}</td>
                <td>${p.diverged ? t('diverged') : `(${fmt(x)}, ${fmt(y)})`}</td><td>${p.diverged ? '∞' : fmt(dist(x, y))}</td></tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${this.error === undefined ? '' : html`<p class="error" role="alert">${t('error')}: ${this.error}</p>`}`;
  }
}

customElements.define('lk-optimizer-race', OptimizerRace);
