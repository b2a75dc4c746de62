import { type Activation, type HostTensor, type Loss, type Trainer, losses, metrics, models } from '@losskit/core';
import { html } from 'lit';
import { PALETTE, chartOn } from '../chart.js';
import { select, slider } from '../controls.js';
import { DATASETS, type DatasetId, type Dataset2D, dataset } from '../datasets.js';
import { fmt, yieldToBrowser } from '../format.js';
import { lossTitle, t, tOr } from '../i18n.js';
import { RACERS } from '../racers.js';
import { runtime } from '../runtime.js';
import { state } from '../state.js';
import { ViewElement } from '../view-element.js';

const LOSSES = ['sparseCategoricalCrossEntropy', 'binaryCrossEntropy', 'hinge'] as const;
type TrainLoss = (typeof LOSSES)[number];
const OPTIMIZERS = ['adam', 'sgd', 'momentum', 'rmsprop', 'adagrad', 'adamw', 'lion'] as const;
const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'gelu', 'geluTanh'];
const GRID = 40;
const VIEW = 2.6;
/** Background colours of the predicted classes, lighter than the points'. */
const REGION = ['#bfd3fb', '#f6c3c3', '#bfe8cc'];

/** Binary losses need two classes and one output; their decision threshold is a logit or margin of 0. */
function lossFor(name: TrainLoss): Loss {
  switch (name) {
    case 'sparseCategoricalCrossEntropy': return losses.sparseCategoricalCrossEntropy({ fromLogits: true });
    case 'binaryCrossEntropy': return losses.binaryCrossEntropy({ fromLogits: true });
    case 'hinge': return losses.hinge();
  }
}

function classesOf(pred: HostTensor): number[] {
  const k = pred.shape[1] ?? 1;
  const n = pred.shape[0] ?? 0;
  return Array.from({ length: n }, (_, i) => {
    if (k === 1) return (pred.data[i] as number) > 0 ? 1 : 0;
    let best = 0;
    for (let c = 1; c < k; c++) if ((pred.data[i * k + c] as number) > (pred.data[i * k + best] as number)) best = c;
    return best;
  });
}

/** An MLP trained on a 2-D data set with the chosen loss, optimizer and backend; live loss curve and decision regions. */
export class TrainView extends ViewElement {
  private history: [number, number][] = [];
  private accuracy: number | undefined;
  private regions: number[] = [];
  private running = false;
  private stopToken = 0;
  /** The settings the picture was trained with: a backend or language switch keeps it. */
  private trainedWith = '';

  private data(): Dataset2D {
    const id = state.get('data', 'moons');
    return dataset((DATASETS as readonly string[]).includes(id) ? (id as DatasetId) : 'moons');
  }

  private lossName(d: Dataset2D): TrainLoss {
    const name = state.get('loss', 'sparseCategoricalCrossEntropy') as TrainLoss;
    // The binary losses cannot take three classes.
    return LOSSES.includes(name) && (name === 'sparseCategoricalCrossEntropy' || d.classes === 2) ? name : 'sparseCategoricalCrossEntropy';
  }

  private hiddenLayers(): number[] {
    return state.list('hidden', ['16', '16']).map(Number).filter((h) => Number.isInteger(h) && h > 0 && h <= 128).slice(0, 4);
  }

  private settingsKey(): string {
    return ['data', 'loss', 'optimizer', 'train.lr', 'activation', 'hidden', 'epochs'].map((k) => state.get(k, '')).join('|');
  }

  protected async compute(): Promise<void> {
    if (this.settingsKey() === this.trainedWith) return;
    // A change of training settings ends the run in progress and clears the picture.
    this.trainedWith = '';
    this.stopToken++;
    this.running = false;
    this.history = [];
    this.accuracy = undefined;
    this.regions = [];
    await runtime.ready();
  }

  private async train(): Promise<void> {
    const token = ++this.stopToken;
    const d = this.data();
    const lossName = this.lossName(d);
    const binary = lossName !== 'sparseCategoricalCrossEntropy';
    const epochs = Math.max(1, Math.min(5000, Math.round(state.num('epochs', 300))));
    const makeOptimizer = RACERS[state.get('optimizer', 'adam')] ?? RACERS['adam'];
    const lr = state.num('train.lr', 0.05);
    this.running = true;
    this.trainedWith = this.settingsKey();
    this.history = [];
    this.requestUpdate();
    const n = d.y.length;
    const x = { dtype: 'float32' as const, shape: [n, 2], data: d.x };
    const batch = { x, y: binary ? { dtype: 'float32' as const, shape: [n], data: Float32Array.from(d.y) } : { dtype: 'int32' as const, shape: [n], data: d.y } };
    const gridX = Float32Array.from({ length: GRID * GRID * 2 }, (_, i) => {
      const cell = i >> 1;
      return -VIEW + (2 * VIEW * (i % 2 === 0 ? cell % GRID : Math.floor(cell / GRID))) / (GRID - 1);
    });
    const labels: HostTensor = { dtype: 'int32', shape: [n], data: d.y };
    try {
      const options = {
        model: models.mlp({ inputs: 2, hidden: this.hiddenLayers(), outputs: binary ? 1 : d.classes, activation: (ACTIVATIONS as readonly string[]).includes(state.get('activation', '')) ? (state.get('activation', '') as Activation) : 'tanh' }),
        loss: lossFor(lossName), optimizer: (makeOptimizer as NonNullable<typeof makeOptimizer>)({ learningRate: lr, b1: 0.9, b2: 0.999, schedule: 'constant', steps: epochs }),
        seed: 1, dtype: 'float32' as const,
      };
      let generation = runtime.generation;
      let trainer: Trainer = await (await runtime.ready()).trainer(options);
      for (let epoch = 1; epoch <= epochs && token === this.stopToken; ) {
        if (runtime.generation !== generation) {
          // The backend changed mid-run: carry the parameters and the optimizer state over.
          const [params, optState] = [await trainer.params(), await trainer.state()];
          generation = runtime.generation;
          trainer = await (await runtime.ready()).trainer({ ...options, params });
          await trainer.setState(optState);
        }
        const chunk = Math.min(10, epochs - epoch + 1);
        let loss = Number.NaN;
        await runtime.timed(chunk, async () => {
          for (let k = 0; k < chunk; k++) loss = await trainer.step(batch);
        });
        epoch += chunk;
        if (token !== this.stopToken) return;
        this.history.push([epoch - 1, loss]);
        const pred = await trainer.predict(x);
        // Binary logits and margins decide at 0; metrics.accuracy's threshold is for probabilities.
        this.accuracy = binary ? classesOf(pred).filter((c, i) => c === d.y[i]).length / n : metrics.accuracy(pred, labels);
        this.regions = classesOf(await trainer.predict({ dtype: 'float32', shape: [GRID * GRID, 2], data: gridX }));
        this.requestUpdate();
        await yieldToBrowser();
      }
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (token === this.stopToken) {
        this.running = false;
        this.requestUpdate();
      }
    }
  }

  override updated(): void {
    const d = this.data();
    const boundary = this.querySelector<HTMLElement>('.chart.boundary');
    const curve = this.querySelector<HTMLElement>('.chart.curve');
    if (boundary === null || curve === null) return;
    const cell = Math.ceil(Math.min(boundary.clientWidth, boundary.clientHeight) / GRID) + 1;
    const step = (2 * VIEW) / (GRID - 1);
    chartOn(boundary).setOption({
      animation: false,
      grid: { left: 40, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'value', min: -VIEW, max: VIEW },
      yAxis: { type: 'value', min: -VIEW, max: VIEW },
      series: [
        {
          type: 'scatter', silent: true, symbol: 'rect', symbolSize: cell, z: 1,
          data: this.regions.map((c, i) => ({ value: [-VIEW + step * (i % GRID), -VIEW + step * Math.floor(i / GRID)], itemStyle: { color: REGION[c] } })),
        },
        ...Array.from({ length: d.classes }, (_, c) => ({
          name: d.names[c], type: 'scatter', z: 2, symbolSize: 6, color: PALETTE[c],
          data: Array.from(d.y).flatMap((y, i) => (y === c ? [[d.x[2 * i], d.x[2 * i + 1]]] : [])),
        })),
      ],
    }, { replaceMerge: ['series'] });
    chartOn(curve).setOption({
      animation: false,
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: { type: 'value', name: t('epoch'), nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'value', name: t('loss') },
      series: [{ type: 'line', showSymbol: false, data: this.history, color: PALETTE[1] }],
    }, { replaceMerge: ['series'] });
  }

  override render() {
    const d = this.data();
    const lossName = this.lossName(d);
    const last = this.history.at(-1);
    return html`
      <p class="hint">${t('train.hint')}</p>
      <div class="controls">
        ${select({ label: t('dataset'), value: state.get('data', 'moons'), options: DATASETS, names: (v) => tOr(`dataset.${v}`, v), id: 'dataset', onChange: (v) => state.set({ data: v }) })}
        ${select({ label: t('loss'), value: lossName, options: LOSSES.filter((l) => l === 'sparseCategoricalCrossEntropy' || d.classes === 2), names: (l) => lossTitle(l, losses[l].metadata.title), id: 'train-loss', onChange: (v) => state.set({ loss: v }) })}
        ${select({ label: t('optimizer'), value: state.get('optimizer', 'adam'), options: OPTIMIZERS, names: (v) => tOr(`optimizer.${v}`, v), id: 'train-optimizer', onChange: (v) => state.set({ optimizer: v }) })}
        ${slider({ label: t('learningRate'), value: state.num('train.lr', 0.05), min: 1e-4, max: 1, step: 0.05, log: true, id: 'train-lr', onInput: (v) => state.set({ 'train.lr': v }) })}
        ${select({ label: t('activation'), value: state.get('activation', 'tanh'), options: ACTIVATIONS, id: 'activation', onChange: (v) => state.set({ activation: v }) })}
        <label class="select"><span>${t('hidden')}</span><input data-testid="hidden" .value=${this.hiddenLayers().join(',')} @change=${(e: Event) => state.set({ hidden: (e.target as HTMLInputElement).value })} /></label>
        ${slider({ label: t('epochs'), value: state.num('epochs', 300), min: 10, max: 2000, step: 10, id: 'epochs', onInput: (v) => state.set({ epochs: v }) })}
        ${this.running
          ? html`<button data-testid="stop" @click=${() => { this.stopToken++; this.running = false; this.requestUpdate(); }}>${t('stop')}</button>`
          : html`<button data-testid="train" @click=${() => void this.train()}>${t('train')}</button>`}
      </div>
      <p class="row" data-testid="train-status" data-running=${this.running ? 'yes' : 'no'}>
        ${t('epoch')}: <span data-testid="train-epoch">${last?.[0] ?? 0}</span> ·
        ${t('loss')}: <span data-testid="train-loss-value">${last === undefined ? '' : fmt(last[1])}</span> ·
        ${t('accuracy')}: <span data-testid="train-accuracy">${this.accuracy === undefined ? '' : `${(this.accuracy * 100).toFixed(1)}%`}</span>
      </p>
      <div class="split even">
        <div class="chart boundary" data-testid="train-boundary"></div>
        <div class="chart curve" data-testid="train-curve"></div>
      </div>
      ${this.error === undefined ? '' : html`<p class="error" role="alert">${t('error')}: ${this.error}</p>`}`;
  }
}

customElements.define('lk-train', TrainView);
