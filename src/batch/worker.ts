// A worker thread of the parallel check (see parallel.ts): checks the chunks
// it is sent and reports on its port, the chunk's buffer going back too;
// then bumps the shared counter, for a main thread waiting on it.
import { parentPort, workerData } from 'node:worker_threads';
import { chunkChecker } from './chunk.js';
import type { ChunkJob, WorkerData } from './parallel.js';

const { setup, reports, signal } = workerData as WorkerData;
const check = chunkChecker(setup);
const sent = new Int32Array(signal);

parentPort!.on('message', (job: ChunkJob) => {
  const report = check(job);
  reports.postMessage(report, report.checked ? [report.buffer, report.output, report.idEnds.buffer as ArrayBuffer] : [report.buffer, report.output]);
  Atomics.add(sent, 0, 1);
  Atomics.notify(sent, 0);
});
