import { state } from './state.js';

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  title: 'losskit playground',
  tagline: 'Change a number; watch the loss, its gradient and the optimizer move.',
  'view.explorer': 'Loss explorer',
  'view.outliers': 'Outliers',
  'view.cross-entropy': 'Cross-entropy by hand',
  'view.race': 'Optimizer race',
  'view.train': 'Train a model',
  backend: 'Backend',
  language: 'Language',
  stepTime: 'time per step',
  unavailable: '{requested} is unavailable here ({reason}); using the reference backend instead.',
  computing: 'computing…',
  error: 'Error',
  regression: 'Regression',
  classification: 'Classification',
  task: 'Task',
  residual: 'residual (prediction − target)',
  logit: 'logit / margin of the true class',
  value: 'loss',
  gradient: 'gradient',
  'explorer.hint.regression': 'Target 0; the x-axis is the prediction, so it is also the residual.',
  'explorer.hint.classification': 'Label 1 (the true class); the x-axis is the logit or margin given to it. Cross-entropies take logits here.',
  params: 'Parameters',
  'outliers.hint': 'A line fitted by {steps} Adam steps under each loss. Move the outliers and watch which fit follows them.',
  outlier: 'outlier',
  slope: 'slope',
  intercept: 'intercept',
  truth: 'true line',
  'ce.hint': 'Sparse categorical cross-entropy from logits: loss = −log softmax(z)[label]; its gradient is softmax(z) − onehot(label).',
  logits: 'logits',
  label: 'label',
  class: 'class',
  softmax: 'softmax',
  loss: 'loss',
  addClass: 'add a class',
  removeClass: 'remove a class',
  surface: 'Surface',
  learningRate: 'learning rate',
  steps: 'steps',
  schedule: 'schedule',
  'schedule.constant': 'constant',
  'schedule.exponential': 'exponential decay',
  'schedule.cosine': 'cosine decay',
  run: 'Run',
  optimizer: 'optimizer',
  final: 'final point',
  distance: 'distance to minimum',
  start: 'start',
  diverged: 'diverged',
  dataset: 'Data set',
  hidden: 'hidden layers',
  activation: 'activation',
  epochs: 'epochs',
  train: 'Train',
  stop: 'Stop',
  accuracy: 'accuracy',
  epoch: 'epoch',
  'train.hint': 'An MLP from @losskit/core trained with one compiled program per step; the background is the predicted class.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  title: 'losskit 演练场',
  tagline: '改一个数，看损失、梯度和优化器如何变化。',
  'view.explorer': '损失函数浏览',
  'view.outliers': '离群点',
  'view.cross-entropy': '手算交叉熵',
  'view.race': '优化器赛跑',
  'view.train': '训练小模型',
  backend: '后端',
  language: '语言',
  stepTime: '每步耗时',
  unavailable: '{requested} 在此环境不可用（{reason}），已改用参考后端。',
  computing: '计算中…',
  error: '错误',
  regression: '回归',
  classification: '分类',
  task: '任务',
  residual: '残差（预测值 − 真实值）',
  logit: '真实类别的 logit / 间隔',
  value: '损失值',
  gradient: '梯度',
  'explorer.hint.regression': '真实值为 0，横轴是预测值，也就是残差。',
  'explorer.hint.classification': '标签为 1（真实类别），横轴是模型给它的 logit 或间隔；交叉熵在这里以 logit 为输入。',
  params: '参数',
  'outliers.hint': '每种损失下用 Adam 迭代 {steps} 步拟合一条直线。拖动离群点的滑块，看哪条拟合线跟着它走。',
  outlier: '离群点',
  slope: '斜率',
  intercept: '截距',
  truth: '真实直线',
  'ce.hint': '以 logit 为输入的稀疏分类交叉熵：损失 = −log softmax(z)[标签]，梯度为 softmax(z) − onehot(标签)。',
  logits: 'logit 值',
  label: '标签',
  class: '类别',
  softmax: 'softmax 概率',
  loss: '损失',
  addClass: '增加类别',
  removeClass: '减少类别',
  surface: '曲面',
  learningRate: '学习率',
  steps: '步数',
  schedule: '学习率调度',
  'schedule.constant': '常数',
  'schedule.exponential': '指数衰减',
  'schedule.cosine': '余弦衰减',
  run: '开始',
  optimizer: '优化器',
  final: '终点',
  distance: '到最小值的距离',
  start: '起点',
  diverged: '发散',
  dataset: '数据集',
  hidden: '隐藏层',
  activation: '激活函数',
  epochs: '轮数',
  train: '训练',
  stop: '停止',
  accuracy: '准确率',
  epoch: '轮',
  'train.hint': '用 @losskit/core 的多层感知机训练，每一步是一个编译好的程序；背景颜色是模型预测的类别。',
};

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, zh };

export function lang(): Lang {
  return state.get('lang', 'en') === 'zh' ? 'zh' : 'en';
}

/** The message in the URL's language, with `{name}` placeholders filled. */
export function t(key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return MESSAGES[lang()][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Chinese names of the catalogue's losses; a loss not listed keeps its metadata title. */
const ZH_LOSS_TITLES: Readonly<Record<string, string>> = {
  mse: '均方误差（MSE）',
  mae: '平均绝对误差（MAE）',
  rmse: '均方根误差（RMSE）',
  huber: 'Huber 损失',
  logCosh: 'Log-cosh 损失',
  binaryCrossEntropy: '二元交叉熵',
  categoricalCrossEntropy: '分类交叉熵',
  sparseCategoricalCrossEntropy: '稀疏分类交叉熵',
  hinge: '合页损失（Hinge）',
};

/** A loss's display name in the URL's language. */
export function lossTitle(id: string, title: string): string {
  return lang() === 'zh' ? (ZH_LOSS_TITLES[id] ?? title) : title;
}
