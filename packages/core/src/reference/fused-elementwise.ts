import type { Value } from '../graph/node.js';
import { erf } from './erf.js';

/** Helpers the generated loops call; kept numerically stable for any float input. */
export const helpers = {
  sigmoid(x: number): number {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  softplus(x: number): number {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  },
  relu(x: number): number {
    return x > 0 ? x : Number.isNaN(x) ? x : 0;
  },
  erf,
  roundEven(x: number): number {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
};

type Helpers = typeof helpers;

function expression(node: Value, args: readonly string[], round: (x: number) => number): string {
  const [a, b, c] = args as [string, string, string];
  switch (node.op) {
    case 'neg': return `(-${a})`;
    case 'abs': return `Math.abs(${a})`;
    case 'sign': return `Math.sign(${a})`;
    case 'exp': return `Math.exp(${a})`;
    case 'log': return `Math.log(${a})`;
    case 'log1p': return `Math.log1p(${a})`;
    case 'expm1': return `Math.expm1(${a})`;
    case 'sqrt': return `Math.sqrt(${a})`;
    case 'square': return `(${a}*${a})`;
    case 'reciprocal': return `(1/${a})`;
    case 'tanh': return `Math.tanh(${a})`;
    case 'sigmoid': return `H.sigmoid(${a})`;
    case 'softplus': return `H.softplus(${a})`;
    case 'relu': return `H.relu(${a})`;
    case 'sin': return `Math.sin(${a})`;
    case 'cos': return `Math.cos(${a})`;
    case 'erf': return `H.erf(${a})`;
    case 'floor': return `Math.floor(${a})`;
    case 'round': return `H.roundEven(${a})`;
    case 'logicalNot': return `(${a}===0?1:0)`;
    case 'add': return `(${a}+${b})`;
    case 'sub': return `(${a}-${b})`;
    case 'mul': return `(${a}*${b})`;
    case 'div': return `(${a}/${b})`;
    case 'pow': return `Math.pow(${a},${b})`;
    case 'maximum': return `Math.max(${a},${b})`;
    case 'minimum': return `Math.min(${a},${b})`;
    case 'equal': return `(${a}===${b}?1:0)`;
    case 'notEqual': return `(${a}!==${b}?1:0)`;
    case 'less': return `(${a}<${b}?1:0)`;
    case 'lessEqual': return `(${a}<=${b}?1:0)`;
    case 'greater': return `(${a}>${b}?1:0)`;
    case 'greaterEqual': return `(${a}>=${b}?1:0)`;
    case 'logicalAnd': return `((${a}!==0&&${b}!==0)?1:0)`;
    case 'logicalOr': return `((${a}!==0||${b}!==0)?1:0)`;
    case 'where': return `(${a}!==0?${b}:${c})`;
    case 'clip': return `Math.min(Math.max(${a},${literal(round(node.attrs.min ?? -Infinity))}),${literal(round(node.attrs.max ?? Infinity))})`;
    case 'cast':
      if (node.attrs.dtype === 'int') return `Math.trunc(${a})`;
      if (node.attrs.dtype === 'bool') return `(${a}!==0?1:0)`;
      return a;
    default:
      throw new Error(`not elementwise: ${node.op}`);
  }
}

function literal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '(-0)'; // String(-0) is '0'
  return `(${String(x)})`;
}

/** How a fused loop reads one of its materialised inputs. */
export type LeafAccess = 'same' | 'scalar' | 'broadcast';

export type FusedKernel = (
  out: Float64Array,
  n: number,
  leaves: readonly Float64Array[],
  indices: readonly (Int32Array | undefined)[],
  h: Helpers,
) => void;

/**
 * A group of elementwise nodes computed in one loop, one element at a time, with no
 * temporary arrays: `root` and the nodes inlined into it. `leaves` are the materialised
 * values the group reads.
 */
export type FusedReduceKernel = (
  out: Float64Array,
  outer: number,
  inner: number,
  leaves: readonly Float64Array[],
  indices: readonly (Int32Array | undefined)[],
  h: Helpers,
) => void;

export type FusedReduction = 'sum' | 'mean' | 'max' | 'min';

export class FusedGroup {
  readonly leaves: Value[] = [];
  private readonly body: string[] = [];
  private readonly kernels = new Map<string, FusedKernel>();
  private readonly reduceKernels = new Map<string, FusedReduceKernel>();
  private readonly result: string;

  /**
   * `round` maps float constants to the precision the program runs in (Math.fround for
   * float32): a backend materialises `1 − 1e-7` as a float32 tensor, and so must the oracle.
   */
  constructor(readonly root: Value, isInlined: (v: Value) => boolean, round: (x: number) => number = (x) => x) {
    const names = new Map<number, string>();
    const visit = (v: Value): string => {
      const known = names.get(v.id);
      if (known !== undefined) return known;
      let name: string;
      if (v.op === 'constant' && v.attrs.value !== undefined) {
        name = literal(v.dtype === 'float' ? round(v.attrs.value) : v.attrs.value);
      } else if (v !== root && !isInlined(v)) {
        const k = this.leaves.length;
        this.leaves.push(v);
        name = `r${k}`;
      } else {
        const args = v.inputs.map(visit);
        name = `v${v.id}`;
        this.body.push(`const ${name}=${expression(v, args, round)};`);
      }
      names.set(v.id, name);
      return name;
    };
    this.result = visit(root);
  }

  /** How many ops the loop computes (the root and every node inlined into it). */
  get size(): number {
    return this.body.length;
  }

  private reads(access: readonly LeafAccess[]): { pre: string; reads: string } {
    const pre: string[] = [];
    const reads: string[] = [];
    access.forEach((mode, i) => {
      pre.push(`const l${i}=L[${i}];`);
      if (mode === 'scalar') pre.push(`const r${i}=l${i}[0];`);
      if (mode === 'broadcast') pre.push(`const x${i}=I[${i}];`);
      if (mode === 'same') reads.push(`const r${i}=l${i}[i];`);
      if (mode === 'broadcast') reads.push(`const r${i}=l${i}[x${i}[i]];`);
    });
    return { pre: pre.join(''), reads: reads.join('') };
  }

  /** A loop writing the root's value for each of `n` elements. */
  kernel(access: readonly LeafAccess[]): FusedKernel {
    const key = access.join(',');
    let k = this.kernels.get(key);
    if (k === undefined) {
      const { pre, reads } = this.reads(access);
      const src = `${pre}for(let i=0;i<n;i++){${reads}${this.body.join('')}out[i]=${this.result};}`;
      k = new Function('out', 'n', 'L', 'I', 'H', src) as FusedKernel;
      this.kernels.set(key, k);
    }
    return k;
  }

  /**
   * A loop reducing the root's values over the trailing `inner` elements of each of `outer`
   * rows without storing them: Neumaier-compensated sums, NaN-propagating max and min.
   */
  reduceKernel(access: readonly LeafAccess[], kind: FusedReduction): FusedReduceKernel {
    const key = `${kind}:${access.join(',')}`;
    let k = this.reduceKernels.get(key);
    if (k === undefined) {
      const { pre, reads } = this.reads(access);
      const value = `${reads}${this.body.join('')}const x=${this.result};`;
      let src: string;
      if (kind === 'sum' || kind === 'mean') {
        const finish = kind === 'mean' ? '/inner' : '';
        src = `${pre}for(let o=0;o<outer;o++){let s=0,c=0;const base=o*inner;for(let k=0;k<inner;k++){const i=base+k;${value}` +
          'const t=s+x;c+=(s>=0?s:-s)>=(x>=0?x:-x)?(s-t)+x:(x-t)+s;s=t;}' +
          `out[o]=(Number.isFinite(s)?s+c:s)${finish};}`;
      } else {
        const better = kind === 'max' ? 'x>m' : 'x<m';
        src = `${pre}for(let o=0;o<outer;o++){let m=${kind === 'max' ? '-Infinity' : 'Infinity'};const base=o*inner;` +
          `for(let k=0;k<inner;k++){const i=base+k;${value}if(${better}||x!==x)m=x;}out[o]=m;}`;
      }
      k = new Function('out', 'outer', 'inner', 'L', 'I', 'H', src) as FusedReduceKernel;
      this.reduceKernels.set(key, k);
    }
    return k;
  }
}
