import { html, type TemplateResult } from 'lit';
import { fmt } from './format.js';

/** A labelled range input that reports numbers. */
export function slider(o: { label: string; value: number; min: number; max: number; step: number; id?: string; log?: boolean; onInput: (v: number) => void }): TemplateResult {
  // Log sliders move through exponents, so learning rates from 1e-4 to 1 get equal room.
  const toPos = (v: number) => (o.log ? Math.log10(v) : v);
  const fromPos = (p: number) => (o.log ? Number((10 ** p).toPrecision(3)) : p);
  return html`<label class="slider">
    <span>${o.label}</span>
    <input type="range" data-testid=${o.id ?? ''} min=${toPos(o.min)} max=${toPos(o.max)} step=${o.step} .value=${String(toPos(o.value))}
      @input=${(e: Event) => o.onInput(fromPos(Number((e.target as HTMLInputElement).value)))} />
    <output>${fmt(o.value)}</output>
  </label>`;
}

export function select<T extends string>(o: { label: string; value: T; options: readonly T[]; names?: (v: T) => string; id?: string; onChange: (v: T) => void }): TemplateResult {
  return html`<label class="select">
    <span>${o.label}</span>
    <select data-testid=${o.id ?? ''} @change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value as T)}>
      ${o.options.map((v) => html`<option value=${v} ?selected=${v === o.value}>${o.names?.(v) ?? v}</option>`)}
    </select>
  </label>`;
}
