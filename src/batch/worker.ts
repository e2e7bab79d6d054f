// A worker thread of the parallel check (see parallel.ts). It may start
// before the CLI knows it needs it (workers.ts): its modules load at once,
// and the first message brings the setup; then it checks the chunks it is
// sent (protocol.ts's `serveChunks`), decoding them in a worker's pieces.
import { parentPort } from 'node:worker_threads';
import { chunkChecker, PIECE_BYTES } from './chunk.js';
import { serveChunks } from './protocol.js';

serveChunks(parentPort!, (setup) => chunkChecker(setup, PIECE_BYTES.worker));
