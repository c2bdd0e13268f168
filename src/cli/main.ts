import { TensileError } from '../errors.js';
import { coordinator } from './coordinator.js';
import { evaluate } from './evaluate.js';
import { predict } from './predict.js';
import { serve } from './serve.js';
import { train } from './train.js';
import { worker } from './worker.js';
import { USAGE, UsageError } from './usage.js';

const COMMANDS: Record<string, (argv: string[], write: (line: string) => void) => Promise<void>> = { train, evaluate, predict, serve, coordinator, worker };

/** Runs one command; returns the exit status (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], write = (line: string) => console.log(line)): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (command === undefined) throw new UsageError(`unknown command '${name}'`);
    await command(rest, write);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`tensile: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    // Typed errors already say what was expected and found; anything else is a bug worth a stack.
    console.error(err instanceof TensileError ? `tensile: ${err.name}: ${err.message}` : err);
    return 1;
  }
}
