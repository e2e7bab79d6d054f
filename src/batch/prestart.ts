// Imported first of all by the CLI, for this side effect: when the command
// line is a large NDJSON batch, its worker threads start booting now, while
// the rest of the CLI loads (see workers.ts).
import { prestartWorkers } from './workers.js';

prestartWorkers(process.argv.slice(2));
