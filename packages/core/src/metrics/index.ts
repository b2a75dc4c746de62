export { accuracy, accuracyScore, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKAccuracy } from './accuracy.js';
export { type ClassificationReport, type ClassificationReportOptions, type ReportRow, classificationReport, formatClassificationReport } from './classification-report.js';
export { type ConfusionMatrix, type ConfusionMatrixOptions, confusionMatrix } from './confusion-matrix.js';
export { hammingLoss } from './hamming-loss.js';
export type { Label, LabelsLike, ValuesLike } from './labels.js';
export { type Average, type PrfAveraged, type PrfOptions, type PrfPerClass, type ZeroDivision, f1, fbeta, precision, precisionRecallFscoreSupport, recall } from './precision-recall.js';
export { type MultiOutput, type RegressionScoreOptions, explainedVariance, r2 } from './regression.js';

import { accuracy, accuracyScore, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKAccuracy } from './accuracy.js';
import { classificationReport, formatClassificationReport } from './classification-report.js';
import { confusionMatrix } from './confusion-matrix.js';
import { hammingLoss } from './hamming-loss.js';
import { f1, fbeta, precision, precisionRecallFscoreSupport, recall } from './precision-recall.js';
import { explainedVariance, r2 } from './regression.js';

/** Every metric, keyed by name, so they can be listed. Computed on the host, in float64. */
export const metrics = {
  accuracy, accuracyScore, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKAccuracy,
  precision, recall, f1, fbeta, precisionRecallFscoreSupport, confusionMatrix, classificationReport, formatClassificationReport,
  hammingLoss, r2, explainedVariance,
} as const;
