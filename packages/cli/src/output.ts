import { type HostTensor, toNested } from '@losskit/core';
import pc from 'picocolors';

/** Writes to stdout; the CLI's one place for output, so tests can capture it. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const processIo: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** A tensor for people: a scalar as a plain number, anything else as nested arrays. */
export function formatTensor(t: HostTensor): string {
  return t.shape.length === 0 ? String(t.data[0]) : JSON.stringify(toNested(t));
}

/** A tensor for machines: `{ shape, data }`. */
export function jsonTensor(t: HostTensor): { shape: number[]; data: number[] } {
  return { shape: [...t.shape], data: Array.from(t.data) };
}

export const bold = (s: string): string => pc.bold(s);
export const dim = (s: string): string => pc.dim(s);
