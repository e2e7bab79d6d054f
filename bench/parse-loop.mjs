// The reference for `npm run bench`: the least a batch check must do, read
// the file as a stream, split it into lines and JSON.parse each one.
// Run alone: node bench/parse-loop.mjs FILE.ndjson → the number of lines parsed
import { createReadStream } from 'node:fs';

const decoder = new TextDecoder();
let parsed = 0;
let rest = '';
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 16 })) {
  const text = rest + decoder.decode(chunk, { stream: true });
  let start = 0;
  let nl;
  while ((nl = text.indexOf('\n', start)) !== -1) {
    if (nl > start) {
      JSON.parse(text.slice(start, nl));
      parsed++;
    }
    start = nl + 1;
  }
  rest = text.slice(start);
}
rest += decoder.decode();
if (rest.trim() !== '') {
  JSON.parse(rest);
  parsed++;
}
process.stdout.write(`${parsed}\n`);
