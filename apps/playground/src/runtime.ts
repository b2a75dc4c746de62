import { type Backend, LossKitError, createReferenceBackend } from '@losskit/core';
import { type BackendId, loadBackend } from './backends.js';

type Listener = () => void;

/**
 * The backend every view computes on, switchable at any time. A backend that cannot start
 * (webgl without a GPU) leaves a message and the reference backend in its place; the time per
 * step of the last computation is kept for the header.
 */
class Runtime {
  id: BackendId = 'reference';
  backend: Backend | undefined;
  /** Why the requested backend is not the one in use, or undefined. */
  fallback: { readonly requested: BackendId; readonly reason: string } | undefined;
  /** Milliseconds per step of the last timed computation. */
  stepMs: number | undefined;
  /** Bumped on every switch, so views recompute. */
  generation = 0;
  private readonly listeners = new Set<Listener>();
  private switching: Promise<void> = Promise.resolve();

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  use(id: BackendId): Promise<void> {
    this.switching = this.switching.then(async () => {
      try {
        this.backend = await loadBackend(id);
        this.id = id;
        this.fallback = undefined;
      } catch (e) {
        const reason = LossKitError.isInstance(e) || e instanceof Error ? e.message : String(e);
        this.backend = await createReferenceBackend();
        this.id = 'reference';
        this.fallback = { requested: id, reason };
      }
      this.stepMs = undefined;
      this.generation++;
      this.notify();
    });
    return this.switching;
  }

  async ready(): Promise<Backend> {
    await this.switching;
    if (this.backend === undefined) await this.use(this.id);
    return this.backend as Backend;
  }

  /** Runs `steps` steps of `fn` and records the mean time per step. */
  async timed<T>(steps: number, fn: (backend: Backend) => Promise<T>): Promise<T> {
    const backend = await this.ready();
    const t0 = performance.now();
    const result = await fn(backend);
    this.stepMs = (performance.now() - t0) / Math.max(1, steps);
    this.notify();
    return result;
  }
}

export const runtime = new Runtime();
