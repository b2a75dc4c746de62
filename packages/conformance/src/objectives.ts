/** A problem for optimizer trajectories: its start, its minimum and its gradient, in plain float64 JavaScript. */
export interface Objective {
  readonly name: string;
  readonly start: readonly number[];
  readonly minimum: readonly number[];
  readonly grad: (w: readonly number[]) => number[];
  readonly loss: (w: readonly number[]) => number;
}

const A = [1, 3, 10, 0.5];
const C = [1, -2, 0.5, 3];

/** The problems every optimizer runs 100 steps on. */
export const OBJECTIVES: readonly Objective[] = [
  {
    // f(w) = ½ Σ a_i (w_i − c_i)²: an ill-conditioned bowl (condition number 20), ∇f = a ⊙ (w − c)
    name: 'quadratic',
    start: [0, 0, 0, 0],
    minimum: C,
    grad: (w) => w.map((v, i) => (A[i] as number) * (v - (C[i] as number))),
    loss: (w) => w.reduce((s, v, i) => s + 0.5 * (A[i] as number) * (v - (C[i] as number)) ** 2, 0),
  },
  {
    // f(x, y) = (1 − x)² + 100 (y − x²)²: a curved valley, ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²))
    name: 'rosenbrock',
    start: [-1.2, 1],
    minimum: [1, 1],
    grad: ([x = 0, y = 0]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
    loss: ([x = 0, y = 0]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  },
];
