// Node tests of checkHtml, convert and mask (wasm/pkg/node).
import test from "node:test";
import assert from "node:assert/strict";
import { zhproof } from "./load.mjs";

const { Checker, convert, mask } = zhproof;

test("checkHtml offsets slice the HTML source, around entities and astral characters", () => {
  const c = new Checker();
  const html =
    '<html><head><meta name="description" content="设备按装"></head><body>' +
    '<p title="请布署">&nbsp;😀𠮷再接再&#21169;，<b>按</b>装</p>' +
    '<p>我们要再接再励。<a href="javascript:void(0)">点此</a></p></body></html>';
  const f = c.checkHtml(html);
  for (const x of f) assert.equal(html.slice(x.start, x.end), x.text, JSON.stringify(x));
  const texts = f.map((x) => x.text);
  assert.ok(texts.includes("按装"), texts.join("|"));
  assert.ok(texts.includes("布署"), texts.join("|"));
  assert.ok(texts.includes("再接再励"), texts.join("|"));
  assert.ok(f.some((x) => x.category === "link"), "javascript: link reported");
  // A plain check of the same markup does not understand tags.
  assert.ok(!c.check(html).some((x) => x.category === "link"));
  assert.throws(() => c.checkHtml(42), (e) => e instanceof Error && /checkHtml\(\) expects a string/.test(e.message));
  const lone = "<p>\uD800再接再励\uDC00</p>";
  for (const x of c.checkHtml(lone)) assert.equal(lone.slice(x.start, x.end), x.text);
});

test("convert: simplified ⇄ traditional with OpenCC configs", () => {
  assert.equal(convert("发现问题", "t"), "發現問題");
  assert.equal(convert("發現問題", "s"), "发现问题");
  assert.equal(convert("鼠标和软件", "twp"), "滑鼠和軟體");
  assert.equal(convert("干燥的头发", "s2t"), "乾燥的頭髮");
  assert.equal(convert("", "t"), "");
  assert.equal(convert("😀𠮷abc", "t"), "😀𠮷abc");
  // Lone surrogates come out as U+FFFD (one UTF-16 unit each: lengths are kept).
  assert.equal(convert("\uD800发现", "t"), "\uFFFD發現");
  assert.throws(() => convert("发现", "klingon"), (e) => e instanceof Error && /unknown conversion `klingon`/.test(e.message));
  assert.throws(() => convert(1, "t"), (e) => e instanceof Error && /expects a string/.test(e.message));
});

test("mask: personal data is masked, nothing else changes", () => {
  const text = "联系人张三，身份证号11010519491231002X，手机13812345678，邮箱zhangsan@example.com。😀";
  const out = mask(text);
  assert.ok(!out.includes("11010519491231002X"), out);
  assert.ok(!out.includes("13812345678"), out);
  assert.ok(out.includes("138****5678"), out);
  assert.ok(out.startsWith("联系人张三，身份证号110105"), out);
  assert.ok(out.endsWith("。😀"), out);
  assert.equal(mask("今天天气很好。"), "今天天气很好。");
  assert.equal(mask(""), "");
  assert.throws(() => mask(null), (e) => e instanceof Error && /mask\(\) expects a string/.test(e.message));
});

test("features lists the optional parts compiled in", () => {
  const f = zhproof.features();
  assert.ok(Array.isArray(f));
  for (const x of f) assert.ok(["builtin-sensitive", "segment", "statistical", "idiom"].includes(x), x);
  // The default browser build carries the sensitive lexicons.
  assert.ok(f.includes("builtin-sensitive"));
});

test("options added with the engine: enableRules, statisticalThreshold, sensitiveProfile", () => {
  new Checker({ enableRules: ["typo.statistical"], statisticalThreshold: 45, sensitiveProfile: "comments" });
  assert.throws(() => new Checker({ sensitiveProfile: "forum" }), (e) => e instanceof Error && /sensitiveProfile: unknown profile/.test(e.message));
});
