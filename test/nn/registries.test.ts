import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';

// Registries are plain objects: a name such as 'constructor' must be an unknown name with the
// usual typed error, not Object.prototype's member called as a factory.
const LOOKUPS: [string, (name: string) => unknown][] = [
  ['loss', (name) => tl.losses.lossFromName(name)],
  ['optimizer', (name) => tl.optimizers.optimizerFromName(name)],
  ['metric', (name) => tl.metrics.metricFromName(name)],
  ['schedule', (name) => tl.schedules.scheduleFromConfig({ className: name, config: {} })],
  ['initializer', (name) => tl.initializers.initializerFromConfig({ className: name, config: {} })],
  ['regularizer', (name) => tl.regularizers.regularizerFromConfig({ className: name, config: {} })],
  ['activation', (name) => tl.activationFromName(name)],
];

describe('registries refuse names of Object.prototype members', () => {
  for (const [kind, lookup] of LOOKUPS) {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      it(`${kind} '${name}'`, () => {
        assert.throws(() => lookup(name), (e: Error) => e instanceof tl.ArgumentError && e.message.includes(name), `${kind} ${name}`);
      });
    }
  }
});
