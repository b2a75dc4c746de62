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

/**
 * Colour only on a terminal: picocolors alone also colours when `CI` is set, even into a pipe.
 * `NO_COLOR` (https://no-color.org) turns it off, `FORCE_COLOR` on, and `TERM=dumb` off.
 */
export function colourWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

const colours = pc.createColors(colourWanted(process.env, process.stdout.isTTY === true));

export const bold = (s: string): string => colours.bold(s);
export const dim = (s: string): string => colours.dim(s);
export const success = (s: string): string => colours.green(s);
export const failure = (s: string): string => colours.red(s);
