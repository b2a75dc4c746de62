import type { Value } from '../graph/node.js';
import { add, constant, cos, div, floor, less, lessEqual, log, maximum, minimum, mul, pow, sub, where } from '../graph/ops.js';

/**
 * The arithmetic a schedule is written in, over plain numbers or over traced values. A schedule
 * written once against this interface runs on the host (`schedule.at(step)`) and inside a
 * compiled optimizer step, with the same formula.
 */
export interface ScalarMath<T> {
  constant(x: number): T;
  add(a: T | number, b: T | number): T;
  sub(a: T | number, b: T | number): T;
  mul(a: T | number, b: T | number): T;
  div(a: T | number, b: T | number): T;
  pow(a: T | number, b: T | number): T;
  minimum(a: T | number, b: T | number): T;
  maximum(a: T | number, b: T | number): T;
  cos(a: T): T;
  log(a: T): T;
  floor(a: T): T;
  /** `a < b ? then : otherwise`. */
  ifLess(a: T, b: T | number, then: T | number, otherwise: T | number): T;
  /** `a ≤ b ? then : otherwise`. */
  ifLessEqual(a: T, b: T | number, then: T | number, otherwise: T | number): T;
}

/** Plain float64 arithmetic: what `schedule.at(step)` evaluates. */
export const hostMath: ScalarMath<number> = {
  constant: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  minimum: (a, b) => Math.min(a, b),
  maximum: (a, b) => Math.max(a, b),
  cos: Math.cos,
  log: Math.log,
  floor: Math.floor,
  ifLess: (a, b, then, otherwise) => (a < b ? then : otherwise),
  ifLessEqual: (a, b, then, otherwise) => (a <= b ? then : otherwise),
};

/** Traced arithmetic: builds the op graph a backend compiles. */
export const tracedMath: ScalarMath<Value> = {
  constant: (x) => constant(x),
  add: (a, b) => add(a, b),
  sub: (a, b) => sub(a, b),
  mul: (a, b) => mul(a, b),
  div: (a, b) => div(a, b),
  pow: (a, b) => pow(a, b),
  minimum: (a, b) => minimum(a, b),
  maximum: (a, b) => maximum(a, b),
  cos: (a) => cos(a),
  log: (a) => log(a),
  floor: (a) => floor(a),
  ifLess: (a, b, then, otherwise) => where(less(a, b), then, otherwise),
  ifLessEqual: (a, b, then, otherwise) => where(lessEqual(a, b), then, otherwise),
};
