import { fail } from '../errors/losskit-error.js';
import { checkSampleWeight } from './confusion-matrix.js';
import { type Label, type LabelsLike, labelPair, uniqueSorted } from './labels.js';

/** How per-class scores combine (scikit-learn's `average`); `null` keeps one score per class. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | null;

/**
 * What a score is when its denominator is 0 (scikit-learn's `zero_division`): 0 (scikit-learn's
 * default 'warn' also gives 0), 1, or NaN — a NaN class is left out of the averages.
 */
export type ZeroDivision = 0 | 1 | 'nan';

export interface PrfOptions {
  /** Per-class scores combine this way (default 'binary', as scikit-learn's precision_score). */
  readonly average?: Average;
  /** The classes to score, in order (default: every label seen, sorted). */
  readonly labels?: readonly Label[];
  /** The positive class for average 'binary' (default 1). */
  readonly posLabel?: Label;
  readonly zeroDivision?: ZeroDivision;
  readonly sampleWeight?: readonly number[];
}

export interface PrfPerClass {
  readonly labels: readonly Label[];
  readonly precision: readonly number[];
  readonly recall: readonly number[];
  readonly fScore: readonly number[];
  /** The number (or weight) of true samples of each class. */
  readonly support: readonly number[];
}

export interface PrfAveraged {
  readonly precision: number;
  readonly recall: number;
  readonly fScore: number;
}

function zeroValue(z: ZeroDivision | undefined, where: string): number {
  if (z === undefined || z === 0) return 0;
  if (z === 1) return 1;
  if (z === 'nan') return Number.NaN;
  return fail('BAD_PARAM', `zeroDivision must be 0, 1 or 'nan', got ${JSON.stringify(z)}`, where);
}

function divide(num: readonly number[], den: readonly number[], zero: number): number[] {
  return num.map((x, i) => ((den[i] as number) === 0 ? zero : x / (den[i] as number)));
}

// scikit-learn's _nanaverage: NaNs are dropped; weights that sum to 0 fall back to the plain mean.
function nanAverage(a: readonly number[], weights: readonly number[] | undefined): number {
  const keep = a.map((v, i) => [v, weights === undefined ? 1 : (weights[i] as number)] as const).filter(([v]) => !Number.isNaN(v));
  if (keep.length === 0) return Number.NaN;
  const total = keep.reduce((s, [, w]) => s + w, 0);
  if (total === 0) return keep.reduce((s, [v]) => s + v, 0) / keep.length;
  return keep.reduce((s, [v, w]) => s + v * w, 0) / total;
}

interface Counts { readonly labels: Label[]; readonly tp: number[]; readonly pred: number[]; readonly truth: number[] }

function counts(t: readonly Label[], p: readonly Label[], labels: readonly Label[], w: readonly number[] | undefined): Counts {
  const index = new Map<Label, number>(labels.map((l, i) => [l, i]));
  const tp = labels.map(() => 0);
  const pred = labels.map(() => 0);
  const truth = labels.map(() => 0);
  for (let i = 0; i < t.length; i++) {
    const wi = w === undefined ? 1 : (w[i] as number);
    const ti = index.get(t[i] as Label);
    const pi = index.get(p[i] as Label);
    if (ti !== undefined) truth[ti] = (truth[ti] as number) + wi;
    if (pi !== undefined) pred[pi] = (pred[pi] as number) + wi;
    if (ti !== undefined && ti === pi) tp[ti] = (tp[ti] as number) + wi;
  }
  return { labels: [...labels], tp, pred, truth };
}

function resolveLabels(t: readonly Label[], p: readonly Label[], o: PrfOptions, average: Average, where: string): Label[] {
  const present = uniqueSorted(t, p);
  if (average !== 'binary') {
    const labels = o.labels === undefined ? present : [...o.labels];
    if (new Set(labels).size !== labels.length) fail('BAD_PARAM', `labels must be distinct, got [${labels.join(', ')}]`, `${where}.labels`);
    if (labels.length === 0) fail('BAD_PARAM', 'no labels to score', `${where}.labels`);
    return labels;
  }
  // Binary: y must hold at most two classes, and the positive one must be one of them (when two are present).
  const pos = o.posLabel ?? 1;
  if (present.length > 2) {
    fail('BAD_PARAM', `average 'binary' needs at most two classes, found ${present.length} ([${present.join(', ')}]); choose micro, macro, weighted or null`, `${where}.average`);
  }
  if (present.length === 2 && !present.includes(pos)) {
    fail('BAD_PARAM', `posLabel ${JSON.stringify(pos)} is not a valid label; the labels are [${present.join(', ')}]`, `${where}.posLabel`);
  }
  return [pos];
}

/**
 * scikit-learn's `precision_recall_fscore_support`: per-class precision tp / (tp + fp), recall
 * tp / (tp + fn) and F-β (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp), with their support.
 *
 * `average`: `'binary'` scores the `posLabel` class; `'micro'` pools the counts of every class;
 * `'macro'` averages the per-class scores; `'weighted'` weights them by support. A denominator of
 * 0 gives `zeroDivision`.
 */
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly average: null; readonly beta?: number }): PrfPerClass;
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options?: PrfOptions & { readonly beta?: number }): PrfAveraged;
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly beta?: number } = {}): PrfPerClass | PrfAveraged {
  const where = 'precisionRecallFscoreSupport';
  const { t, p } = labelPair(yTrue, yPred, where);
  const average = options.average === undefined ? 'binary' : options.average;
  if (average !== null && !['binary', 'micro', 'macro', 'weighted'].includes(average)) {
    fail('BAD_PARAM', `average must be 'binary', 'micro', 'macro', 'weighted' or null, got ${JSON.stringify(average)}`, `${where}.average`);
  }
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) fail('BAD_PARAM', `beta must be ≥ 0, got ${beta}`, `${where}.beta`);
  const zero = zeroValue(options.zeroDivision, `${where}.zeroDivision`);
  const w = checkSampleWeight(options.sampleWeight, t.length, `${where}.sampleWeight`);
  const c = counts(t, p, resolveLabels(t, p, options, average, where), w);
  const pool = (x: number[]): number[] => (average === 'micro' ? [x.reduce((s, v) => s + v, 0)] : x);
  const tp = pool(c.tp);
  const pred = pool(c.pred);
  const truth = pool(c.truth);
  const precision = divide(tp, pred, zero);
  const recall = divide(tp, truth, zero);
  const b2 = beta * beta;
  const fScore = beta === Number.POSITIVE_INFINITY ? recall : beta === 0 ? precision
    : divide(tp.map((v) => (1 + b2) * v), truth.map((v, i) => b2 * v + (pred[i] as number)), zero);
  if (average === null) return { labels: c.labels, precision, recall, fScore, support: c.truth };
  const weights = average === 'weighted' ? truth : undefined;
  return { precision: nanAverage(precision, weights), recall: nanAverage(recall, weights), fScore: nanAverage(fScore, weights) };
}

/** scikit-learn's `precision_score`: tp / (tp + fp), averaged as `average` says. */
export function precision(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly average: null }): readonly number[];
export function precision(yTrue: LabelsLike, yPred: LabelsLike, options?: PrfOptions): number;
export function precision(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions = {}): number | readonly number[] {
  return options.average === null
    ? precisionRecallFscoreSupport(yTrue, yPred, { ...options, average: null }).precision
    : precisionRecallFscoreSupport(yTrue, yPred, { ...options, average: options.average }).precision;
}

/** scikit-learn's `recall_score`: tp / (tp + fn), averaged as `average` says. */
export function recall(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly average: null }): readonly number[];
export function recall(yTrue: LabelsLike, yPred: LabelsLike, options?: PrfOptions): number;
export function recall(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions = {}): number | readonly number[] {
  return options.average === null
    ? precisionRecallFscoreSupport(yTrue, yPred, { ...options, average: null }).recall
    : precisionRecallFscoreSupport(yTrue, yPred, { ...options, average: options.average }).recall;
}

/** scikit-learn's `fbeta_score`: the weighted harmonic mean of precision and recall. */
export function fbeta(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly beta: number; readonly average: null }): readonly number[];
export function fbeta(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly beta: number }): number;
export function fbeta(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly beta: number }): number | readonly number[] {
  return options.average === null
    ? precisionRecallFscoreSupport(yTrue, yPred, { ...options, average: null }).fScore
    : precisionRecallFscoreSupport(yTrue, yPred, { ...options, average: options.average }).fScore;
}

/** scikit-learn's `f1_score`: 2·tp / (2·tp + fp + fn), averaged as `average` says. */
export function f1(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { readonly average: null }): readonly number[];
export function f1(yTrue: LabelsLike, yPred: LabelsLike, options?: PrfOptions): number;
export function f1(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions = {}): number | readonly number[] {
  return options.average === null
    ? fbeta(yTrue, yPred, { ...options, beta: 1, average: null })
    : fbeta(yTrue, yPred, { ...options, beta: 1 });
}
