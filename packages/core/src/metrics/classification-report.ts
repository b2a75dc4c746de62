import { fail } from '../errors/losskit-error.js';
import { type Label, type LabelsLike, labelPair, uniqueSorted } from './labels.js';
import { type ZeroDivision, precisionRecallFscoreSupport } from './precision-recall.js';

export interface ReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly f1Score: number;
  readonly support: number;
}

/**
 * scikit-learn's `classification_report(output_dict=True)`: one row per class (keyed by its
 * target name), then `accuracy` (when micro-averaging over every present class is the accuracy)
 * or `micro avg`, then `macro avg` and `weighted avg`.
 */
export interface ClassificationReport {
  readonly classes: readonly { readonly name: string; readonly label: Label; readonly scores: ReportRow }[];
  /** Present when the micro average is the accuracy (labels cover every class seen). */
  readonly accuracy?: number;
  readonly microAvg?: ReportRow;
  readonly macroAvg: ReportRow;
  readonly weightedAvg: ReportRow;
  /** The total support. */
  readonly support: number;
}

export interface ClassificationReportOptions {
  readonly labels?: readonly Label[];
  /** Display names, one per label. */
  readonly targetNames?: readonly string[];
  readonly sampleWeight?: readonly number[];
  readonly zeroDivision?: ZeroDivision;
}

/** The numbers of scikit-learn's `classification_report` as a data structure. */
export function classificationReport(yTrue: LabelsLike, yPred: LabelsLike, options: ClassificationReportOptions = {}): ClassificationReport {
  const { t, p } = labelPair(yTrue, yPred, 'classificationReport');
  const present = uniqueSorted(t, p);
  const labels = options.labels ?? present;
  const microIsAccuracy = options.labels === undefined || present.every((l) => labels.includes(l));
  const names = options.targetNames ?? labels.map(String);
  if (names.length !== labels.length) {
    fail('BAD_PARAM', `${names.length} target names for ${labels.length} labels ([${labels.join(', ')}])`, 'classificationReport.targetNames');
  }
  const common = { labels, zeroDivision: options.zeroDivision ?? 0, ...(options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight }) };
  const per = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: null });
  const support = per.support.reduce((s, v) => s + v, 0);
  const avg = (average: 'micro' | 'macro' | 'weighted'): ReportRow => {
    const a = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average });
    return { precision: a.precision, recall: a.recall, f1Score: a.fScore, support };
  };
  const micro = avg('micro');
  return {
    classes: labels.map((label, i) => ({
      name: names[i] as string,
      label,
      scores: { precision: per.precision[i] as number, recall: per.recall[i] as number, f1Score: per.fScore[i] as number, support: per.support[i] as number },
    })),
    ...(microIsAccuracy ? { accuracy: micro.f1Score } : { microAvg: micro }),
    macroAvg: avg('macro'),
    weightedAvg: avg('weighted'),
    support,
  };
}

/** Python's `format(x, '.{digits}f')`: like toFixed, but exact ties round half to even. */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  const fixed = x.toFixed(digits);
  // toFixed(60) is the exact decimal expansion of any double in [0, 1] that could be a tie.
  const exact = Math.abs(x).toFixed(60);
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(rest)) return fixed;
  const down = (Math.sign(x) * Math.trunc(Math.abs(x) * 10 ** digits) / 10 ** digits).toFixed(digits);
  const lastDigit = Number(down[down.length - 1]);
  return lastDigit % 2 === 0 ? down : fixed;
}

function supportText(s: number, weighted: boolean): string {
  // scikit-learn prints integer supports as ints, weighted ones as Python floats ("2.0").
  return weighted && Number.isInteger(s) ? `${s}.0` : String(s);
}

/**
 * scikit-learn's `classification_report` text, character for character: right-aligned columns
 * of width 9, `digits` decimals (default 2), the name column as wide as the longest name or
 * "weighted avg".
 */
export function formatClassificationReport(report: ClassificationReport, options: { readonly digits?: number; readonly weighted?: boolean } = {}): string {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) fail('BAD_PARAM', `digits must be an integer ≥ 0, got ${digits}`, 'formatClassificationReport.digits');
  const weighted = options.weighted ?? false;
  const width = Math.max(...report.classes.map((c) => c.name.length), 'weighted avg'.length, digits);
  const col = (s: string): string => ` ${s.padStart(9)}`;
  const name = (s: string): string => `${s.padStart(width)} `;
  const row = (heading: string, r: ReportRow): string =>
    `${name(heading)}${col(formatFixed(r.precision, digits))}${col(formatFixed(r.recall, digits))}${col(formatFixed(r.f1Score, digits))}${col(supportText(r.support, weighted))}\n`;
  let out = `${name('')}${['precision', 'recall', 'f1-score', 'support'].map(col).join('')}\n\n`;
  for (const c of report.classes) out += row(c.name, c.scores);
  out += '\n';
  if (report.accuracy !== undefined) {
    out += `${name('accuracy')}${col('')}${col('')}${col(formatFixed(report.accuracy, digits))}${col(supportText(report.support, weighted))}\n`;
  } else if (report.microAvg !== undefined) {
    out += row('micro avg', report.microAvg);
  }
  out += row('macro avg', report.macroAvg);
  out += row('weighted avg', report.weightedAvg);
  return out;
}
