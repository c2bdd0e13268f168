import { MemoryStore } from '../../src/elastic/store/memory.js';
import { storeScenarios } from './storeScenarios.js';

storeScenarios('in-process memory', async () => new MemoryStore());
