// Node tests of the npm package (wasm/pkg/node): offsets, errors, options.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { zhproof, PKG } from "./load.mjs";

const { Checker } = zhproof;
const checker = new Checker();

function assertSlices(text, found) {
  for (const f of found) assert.equal(text.slice(f.start, f.end), f.text, JSON.stringify(f));
}

test("findings are plain objects with every field", () => {
  const f = checker.check("我们要再接再励。");
  assert.equal(f.length, 1);
  assert.equal(Object.getPrototypeOf(f[0]), Object.prototype);
  assert.deepEqual(f[0], {
    rule: "typo.word",
    category: "typo",
    severity: "error",
    start: 3,
    end: 7,
    line: 1,
    column: 4,
    text: "再接再励",
    suggestions: ["再接再厉"],
    message: f[0].message,
  });
  assert.ok(f[0].message.length > 0);
  assert.deepEqual(JSON.parse(JSON.stringify(f)), f);
});

test("confidence is carried and minConfidence filters", { skip: !zhproof.features().includes("idiom") }, () => {
  const text = "他油刃有余，一阵见血，我们要再接再励。";
  const found = new Checker({ categories: ["typo"] }).check(text);
  assert.deepEqual(
    found.map((f) => [f.text, f.rule, f.confidence, f.severity]),
    [
      ["油刃有余", "typo.idiom", 0.9, "error"],
      ["一阵见血", "typo.idiom", 0.75, "warning"],
      ["再接再励", "typo.word", undefined, "error"],
    ],
  );
  assert.ok(!("confidence" in found[2]));
  const sure = new Checker({ categories: ["typo"], minConfidence: 0.8 }).check(text);
  assert.deepEqual(sure.map((f) => f.text), ["油刃有余", "再接再励"]);
});

test("offsets are UTF-16 code units around emoji and 𠮷", () => {
  const text = "😀𠮷再接再励👨‍👩‍👧\n𠮷𠮷按装😀布署";
  const f = checker.check(text);
  assert.deepEqual(f.map((x) => x.text), ["再接再励", "按装", "布署"]);
  assert.deepEqual(f.map((x) => [x.start, x.end]), [[4, 8], [21, 23], [25, 27]]);
  assert.deepEqual(f.map((x) => [x.line, x.column]), [[1, 3], [2, 3], [2, 6]]);
  assertSlices(text, f);
});

test("lone surrogates are accepted and offsets still slice the original", () => {
  for (const text of [
    "\uD800再接再励",
    "再接再励\uDC00",
    "\uDC00\uD800按装\uD842\uD842布署\uDFB7",
    "𠮷\uD842再接再励\uDFB7😀按装",
  ]) {
    const f = checker.check(text);
    assert.ok(f.length >= 1, text);
    assertSlices(text, f);
  }
  // A finding that covers a lone surrogate keeps the original code unit in `text`.
  const custom = new Checker({ builtinDictionaries: false, dictionaries: ["坏\uFFFD词\t好词\ttypo\n"] });
  const text = "一个坏\uD800词。";
  const f = custom.check(text);
  assertSlices(text, f);
  const typo = f.filter((x) => x.category === "typo");
  assert.equal(typo.length, 1);
  assert.deepEqual([typo[0].start, typo[0].end], [2, 5]);
  assert.equal(typo[0].text, "坏\uD800词");
  // The engine sees U+FFFD where the lone surrogate was: a mojibake finding, on the surrogate.
  const moji = f.filter((x) => x.rule === "format.mojibake");
  assert.deepEqual(moji.map((x) => [x.start, x.end, x.text]), [[3, 4, "\uD800"]]);
  // A real U+FFFD in the input is reported as itself.
  const real = "一个坏\uFFFD词。";
  assert.equal(custom.check(real).find((x) => x.category === "typo").text, "坏\uFFFD词");
});

test("empty and clean text give no findings", () => {
  assert.deepEqual(checker.check(""), []);
  assert.deepEqual(checker.check("今天天气很好。"), []);
});

test("non-string input throws an Error", () => {
  for (const bad of [5, null, undefined, {}, ["按装"]]) {
    assert.throws(() => checker.check(bad), (e) => e instanceof Error && /expects a string/.test(e.message));
  }
});

test("bad options throw Errors with a message", () => {
  const cases = [
    [{ maxFinding: 3 }, /unknown option `maxFinding`/],
    [{ max_findings: 3 }, /unknown option `max_findings`/],
    [{ categories: ["typos"] }, /^categories: unknown category `typos`/],
    [{ skip: ["nope"] }, /^skip: unknown category `nope`/],
    [{ script: "zh-XX" }, /^script: unknown script `zh-XX`/],
    [{ maxFindings: -1 }, /invalid Checker options/],
    [{ allow: "再接再励" }, /invalid Checker options/],
    [5, /must be an object/],
    [["typo"], /must be an object/],
    [{ dictionaries: ["好\t\n坏\t\tbogus\n"] }, /^dictionaries\[0\]:2: unknown category `bogus`/],
    [{ dictionaries: [{ name: "mine.tsv", text: "坏\t\tbogus\n" }] }, /^mine\.tsv:1: unknown category/],
    [{ minConfidence: 1.5 }, /^minConfidence: 1\.5 is not in 0-1/],
  ];
  for (const [opts, re] of cases) {
    assert.throws(() => new Checker(opts), (e) => e instanceof Error && re.test(e.message), JSON.stringify(opts));
  }
});

test("options: categories, skip, disabledRules, allow", () => {
  const text = "要再接再励，按装设备。";
  assert.equal(new Checker({ categories: ["typo"] }).check(text).length, 2);
  assert.deepEqual(new Checker({ categories: ["privacy"] }).check(text), []);
  assert.deepEqual(new Checker({ skip: ["typo"] }).check(text), []);
  assert.deepEqual(new Checker({ disabledRules: ["typo"] }).check(text), []);
  // typo.idiom also knows 再接再厉 (when compiled in).
  assert.deepEqual(new Checker({ disabledRules: ["typo.word", "typo.idiom"] }).check(text), []);
  assert.throws(
    () => new Checker({ disabledRules: ["typo.wor"] }),
    (e) => e instanceof Error && /unknown rule `typo\.wor`; did you mean `typo\.word`\?/.test(e.message),
  );
  assert.deepEqual(new Checker({ allow: ["按装设备"] }).check(text).map((f) => f.text), ["再接再励"]);
  for (const script of ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"]) new Checker({ script });
  assert.deepEqual(new Checker(null).check(text), checker.check(text));
  assert.deepEqual(new Checker({}).check(text), checker.check(text));
});

test("options: dictionaries, builtinDictionaries, maxFindings", () => {
  const mine = new Checker({
    builtinDictionaries: false,
    disabledRules: ["typo.idiom"], // a detector, not a dictionary: it would find 再接再励
    dictionaries: [{ name: "house.tsv", text: "# house style\n登陆网站\t登录网站\ttypo\twarning\t用“登录”\n" }],
  });
  const f = mine.check("请登陆网站，再接再励。");
  assert.deepEqual(f.map((x) => [x.text, x.suggestions[0], x.severity]), [["登陆网站", "登录网站", "warning"]]);
  const capped = new Checker({ maxFindings: 5 }).check("按装".repeat(20));
  assert.equal(capped.length, 6);
  assert.equal(capped[5].rule, "format.truncated");
  assert.equal(new Checker({ maxFindings: 0 }).check("按装".repeat(20)).length, 20);
});

test("rules() is the engine's registry; explain() its entries", () => {
  const rules = zhproof.rules();
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.length > 40);
  const word = rules.find((r) => r.id === "typo.word");
  assert.deepEqual(Object.keys(word).sort(), ["bad", "category", "default_on", "good", "id", "safe_fix", "severity", "source", "standard", "summary", "why"]);
  assert.deepEqual([word.category, word.severity, word.default_on], ["typo", "error", true]);
  // typo.statistical is a former id (now typo.context): accepted in options, not listed
  assert.ok(!ids.includes("typo.statistical") && ids.includes("typo.context"));
  assert.ok(rules.some((r) => r.standard === null) && rules.some((r) => typeof r.standard === "string"));
  // Every rule's bad example is reported when the rule is on (HTML for link rules). Without
  // the `segment` feature (the lean default build), dictionary entries with the `@`
  // word-boundary guard are left out, so a dictionary rule's example may go unreported.
  const missed = [];
  for (const r of rules) {
    // checker/CLI rules are not made by a check; the browser build has no language model
    if (r.source === "checker" || r.source === "cli" || r.id.startsWith("script.") || r.id === "typo.context") continue;
    const c = new Checker({ enableRules: [r.id] });
    const found = r.category === "link" ? c.checkHtml(r.bad) : c.check(r.bad);
    if (!found.some((f) => f.rule === r.id)) missed.push(r);
  }
  if (zhproof.features().includes("segment")) assert.deepEqual(missed.map((r) => r.id), []);
  else for (const r of missed) assert.match(r.source, /^dictionary:/, r.id);
  const text = zhproof.explain("typo.word");
  assert.ok(text.startsWith("typo.word\n") && text.includes(word.why) && text.includes(word.bad), text);
  const typo = rules.filter((r) => r.category === "typo").map((r) => r.id);
  assert.deepEqual(zhproof.explain("typo").split("\n").filter((l) => typo.includes(l)), typo);
  assert.throws(
    () => zhproof.explain("typo.wor"),
    (e) => e instanceof Error && /unknown rule `typo\.wor`; did you mean `typo\.word`\?/.test(e.message),
  );
});

test("version matches the package", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  assert.equal(zhproof.version(), pkg.version);
  assert.match(zhproof.version(), /^\d+\.\d+\.\d+/);
});

test("TypeScript declarations describe Finding and CheckerOptions", () => {
  const dts = fs.readFileSync(path.join(PKG, "web", "zhproof_wasm.d.ts"), "utf8");
  assert.match(dts, /export interface Finding \{/);
  assert.match(dts, /export interface CheckerOptions \{/);
  assert.match(dts, /check\(text: string\): Finding\[\];/);
  assert.match(dts, /constructor\(options\?: CheckerOptions \| null\);/);
  assert.match(dts, /export interface Rule \{/);
  assert.match(dts, /export function rules\(\): Rule\[\];/);
  assert.match(dts, /export function explain\(rule: string\): string;/);
  for (const key of ["categories", "skip", "script", "dictionaries", "allow", "disabledRules", "enableRules", "builtinDictionaries", "maxFindings", "statisticalThreshold", "sensitiveProfile"]) {
    assert.match(dts, new RegExp(`\\b${key}\\?:`), key);
  }
});

test("package.json exports point at built files", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  const targets = [];
  const walk = (v) => (typeof v === "string" ? targets.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  targets.push(pkg.main, pkg.module, pkg.types);
  assert.ok(targets.length >= 10);
  for (const t of targets) assert.ok(fs.existsSync(path.join(PKG, t)), t);
  assert.ok(fs.existsSync(path.join(PKG, "README.md")));
  // The Node build is CommonJS inside a "type": "module" package.
  assert.equal(JSON.parse(fs.readFileSync(path.join(PKG, "node", "package.json"), "utf8")).type, "commonjs");
});

// The language model is a separate asset of the package (pkg/model/zh_lm.bin).
const MODEL = path.join(PKG, "model", "zh_lm.bin");

test("the package ships the language model with its notice", () => {
  assert.ok(fs.statSync(MODEL).size > 1_000_000);
  assert.match(fs.readFileSync(path.join(PKG, "model", "NOTICE"), "utf8"), /CC-BY-SA 3\.0/);
});

test("withLanguageModel reads context as the native library does", { skip: !zhproof.features().includes("statistical") }, () => {
  const model = new Uint8Array(fs.readFileSync(MODEL));
  const text = "这么一折腾，恐怕会吓的不轻。今年港口的集装箱运数激增。";
  const found = Checker.withLanguageModel({ categories: ["typo"] }, model).check(text);
  assertSlices(text, found);
  assert.deepEqual(
    found.map((f) => [f.text, f.rule, f.suggestions[0], f.severity]),
    [
      ["的", "typo.context", "得", "warning"],
      ["运数", "typo.context", "运输", "warning"],
    ],
  );
  assert.ok(found.every((f) => f.confidence >= 0.95 && f.confidence <= 1));
  // without the model the context rule has nothing to read
  assert.deepEqual(new Checker({ categories: ["typo"] }).check(text), []);
});

test("bad model bytes and bad options are errors, not crashes", { skip: !zhproof.features().includes("statistical") }, () => {
  assert.throws(() => Checker.withLanguageModel(undefined, new Uint8Array([1, 2, 3])), /language model/);
  assert.throws(() => Checker.withLanguageModel({ nope: 1 }, new Uint8Array(fs.readFileSync(MODEL))), /nope/);
  assert.throws(() => Checker.withLanguageModel(undefined, "not bytes"));
});
