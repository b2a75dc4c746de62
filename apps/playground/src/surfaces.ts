import { type Program, type Value, grad, ops, trace } from '@losskit/core';

const { add, mul, sub, square } = ops;

export interface Surface {
  readonly id: 'rosenbrock' | 'beale' | 'saddle' | 'quadratic';
  readonly formula: string;
  /** The plotted window [xmin, xmax, ymin, ymax]. */
  readonly view: readonly [number, number, number, number];
  readonly start: readonly [number, number];
  readonly minimum?: readonly [number, number];
  /** Contours of log(1 + f): these surfaces span many orders of magnitude. */
  readonly logContours: boolean;
  readonly f: (x: Value, y: Value) => Value;
}

export const SURFACES: readonly Surface[] = [
  {
    id: 'rosenbrock', formula: 'f(x,y) = (1-x)^2 + 100\\,(y-x^2)^2', view: [-2, 2, -1, 3], start: [-1.2, 1], minimum: [1, 1], logContours: true,
    f: (x, y) => add(square(sub(1, x)), mul(100, square(sub(y, square(x))))),
  },
  {
    id: 'beale', formula: 'f(x,y) = (1.5-x+xy)^2 + (2.25-x+xy^2)^2 + (2.625-x+xy^3)^2', view: [-1, 4.5, -2, 2], start: [0.5, 1.5], minimum: [3, 0.5], logContours: true,
    f: (x, y) => {
      const term = (c: number, yk: Value) => square(add(sub(c, x), mul(x, yk)));
      return add(add(term(1.5, y), term(2.25, square(y))), term(2.625, mul(square(y), y)));
    },
  },
  {
    id: 'saddle', formula: 'f(x,y) = x^2 - y^2', view: [-2, 2, -2, 2], start: [-1.8, 0.05], logContours: false,
    f: (x, y) => sub(square(x), square(y)),
  },
  {
    id: 'quadratic', formula: 'f(x,y) = \\tfrac12\\,(x^2 + 25\\,y^2)', view: [-3, 3, -2, 2], start: [-2.5, 1.5], minimum: [0, 0], logContours: false,
    f: (x, y) => mul(0.5, add(square(x), mul(25, square(y)))),
  },
];

export function surfaceById(id: string): Surface {
  return SURFACES.find((s) => s.id === id) ?? (SURFACES[0] as Surface);
}

const programs = new Map<string, { field: Program; withGrad: Program }>();

/**
 * The surface as a losskit program over points `x`, `y` of shape [n] (elementwise f), and its
 * gradient program (`grad/x`, `grad/y`: the gradient of Σf is each point's own gradient).
 */
export function surfacePrograms(s: Surface): { field: Program; withGrad: Program } {
  let p = programs.get(s.id);
  if (p === undefined) {
    const field = trace(s.id, { x: { shape: ['n'], dtype: 'float' }, y: { shape: ['n'], dtype: 'float' } }, ({ x, y }) => s.f(x, y));
    p = { field, withGrad: grad(field, { wrt: ['x', 'y'] }) };
    programs.set(s.id, p);
  }
  return p;
}
