import { LitElement } from 'lit';
import { runtime } from './runtime.js';
import { state } from './state.js';

/**
 * A view: rendered in the light DOM (so the page's CSS and KaTeX's apply), re-rendered on every
 * URL or backend change, and recomputed through `compute` with the latest inputs only: a
 * computation that finishes after a newer one started is dropped.
 */
export abstract class ViewElement extends LitElement {
  protected error: string | undefined;
  protected busy = false;
  private unsubscribe: (() => void)[] = [];
  private ticket = 0;
  /** The inputs of the last computation started; undefined forces the next one. */
  private computedFor: string | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = [
      state.subscribe(() => this.changed()),
      runtime.subscribe(() => this.requestUpdate()),
    ];
    let generation = runtime.generation;
    this.unsubscribe.push(runtime.subscribe(() => {
      if (runtime.generation !== generation) {
        generation = runtime.generation;
        this.computedFor = undefined;
        this.changed();
      }
    }));
    this.computedFor = undefined;
    this.changed();
  }

  /**
   * What the computation depends on, as a string: a state change that leaves it equal (the
   * language, another view's settings) re-renders the labels and keeps the results.
   */
  protected inputsKey(): string {
    // The backend is left out too: a switch bumps the runtime's generation, which recomputes.
    return state.paramsExcept(['lang', 'backend']);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const u of this.unsubscribe) u();
    this.ticket++;
  }

  /** State changed: re-render now; recompute soon (slider drags coalesce) if the inputs did. */
  protected changed(): void {
    this.requestUpdate();
    const key = this.inputsKey();
    if (key === this.computedFor) return;
    this.computedFor = key;
    const ticket = ++this.ticket;
    setTimeout(() => {
      if (ticket === this.ticket) void this.recompute(ticket);
    }, 30);
  }

  private async recompute(ticket: number): Promise<void> {
    this.busy = true;
    this.requestUpdate();
    try {
      await this.compute(() => ticket === this.ticket);
      if (ticket === this.ticket) this.error = undefined;
    } catch (e) {
      // A failed computation is retried on the next change, even to the same inputs.
      if (ticket === this.ticket) this.computedFor = undefined;
      if (ticket === this.ticket) this.error = e instanceof Error ? e.message : String(e);
      console.warn(e);
    } finally {
      if (ticket === this.ticket) {
        this.busy = false;
        this.requestUpdate();
      }
    }
  }

  /** The view's computation; `current()` turns false once newer inputs arrived. */
  protected abstract compute(current: () => boolean): Promise<void>;
}
