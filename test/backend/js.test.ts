import { runConformanceSuite } from './conformance.js';

runConformanceSuite('js');
