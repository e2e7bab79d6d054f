// A worker thread of the parallel check (see parallel.ts). It may start
// before the CLI knows it needs it (workers.ts): its modules load at once,
// and the first message brings the setup; then it checks the chunks it is
// sent and reports on its port, the chunk's buffers going back too, and
// bumps the shared counter, for a main thread waiting on it.
import { parentPort } from 'node:worker_threads';
import { chunkChecker, PIECE_BYTES } from './chunk.js';
import type { ChunkJob, ChunkReport, WorkerInit } from './protocol.js';

let check: ((job: ChunkJob) => ChunkReport) | undefined;
let reports: WorkerInit['reports'];
let sent: Int32Array;

parentPort!.on('message', (message: WorkerInit | ChunkJob) => {
  if (!check) {
    const init = message as WorkerInit;
    check = chunkChecker(init.setup, PIECE_BYTES.worker);
    reports = init.reports;
    sent = new Int32Array(init.signal);
    return;
  }
  const report = check(message as ChunkJob);
  reports.postMessage(report, [report.buffer, report.output, report.idEnds.buffer as ArrayBuffer]);
  Atomics.add(sent, 0, 1);
  Atomics.notify(sent, 0);
});
