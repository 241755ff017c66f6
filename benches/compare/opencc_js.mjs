// opencc-js peer for compare.py: traditional → simplified (OpenCC t2s equivalent), the way
// the opencc-js README shows: OpenCC.Converter({ from: 't', to: 'cn' }).
// Usage (cwd = the folder holding node_modules): node opencc_js.mjs IN OUT ROUNDS
// Prints {"seconds": best conversion time} (converter construction excluded).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const OpenCC = require('opencc-js');
const [input, output, rounds] = process.argv.slice(2);
const text = readFileSync(input, 'utf8');
const convert = OpenCC.Converter({ from: 't', to: 'cn' });
convert('預熱');
let best = Infinity, out = '';
for (let i = 0; i < Math.max(1, Number(rounds) || 1); i++) {
  const t = process.hrtime.bigint();
  out = convert(text);
  best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
}
writeFileSync(output, out);
console.log(JSON.stringify({ seconds: best }));
