// The cross-front-end golden cases (tests/golden/*.jsonl, format in its README), run against
// the Node build with the same expectations as core/tests/golden.rs.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { zhproof, REPO, PKG } from "./load.mjs";

const dir = path.join(REPO, "tests", "golden");
// The package's language model asset (wasm/build.sh copies it): with it, every case runs
// on a checker that reads context, as the native golden test does with the built-in model.
const modelPath = path.join(PKG, "model", "zh_lm.bin");
const model = fs.existsSync(modelPath) ? new Uint8Array(fs.readFileSync(modelPath)) : null;
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort();

/** Golden configs are core `Config` JSON (snake_case); the JS options use camelCase. */
function jsOptions(config = {}) {
  const out = {};
  for (const [k, v] of Object.entries(config)) {
    const key = k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    if (key === "dictionaries") {
      out.dictionaries = v.map((d) => {
        if (d.path !== undefined) {
          return { name: d.path, text: fs.readFileSync(path.resolve(REPO, d.path), "utf8") };
        }
        return d;
      });
    } else if (key === "allowFiles") {
      out.allow = [...(out.allow || []), ...v.flatMap((p) => fs.readFileSync(path.resolve(REPO, p), "utf8").split("\n"))
        .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))];
    } else {
      out[key] = v;
    }
  }
  return out;
}

function matches(e, f) {
  const field = (k, v) => e[k] === undefined || e[k] === v;
  return (
    e.text === f.text &&
    field("category", f.category) &&
    field("rule", f.rule) &&
    field("severity", f.severity) &&
    field("suggestion", f.suggestions[0] ?? "")
  );
}

test("golden files exist", () => {
  assert.ok(files.length > 0, `no golden files in ${dir}`);
});

const checkers = new Map();
let ran = 0;
for (const file of files) {
  const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const c = JSON.parse(line);
    const at = `${file}:${i + 1} [${c.name}]`;
    const html = c.html === true;
    // `requires` names cargo features; a case that enables typo.statistical needs that one.
    const requires = [...(c.requires || [])];
    if ((c.config?.enable_rules || []).some((r) => r === "typo" || r.startsWith("typo.statistical"))) {
      requires.push("statistical");
    }
    // `lm` (the built-in model of native builds) is the package's model asset here
    const missing = requires.filter((f) =>
      f === "lm" ? !(zhproof.features().includes("statistical") && model) : !zhproof.features().includes(f));
    const skip = html && typeof zhproof.Checker.prototype.checkHtml !== "function"
      ? "checkHtml is not in this build"
      : missing.length ? `needs feature ${missing.join(", ")}` : false;
    test(at, { skip }, () => {
      const key = JSON.stringify(c.config || {});
      if (!checkers.has(key)) {
        checkers.set(key, model
          ? zhproof.Checker.withLanguageModel(jsOptions(c.config), model)
          : new zhproof.Checker(jsOptions(c.config)));
      }
      const checker = checkers.get(key);
      const found = html ? checker.checkHtml(c.text) : checker.check(c.text);
      ran++;
      for (const f of found) assert.equal(c.text.slice(f.start, f.end), f.text, `${at}: offsets`);
      const used = new Array(found.length).fill(false);
      for (const e of c.expect || []) {
        const j = found.findIndex((f, k) => !used[k] && matches(e, f));
        assert.ok(j >= 0, `${at}: expected ${JSON.stringify(e)} not found in ${JSON.stringify(found)}`);
        used[j] = true;
      }
      if (c.exact === true) {
        const extra = found.filter((_, k) => !used[k]);
        assert.deepEqual(extra, [], `${at}: unexpected findings`);
      }
      for (const a of c.absent || []) {
        assert.ok(!found.some((f) => f.text === a), `${at}: ${a} must not be reported`);
      }
    });
  });
}

test("golden cases actually ran", () => {
  assert.ok(ran > 0, "no golden case ran");
});
