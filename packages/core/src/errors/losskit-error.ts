const marker = Symbol.for('losskit.error');

/** Stable error codes. Tests and callers branch on these, never on message text. */
export type LossKitErrorCode =
  | 'SHAPE_MISMATCH'
  | 'DTYPE'
  | 'LABEL_OUT_OF_RANGE'
  | 'NOT_A_PROBABILITY'
  | 'OUT_OF_DOMAIN'
  | 'NON_FINITE'
  | 'EMPTY'
  | 'UNKNOWN_LOSS'
  | 'UNKNOWN_OP'
  | 'BAD_PARAM'
  | 'BAD_STATE'
  | 'BACKEND'
  | 'NOT_DIFFERENTIABLE'
  | 'BAD_FILE'
  | 'UNSUPPORTED';

export interface LossKitErrorOptions {
  /** Where the problem is: an input name, a parameter, an op. */
  readonly where?: string;
  readonly cause?: unknown;
}

/**
 * Every failure a user can cause. The `code` is stable; the message says what was expected,
 * what was found and where.
 *
 * @remarks
 * `isInstance` checks a `Symbol.for` marker rather than `instanceof`, so errors thrown by one
 * copy of `@losskit/core` are recognised by another (an adapter may bundle its own copy).
 */
export class LossKitError extends Error {
  readonly code: LossKitErrorCode;
  readonly where: string | undefined;
  private readonly [marker] = true;

  constructor(code: LossKitErrorCode, message: string, options: LossKitErrorOptions = {}) {
    super(options.where === undefined ? message : `${options.where}: ${message}`, { cause: options.cause });
    this.name = 'LossKitError';
    this.code = code;
    this.where = options.where;
  }

  static isInstance(error: unknown): error is LossKitError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/** Shorthand used across core: `fail('BAD_PARAM', 'delta must be > 0, got -1', 'huber.delta')`. */
export function fail(code: LossKitErrorCode, message: string, where?: string): never {
  throw new LossKitError(code, message, where === undefined ? {} : { where });
}
