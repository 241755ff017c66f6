// Browser benchmark of the WASM package in Debian's Chromium (playwright-core):
//   - module load (fetch + compile + instantiate) and Checker build time, fresh page each run;
//   - median time to check a 2,000-character paragraph (many runs, after warm-up);
//   - .wasm size, raw and gzipped.
// Targets: build < 300 ms, paragraph < 3 ms, .wasm < 4 MB gzipped. Nothing is asserted.
// Run: bash wasm/build.sh && node wasm/bench/browser_bench.mjs [--runs N]
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { serve } from "../tests/serve.mjs";
import { launch, REPO } from "../tests/browser.mjs";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 7;
const CHECKS = 300;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function sharedDir() {
  for (const d of [process.env.ZHPROOF_SHARED, path.join(REPO, "..", "shared"), "/work/shared"]) {
    if (d && fs.existsSync(path.join(d, "data"))) return d;
  }
  return null;
}

/** A 2,000-character paragraph of real news prose (People's Daily), or the demo text. */
function paragraph() {
  const shared = sharedDir();
  const corpus = shared && path.join(shared, "data", "corpora", "pd199801.txt");
  let source;
  if (corpus && fs.existsSync(corpus)) {
    source = fs.readFileSync(corpus, "utf8").slice(0, 200000).split("\n").map((l) => l.trim()).join("");
    source = `${source.slice(0, 1000)}再接再励，按装设备，联系电话13812345678。${source.slice(1000)}`;
  } else {
    console.log("note: shared corpus not found; using the demo's sample text");
    const html = fs.readFileSync(path.join(REPO, "wasm", "demo", "index.html"), "utf8");
    source = [...html.matchAll(/<p>([^<]+)<\/p>/g)].map((m) => m[1]).join("").repeat(40);
  }
  return [...source].slice(0, 2000).join("");
}

const wasmFile = path.join(REPO, "wasm", "pkg", "web", "zhproof_wasm_bg.wasm");
if (!fs.existsSync(wasmFile)) throw new Error("wasm/pkg missing: run bash wasm/build.sh first");
const raw = fs.statSync(wasmFile).size;
const gz = zlib.gzipSync(fs.readFileSync(wasmFile), { level: 9 }).length;
const text = paragraph();

const server = await serve(path.join(REPO, "wasm"));
const browser = await launch();
try {
  const loads = [];
  const builds = [];
  const firsts = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo/blank.html`);
    const r = await page.evaluate(async () => {
      const t0 = performance.now();
      const mod = await import("/pkg/web/zhproof_wasm.js");
      await mod.default();
      const t1 = performance.now();
      const c = new mod.Checker();
      const t2 = performance.now();
      c.check("再接再励，發現，13812345678。");
      const t3 = performance.now();
      c.free();
      return { load: t1 - t0, build: t2 - t1, first: t3 - t2 };
    });
    loads.push(r.load);
    firsts.push(r.first);
    builds.push(r.build);
    await page.close();
  }
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/demo/blank.html`);
  const chk = await page.evaluate(
    async ([text, n]) => {
      const mod = await import("/pkg/web/zhproof_wasm.js");
      await mod.default();
      const c = new mod.Checker();
      for (let i = 0; i < 30; i++) c.check(text);
      const times = [];
      let findings = 0;
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        findings = c.check(text).length;
        times.push(performance.now() - t0);
      }
      // performance.now() is coarsened in browsers: also time a batch.
      const t0 = performance.now();
      for (let i = 0; i < n; i++) c.check(text);
      const batch = (performance.now() - t0) / n;
      return { times, batch, findings, chars: [...text].length, ua: navigator.userAgent };
    },
    [text, CHECKS],
  );

  // The same paragraph in Node (same .wasm via the nodejs build), for comparison.
  const z = createRequire(import.meta.url)(path.join(REPO, "wasm", "pkg", "node", "zhproof_wasm.js"));
  const nc = new z.Checker();
  for (let i = 0; i < 30; i++) nc.check(text);
  const t0 = performance.now();
  for (let i = 0; i < CHECKS; i++) nc.check(text);
  const nodeMs = (performance.now() - t0) / CHECKS;

  const fmt = (x) => x.toFixed(2);
  const total = loads.map((l, i) => l + builds[i]);
  console.log(`Chromium: ${chk.ua.match(/Chrome\/[\d.]+/)?.[0] ?? chk.ua}`);
  console.log(`module load (fetch+compile+instantiate), median of ${runs}: ${fmt(median(loads))} ms  [${loads.map(fmt).join(", ")}]`);
  console.log(`Checker build, median of ${runs}:                         ${fmt(median(builds))} ms  [${builds.map(fmt).join(", ")}]`);
  console.log(`first check (lazy tables), median of ${runs}:              ${fmt(median(firsts))} ms  [${firsts.map(fmt).join(", ")}]`);
  console.log(`load + build, median of ${runs}:                          ${fmt(median(total))} ms  (target < 300 ms)`);
  console.log(`check ${chk.chars}-char paragraph (${chk.findings} findings), median of ${CHECKS}: ${fmt(median(chk.times))} ms; batch mean ${fmt(chk.batch)} ms  (target < 3 ms)`);
  console.log(`same paragraph in Node ${process.version}, mean of ${CHECKS}:        ${fmt(nodeMs)} ms  (Chromium/Node ${fmt(chk.batch / nodeMs)}x)`);
  console.log(`.wasm size: ${raw} bytes (${fmt(raw / 1048576)} MiB) raw, ${gz} bytes (${fmt(gz / 1048576)} MiB) gzipped -9  (target < 4 MiB gzipped)`);
} finally {
  await browser.close();
  await server.close();
}
