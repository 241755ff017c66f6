// zhproof Web Worker: owns the WebAssembly checker so that checking never blocks typing.
//
// Protocol (all messages carry the `id` of the request they answer):
//   → {type: "init", id, options, moduleUrl?, wasmUrl?, modelUrl?}
//   ← {type: "ready", id, version, loadMs, buildMs, warmMs, modelMs}
// With `modelUrl` (e.g. the package's model/zh_lm.bin) the worker fetches the language model
// and builds the checker with it (rule typo.context, as the native library by default);
// `modelMs` is the time of that fetch (0 without a model). A model that cannot be fetched or
// read is an error of the init request, not silently dropped.
//   → {type: "check", id, texts: string[]}
//   ← {type: "result", id, results: Finding[][], ms}
//   ← {type: "error", id, message}

let checker = null;

function fail(id, e) {
  self.postMessage({ type: "error", id, message: String((e && e.message) || e) });
}

async function init(msg) {
  const moduleUrl = msg.moduleUrl || new URL("../web/zhproof_wasm.js", import.meta.url).href;
  const t0 = performance.now();
  const mod = await import(moduleUrl);
  await mod.default(msg.wasmUrl ? { module_or_path: msg.wasmUrl } : undefined);
  const t1 = performance.now();
  let model = null;
  if (msg.modelUrl) {
    const res = await fetch(msg.modelUrl);
    if (!res.ok) throw new Error(`zhproof worker: language model ${msg.modelUrl}: HTTP ${res.status}`);
    model = new Uint8Array(await res.arrayBuffer());
  }
  const tm = performance.now();
  checker = model
    ? mod.Checker.withLanguageModel(msg.options || undefined, model)
    : new mod.Checker(msg.options || undefined);
  const t2 = performance.now();
  // The engine fills some tables on first use: pay that now, not on the first keystroke.
  checker.check("预热：再接再励，發現，13812345678，<a>");
  const t3 = performance.now();
  self.postMessage({
    type: "ready",
    id: msg.id,
    version: mod.version(),
    loadMs: t1 - t0,
    modelMs: tm - t1,
    buildMs: t2 - tm,
    warmMs: t3 - t2,
  });
}

self.onmessage = async (ev) => {
  const msg = ev.data || {};
  try {
    if (msg.type === "init") {
      await init(msg);
    } else if (msg.type === "check") {
      if (!checker) throw new Error("zhproof worker: check before init");
      const t0 = performance.now();
      const results = msg.texts.map((t) => checker.check(t));
      self.postMessage({ type: "result", id: msg.id, results, ms: performance.now() - t0 });
    } else {
      throw new Error(`zhproof worker: unknown message type ${msg.type}`);
    }
  } catch (e) {
    fail(msg.id, e);
  }
};
