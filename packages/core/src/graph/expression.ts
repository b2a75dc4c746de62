import { LossKitError } from '../errors/losskit-error.js';
import { logSoftmax, logSumExp, softmax } from './composites.js';
import type { Value } from './node.js';
import * as o from './ops.js';

type Token = { kind: 'num'; value: number; at: number } | { kind: 'id'; name: string; at: number } | { kind: 'op'; op: string; at: number };

const UNARY: Readonly<Record<string, (x: Value) => Value>> = {
  abs: o.abs, exp: o.exp, log: o.log, log1p: o.log1p, expm1: o.expm1, sqrt: o.sqrt, square: o.square, tanh: o.tanh,
  sigmoid: o.sigmoid, softplus: o.softplus, relu: o.relu, sin: o.sin, cos: o.cos, erf: o.erf, neg: o.neg, reciprocal: o.reciprocal,
  softmax: (x) => softmax(x), logSoftmax: (x) => logSoftmax(x),
};
const REDUCE: Readonly<Record<string, (x: Value, axis?: number) => Value>> = {
  mean: (x, a) => o.mean(x, a), sum: (x, a) => o.sum(x, a), max: (x, a) => o.max(x, a), min: (x, a) => o.min(x, a),
  logSumExp: (x, a) => logSumExp(x, a),
};
const BINARY: Readonly<Record<string, (a: Value | number, b: Value | number) => Value>> = { maximum: o.maximum, minimum: o.minimum, pow: o.pow };

/** The functions an expression may call, for help texts. */
export const EXPRESSION_FUNCTIONS: readonly string[] = [...Object.keys(UNARY), ...Object.keys(REDUCE), ...Object.keys(BINARY), 'clip'];

function bad(source: string, at: number, message: string): LossKitError {
  return new LossKitError('BAD_PARAM', `${message} at column ${at + 1} of '${source}'`, { where: 'expression' });
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^(),]))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(source);
    if (m === null) throw bad(source, at + (source.slice(at).length - source.slice(at).trimStart().length), `unexpected '${source.slice(at).trim()[0] ?? ''}'`);
    const start = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? '').length;
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]), at: start });
    else if (m[2] !== undefined) tokens.push({ kind: 'id', name: m[2], at: start });
    else tokens.push({ kind: 'op', op: m[3] === '**' ? '^' : (m[3] as string), at: start });
    at = re.lastIndex;
  }
  return tokens;
}

/**
 * Parses an arithmetic expression over named values into the op graph — never evaluated as
 * JavaScript — so it gets gradients and runs on every backend like any built-in loss.
 * Grammar: + − * / ^ (or **), unary minus, parentheses, numbers, the variables given, and
 * functions: abs exp log log1p expm1 sqrt square tanh sigmoid softplus relu sin cos
 * erf reciprocal softmax logSoftmax, mean/sum/max/min/logSumExp (x[, axis]), maximum/minimum/pow
 * (a, b), clip(x, lo, hi).
 *
 * @example
 * ```ts
 * const value = parseExpression('mean(abs(pred - target) ^ 1.5)', { pred, target });
 * ```
 */
export function parseExpression(source: string, variables: Readonly<Record<string, Value>>): Value {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const end = source.length;
  const expectOp = (op: string): void => {
    const t = tokens[i];
    if (t?.kind !== 'op' || t.op !== op) throw bad(source, t?.at ?? end, `expected '${op}'${t === undefined ? ' before the end' : ''}`);
    i++;
  };
  const isOp = (op: string): boolean => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const asValue = (x: Value | number): Value => (typeof x === 'number' ? o.constant(x) : x);

  const constantArg = (at: number, what: string): number => {
    const sign = isOp('-') ? (i++, -1) : 1;
    const t = tokens[i];
    if (t?.kind !== 'num') throw bad(source, t?.at ?? at, `${what} must be a number`);
    i++;
    return sign * t.value;
  };

  const primary = (): Value | number => {
    const t = tokens[i];
    if (t === undefined) throw bad(source, end, 'unexpected end');
    i++;
    if (t.kind === 'num') return t.value;
    if (t.kind === 'op') {
      if (t.op !== '(') throw bad(source, t.at, `unexpected '${t.op}'`);
      const inner = expr();
      expectOp(')');
      return inner;
    }
    if (!isOp('(')) {
      const v = variables[t.name];
      if (v === undefined) throw bad(source, t.at, `unknown name '${t.name}' (variables: ${Object.keys(variables).join(', ')})`);
      return v;
    }
    i++;
    const name = t.name;
    let result: Value;
    if (UNARY[name] !== undefined) {
      result = UNARY[name](asValue(expr()));
    } else if (REDUCE[name] !== undefined) {
      const x = asValue(expr());
      const axis = isOp(',') ? (i++, constantArg(t.at, 'the axis')) : undefined;
      result = REDUCE[name](x, axis);
    } else if (BINARY[name] !== undefined) {
      const a = expr();
      expectOp(',');
      result = BINARY[name](a, expr());
    } else if (name === 'clip') {
      const x = asValue(expr());
      expectOp(',');
      const lo = constantArg(t.at, 'clip’s lower bound');
      expectOp(',');
      result = o.clip(x, lo, constantArg(t.at, 'clip’s upper bound'));
    } else {
      throw bad(source, t.at, `unknown function '${name}' (functions: ${EXPRESSION_FUNCTIONS.join(', ')})`);
    }
    expectOp(')');
    return result;
  };
  const power = (): Value | number => {
    const base = primary();
    if (!isOp('^')) return base;
    i++;
    const exponent = unary();
    return typeof base === 'number' && typeof exponent === 'number' ? base ** exponent : o.pow(base, exponent);
  };
  const unary = (): Value | number => {
    if (isOp('-')) {
      i++;
      const x = unary();
      return typeof x === 'number' ? -x : o.neg(x);
    }
    if (isOp('+')) i++;
    return power();
  };
  const term = (): Value | number => {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[i++] as { op: string }).op;
      const right = unary();
      left = op === '*' ? o.mul(left, right) : o.div(left, right);
    }
    return left;
  };
  const expr = (): Value | number => {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[i++] as { op: string }).op;
      const right = term();
      left = op === '+' ? o.add(left, right) : o.sub(left, right);
    }
    return left;
  };

  const result = expr();
  const rest = tokens[i];
  if (rest !== undefined) throw bad(source, rest.at, `unexpected '${rest.kind === 'op' ? rest.op : rest.kind === 'id' ? rest.name : String(rest.value)}'`);
  return asValue(result);
}
