import { LossKitError } from '@losskit/core';
import { Command, CommanderError, Option } from 'commander';
import { benchCommand } from './commands/bench.js';
import { checkCommand } from './commands/check.js';
import { describeCommand } from './commands/describe.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { mergeCommand } from './commands/merge.js';
import { listCommand } from './commands/list.js';
import { stepCommand } from './commands/step.js';
import { trainCommand } from './commands/train.js';
import { type Io, processIo } from './output.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function build(io: Io, exit: { code: number }): Command {
  const program = new Command('losskit')
    .description('Loss functions, their gradients and optimizers, on any backend')
    .version('0.1.0')
    .option('--debug', 'show stack traces of errors')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showSuggestionAfterError(true);

  program
    .command('list')
    .description('list losses, optimizers, schedules, metrics and installed backends')
    .argument('[what]', 'losses | optimizers | schedules | metrics | backends')
    .option('--json', 'machine-readable output')
    .action((what: string | undefined, o: { json?: boolean }) => listCommand(what, o, io));

  program
    .command('describe')
    .description("a loss's formula, parameters, inputs and its equivalent in each framework")
    .argument('<loss>', 'a loss name, e.g. huber')
    .option('--json', 'machine-readable output')
    .action((name: string, o: { json?: boolean }) => describeCommand(name, o, io));

  program
    .command('eval')
    .description('evaluate a loss (and with --grad its gradient) on data files')
    .argument('<loss>', 'a loss name (mse, sparseCategoricalCrossEntropy, ...) or an expression over pred and target: "mean(abs(pred - target) ^ 1.5)"')
    .requiredOption('--pred <file>', 'predictions (.json, .csv, .npy or .parquet)')
    .requiredOption('--target <file>', 'targets (.json, .csv, .npy or .parquet)')
    .option('--weights <file>', 'sample weights')
    .option('--pred-column <name>', 'take the predictions from this column of a .csv or .parquet file')
    .option('--target-column <name>', 'take the targets from this column')
    .option('--weights-column <name>', 'take the weights from this column')
    .option('--param <key=value>', "a loss parameter, repeatable (e.g. --param delta=0.5)", collect, [])
    .option('--reduction <r>', 'none | sum | mean | sum-over-batch-size | sum-by-nonzero-weights')
    .addOption(new Option('--backend <name>', 'where to compute').default('reference'))
    .option('--grad', 'also print the gradient with respect to the predictions')
    .option('--assume-finite', 'skip the scan for NaN and Infinity (data known to be finite)')
    .option('--json', 'machine-readable output')
    .option('--out <file>', 'also write the JSON result to a file (atomically)')
    .option('--stream', 'read CSV files block by block, in bounded memory (automatic above 64 MB)')
    .option('--partial', 'print the sums that `losskit merge` combines, to split an evaluation across machines')
    .action((name: string, o: Parameters<typeof evalCommand>[1]) => evalCommand(name, o, io));

  program
    .command('merge')
    .description('combine `eval --partial` outputs of slices of one data set into the loss over all of it')
    .argument('<partials...>', 'JSON files written by `losskit eval ... --partial`')
    .option('--json', 'machine-readable output')
    .option('--out <file>', 'also write the JSON result to a file (atomically)')
    .action((files: string[], o: Parameters<typeof mergeCommand>[1]) => mergeCommand(files, o, io));

  program
    .command('train')
    .description('train a small model on a CSV or Parquet data set, on any backend')
    .requiredOption('--data <file>', 'a CSV file with a header row, or a Parquet file')
    .requiredOption('--target <column>', 'the column to predict (numbers: regression; names: classes)')
    .addOption(new Option('--model <model>', 'linear | logistic | softmax | mlp:64,32').default('softmax'))
    .option('--loss <loss>', 'a loss name (default: by the model: mse, binaryCrossEntropy or sparseCategoricalCrossEntropy, on logits)')
    .addOption(new Option('--optimizer <name>', 'an optimizer name').default('adam'))
    .option('--param <key=value>', 'an optimizer parameter, repeatable (e.g. --param learningRate=0.05)', collect, [])
    .option('--loss-param <key=value>', 'a loss parameter, repeatable', collect, [])
    .addOption(new Option('--epochs <n>', 'epochs').default('20'))
    .addOption(new Option('--batch-size <n>', 'samples per step').default('32'))
    .addOption(new Option('--backend <name>', 'where to compute').default('reference'))
    .addOption(new Option('--seed <n>', 'seed of the initial weights and the shuffles').default('0'))
    .option('--plot <file.svg>', 'write the loss curve as SVG')
    .option('--save-state <file>', 'save parameters and optimizer state at the end (a versioned losskit checkpoint, written atomically)')
    .option('--resume <file>', 'continue a run saved with --save-state')
    .option('--export <file.onnx>', "write the trained model's forward pass, standardisation included, as .onnx (atomically; needs @losskit/adapter-onnx)")
    .option('--json', 'machine-readable output')
    .action((o: Parameters<typeof trainCommand>[0]) => trainCommand(o, io, process.stdout.isTTY === true));

  program
    .command('step')
    .description('run an optimizer and print its trajectory')
    .argument('<optimizer>', 'an optimizer name, e.g. adam')
    .requiredOption('--params <file>', 'the starting parameters (.json, .csv or .npy)')
    .option('--grads <file>', 'a fixed gradient for every step')
    .option('--objective <expr>', 'an objective over w, differentiated by losskit: "sum((w - 3) ^ 2)"')
    .addOption(new Option('--steps <n>', 'how many steps').default('10'))
    .option('--param <key=value>', 'an optimizer parameter, repeatable (e.g. --param learningRate=0.1)', collect, [])
    .addOption(new Option('--backend <name>', 'where to compute').default('reference'))
    .option('--json', 'machine-readable output')
    .action((name: string, o: Parameters<typeof stepCommand>[1]) => stepCommand(name, o, io));

  program
    .command('check')
    .description('run the conformance suite against installed backends and print a pass/fail table')
    .option('--backend <name>', 'a backend to check, repeatable (default: every installed one)', collect, [])
    .option('--grep <text>', 'only the cases whose name contains this text')
    .option('--json', 'machine-readable output')
    .action(async (o: Parameters<typeof checkCommand>[0]) => {
      exit.code = await checkCommand(o, io);
    });

  program
    .command('bench')
    .description('time loss + gradient and an optimizer step on every installed backend, side by side')
    .option('--backends <names>', 'comma-separated (default: every installed backend)')
    .addOption(new Option('--sizes <n,...>', 'element counts').default('100000'))
    .addOption(new Option('--runs <n>', 'timed runs per case (medians are reported)').default('5'))
    .option('--json', 'machine-readable output')
    .action((o: Parameters<typeof benchCommand>[0]) => benchCommand(o, io));

  program
    .command('export')
    .description('write a loss (with its gradient), an optimizer step or a whole training step as an .onnx file any ONNX Runtime loads')
    .argument('<kind>', 'loss | optimizer | train-step')
    .argument('[name]', 'a loss name or expression, or an optimizer name (not for train-step)')
    .requiredOption('--out <file.onnx>', 'where to write it (atomically)')
    .option('--pred-shape <dims>', 'a loss: the predictions\' shape, names for symbolic sizes (batch,10)')
    .option('--target-shape <dims>', 'a loss: the targets\' shape (batch)')
    .option('--grad', 'a loss: add the gradient with respect to the predictions')
    .option('--params <shapes>', 'an optimizer: parameter shapes (w=784x10,b=10)')
    .addOption(new Option('--part <part>', 'an optimizer: step | init').default('step'))
    .option('--param <key=value>', 'a loss or optimizer parameter, repeatable (train-step: the optimizer\'s)', collect, [])
    .option('--model <model>', 'train-step: linear | logistic | softmax | mlp:64,32')
    .option('--inputs <n>', 'train-step: the number of features')
    .option('--classes <n>', 'train-step: the number of classes (softmax, mlp classifiers)')
    .option('--loss <loss>', 'train-step: the loss (default: by the model, as losskit train)')
    .option('--loss-param <key=value>', 'train-step: a loss parameter, repeatable', collect, [])
    .option('--optimizer <name>', 'train-step: the optimizer (default adam)')
    .option('--batch-size <n>', 'train-step: the batch size, or a name for any size (default batch)')
    .option('--reduction <r>', 'a loss: its reduction')
    .addOption(new Option('--dtype <dtype>', 'float32 | float64').default('float32'))
    .option('--json', 'machine-readable output: { kind, out, bytes }')
    .action((kind: string, name: string | undefined, o: Parameters<typeof exportCommand>[2]) => exportCommand(kind, name, o, io));

  return program;
}

/** Runs the CLI; returns the exit code. Errors print one clear line, no stack trace unless --debug. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const exit = { code: 0 };
  const program = build(io, exit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const debug = argv.includes('--debug');
    if (LossKitError.isInstance(e)) {
      io.err(`losskit: ${e.code}: ${e.message}`);
      if (debug && e.stack !== undefined) io.err(e.stack);
      return 1;
    }
    io.err(`losskit: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (debug && e instanceof Error && e.stack !== undefined) io.err(e.stack);
    return 70;
  }
}
