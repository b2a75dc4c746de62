import type { OrtSession } from './ort-types.js';

interface Entry {
  readonly bytes: Uint8Array;
  readonly session: WeakRef<Promise<OrtSession>>;
}

/** FNV-1a over the bytes: a cheap key; equal keys are confirmed byte for byte. */
function fingerprint(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return `${bytes.length}:${(h >>> 0).toString(36)}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How many recently used sessions are held strongly, beyond those compiled programs hold. */
const RECENT = 8;

/**
 * Sessions shared by model content. The core caches compiled programs by program identity, but
 * equal programs are often distinct objects (`losses.mse()` called in a loop traces each time);
 * their ONNX bytes are equal, and creating a session costs milliseconds. A session lives as
 * long as some compiled program holds it (weakly referenced here), and the last few used stay
 * alive regardless, so a loop over fresh loss objects does not depend on garbage-collection
 * timing. Older ones are left to the collector: ORT sessions keep memory arenas.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry[]>();
  private readonly registry = new FinalizationRegistry<string>((key) => this.prune(key));
  private recent: Promise<OrtSession>[] = [];

  constructor(private readonly create: (bytes: Uint8Array) => Promise<OrtSession>) {}

  get(bytes: Uint8Array): Promise<OrtSession> {
    const key = fingerprint(bytes);
    const list = this.entries.get(key) ?? [];
    for (const e of list) {
      const session = e.session.deref();
      if (session !== undefined && sameBytes(e.bytes, bytes)) return this.touch(session);
    }
    const session = this.create(bytes);
    // A failed creation is forgotten: the next call tries again.
    session.catch(() => this.forget(key, session));
    list.push({ bytes, session: new WeakRef(session) });
    this.entries.set(key, list);
    this.registry.register(session, key);
    return this.touch(session);
  }

  private touch(session: Promise<OrtSession>): Promise<OrtSession> {
    this.recent = [session, ...this.recent.filter((s) => s !== session)].slice(0, RECENT);
    return session;
  }

  private forget(key: string, session: Promise<OrtSession>): void {
    this.recent = this.recent.filter((s) => s !== session);
    const list = this.entries.get(key)?.filter((e) => e.session.deref() !== session) ?? [];
    if (list.length === 0) this.entries.delete(key);
    else this.entries.set(key, list);
  }

  private prune(key: string): void {
    const list = this.entries.get(key)?.filter((e) => e.session.deref() !== undefined) ?? [];
    if (list.length === 0) this.entries.delete(key);
    else this.entries.set(key, list);
  }
}
