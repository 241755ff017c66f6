// Fault behaviour at the edges: very long strings, lone surrogates in long text, and a
// worker terminated in the middle of a check (the host must survive and keep working).
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { zhproof, PKG } from "./load.mjs";

const { Checker } = zhproof;

test("a 3-million-character string is checked and offsets slice it", () => {
  const checker = new Checker({ categories: ["typo"] });
  const unit = "各地区各部门要认真贯彻落实，再接再励。\uD83D\uDE00";
  const text = unit.repeat(Math.ceil(3_000_000 / unit.length));
  const found = checker.check(text);
  assert.ok(found.length > 1000, `only ${found.length} findings`);
  for (const f of found.slice(0, 50).concat(found.slice(-50))) {
    assert.equal(text.slice(f.start, f.end), f.text);
  }
});

test("lone surrogates scattered through long text never break offsets", () => {
  const checker = new Checker();
  const text = ("按装\uD800设备\uDC00再接再励".repeat(20_000));
  const found = checker.check(text);
  assert.ok(found.length > 0);
  for (const f of found) assert.equal(text.slice(f.start, f.end), f.text);
});

test("a worker terminated mid-check leaves the host working", async () => {
  const entry = path.join(PKG, "node", "zhproof_wasm.js");
  const src = `
    const { parentPort, workerData } = require("node:worker_threads");
    const z = require(workerData.entry);
    const c = new z.Checker();
    parentPort.postMessage("ready");
    const text = "各地区各部门要认真贯彻落实，再接再励。".repeat(400000);
    for (;;) c.check(text);
  `;
  const worker = new Worker(src, { eval: true, workerData: { entry } });
  await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  // let it get into a long check, then kill it
  await new Promise((r) => setTimeout(r, 300));
  const code = await worker.terminate();
  assert.equal(typeof code, "number");
  const checker = new Checker();
  const f = checker.check("请再接再励。");
  assert.equal(f.length, 1);
  assert.equal(f[0].text, "再接再励");
});
