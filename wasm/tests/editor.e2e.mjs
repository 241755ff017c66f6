// Browser end-to-end test: the demo page in Debian's Chromium (playwright-core).
// Run: node --test wasm/tests/editor.e2e.mjs   (after bash wasm/build.sh)
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openPage, REPO, SHOTS } from "./browser.mjs";

const SHOT = path.join(SHOTS, "editor.png");

/** Underlined ranges: [category, text, paragraph index, offset in paragraph, rect]. */
function underlines(page, selector = "#editor") {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    const paras = [...root.querySelectorAll("p, div")].filter((p) => !p.querySelector("p, div"));
    const out = [];
    for (const [name, h] of CSS.highlights) {
      for (const r of h) {
        if (!root.contains(r.startContainer)) continue;
        const pi = paras.findIndex((p) => p.contains(r.startContainer));
        const pre = document.createRange();
        pre.setStart(paras[pi], 0);
        pre.setEnd(r.startContainer, r.startOffset);
        const b = r.getBoundingClientRect();
        out.push({ cat: name.replace("zhproof-", ""), text: r.toString(), para: pi, offset: pre.toString().length,
          rect: { x: b.x, y: b.y, w: b.width, h: b.height } });
      }
    }
    return out.sort((a, b) => a.para - b.para || a.offset - b.offset);
  }, selector);
}

async function waitCount(page, n, selector = "#editor") {
  await page.waitForFunction(
    ([sel, n]) => {
      const root = document.querySelector(sel);
      let c = 0;
      for (const [, h] of CSS.highlights) for (const r of h) if (root.contains(r.startContainer)) c++;
      return c === n;
    },
    [selector, n],
    { timeout: 15000 },
  );
}

async function clickCentre(page, rect) {
  await page.mouse.click(rect.x + rect.w / 2, rect.y + rect.h / 2);
}

test("demo editor: type, see underlines, fix with a click, undo, ignore", async (t) => {
  const { page, errors } = await openPage(t, path.join(REPO, "wasm"), "/demo/index.html");
  await page.waitForFunction(() => document.body.dataset.editorUpdates, null, { timeout: 20000 });
  // The module is loaded by the worker, never on the page's main thread.
  assert.equal(await page.evaluate(() => zhproofDemo.client.worker instanceof Worker), true);
  const mainThreadWasm = await page.evaluate(() =>
    performance.getEntriesByType("resource").filter((e) => /zhproof_wasm/.test(e.name)).map((e) => e.name));
  assert.deepEqual(mainThreadWasm, []);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, "demo.png") });
  const initial = await underlines(page);
  assert.ok(initial.length >= 5, `sample text underlined: ${JSON.stringify(initial.map((u) => u.text))}`);

  // Replace the content by typing.
  await page.click("#editor p");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("我们要再接再励，认真贯切落实。");
  await page.keyboard.press("Enter");
  await page.keyboard.type("请按装设备𠮷😀，布署到位。");
  await waitCount(page, 4);
  let u = await underlines(page);
  assert.deepEqual(
    u.map((x) => [x.cat, x.text, x.para, x.offset]),
    [
      ["typo", "再接再励", 0, 3],
      ["typo", "贯切", 0, 10],
      ["typo", "按装", 1, 1],
      ["typo", "布署", 1, 10],
    ],
  );
  // The underline sits where the words are drawn: same box as a range found independently.
  const boxes = await page.evaluate((words) => {
    const root = document.querySelector("#editor");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const out = {};
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const w of words) {
        const i = n.data.indexOf(w);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + w.length);
        const b = r.getBoundingClientRect();
        out[w] = { x: b.x, y: b.y, w: b.width, h: b.height };
      }
    }
    return out;
  }, u.map((x) => x.text));
  for (const x of u) assert.deepEqual(x.rect, boxes[x.text], x.text);
  assert.ok(u[2].rect.y > u[0].rect.y, "second paragraph is below the first");
  // Highlights only: the user's DOM holds nothing but their own paragraphs.
  const tags = await page.$$eval("#editor *", (els) => [...new Set(els.map((e) => e.tagName))]);
  assert.ok(tags.every((tg) => ["P", "DIV", "BR"].includes(tg)), `editor DOM: ${tags}`);

  // Editing one paragraph re-checks only that paragraph.
  const before = await page.evaluate(() => zhproofDemo.client.stats.paragraphsChecked);
  await page.keyboard.type("好");
  await page.waitForFunction((b) => zhproofDemo.client.stats.paragraphsChecked > b, before);
  await page.waitForTimeout(400);
  const after = await page.evaluate(() => zhproofDemo.client.stats.paragraphsChecked);
  assert.equal(after - before, 1, "only the edited paragraph was sent to the worker");

  // Click the first underline: popover with message and suggestion; apply it.
  await clickCentre(page, u[0].rect);
  await page.waitForSelector(".zhproof-popover:not([hidden]) .zp-sug");
  assert.match(await page.textContent(".zhproof-popover .zp-msg"), /再接再厉/);
  assert.equal(await page.textContent(".zhproof-popover .zp-sug"), "再接再厉");
  await page.click(".zhproof-popover .zp-sug");
  await waitCount(page, 3);
  let text = await page.innerText("#editor");
  assert.match(text, /我们要再接再厉，认真贯切落实。/);
  assert.ok(!text.includes("再接再励"));
  assert.ok(await page.isHidden(".zhproof-popover"));

  // The fix is an ordinary edit: Ctrl+Z brings the mistake (and its underline) back.
  await page.keyboard.press("Control+Z");
  await waitCount(page, 4);
  assert.match(await page.innerText("#editor"), /我们要再接再励/);
  u = await underlines(page);
  await clickCentre(page, u[0].rect);
  await page.waitForSelector(".zhproof-popover:not([hidden]) .zp-sug");
  await page.click(".zhproof-popover .zp-sug");
  await waitCount(page, 3);
  text = await page.innerText("#editor");
  assert.match(text, /再接再厉/);
  assert.match(text, /请按装设备𠮷😀，布署到位。好/);

  // Hovering shows the popover too; "总是忽略" hides the word and remembers it.
  u = await underlines(page);
  const guan = u.find((x) => x.text === "贯切");
  await page.mouse.move(guan.rect.x + guan.rect.w / 2, guan.rect.y + guan.rect.h / 2);
  await page.waitForSelector(".zhproof-popover:not([hidden]) .zp-ignore-always");
  await page.click(".zhproof-popover .zp-ignore-always");
  await waitCount(page, 2);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("zhproof.ignoreAlways")));
  assert.deepEqual(stored, ["贯切"]);
  // "忽略" hides one occurrence.
  u = await underlines(page);
  await clickCentre(page, u.find((x) => x.text === "布署").rect);
  await page.waitForSelector(".zhproof-popover:not([hidden]) .zp-ignore");
  await page.click(".zhproof-popover .zp-ignore");
  await waitCount(page, 1);
  assert.deepEqual((await underlines(page)).map((x) => x.text), ["按装"]);

  // Textarea: the mirror carries the underline; the fix lands in the textarea's value.
  await page.click("#plain");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("请尽快按装设备。");
  await page.waitForFunction(() => {
    const m = document.querySelector(".zhproof-mirror");
    for (const [, h] of CSS.highlights) for (const r of h) if (m.contains(r.startContainer)) return r.toString() === "按装";
    return false;
  });
  const rect = await page.evaluate(() => {
    const m = document.querySelector(".zhproof-mirror");
    for (const [, h] of CSS.highlights) {
      for (const r of h) {
        if (m.contains(r.startContainer)) {
          const b = r.getBoundingClientRect();
          return { x: b.x, y: b.y, w: b.width, h: b.height };
        }
      }
    }
    return null;
  });
  await clickCentre(page, rect);
  await page.waitForSelector(".zhproof-popover:not([hidden]) .zp-sug");
  await page.click(".zhproof-popover .zp-sug");
  await page.waitForFunction(() => document.querySelector("#plain").value === "请尽快安装设备。");

  await page.mouse.click(5, 5);
  await page.locator("#editor").click({ position: { x: 5, y: 5 } });
  u = await underlines(page);
  await page.mouse.move(u[0].rect.x + 2, u[0].rect.y + u[0].rect.h / 2);
  await page.waitForSelector(".zhproof-popover:not([hidden])");
  await page.screenshot({ path: SHOT });
  assert.deepEqual(errors, []);
});

test("worker with modelUrl: the language model is fetched once and context findings appear", async (t) => {
  const { page, errors } = await openPage(t, path.join(REPO, "wasm"), "/demo/index.html");
  await page.waitForFunction(() => document.body.dataset.editorUpdates, null, { timeout: 20000 });
  const got = await page.evaluate(async () => {
    const { ProofClient } = await import("../pkg/js/editor.js");
    const t0 = performance.now();
    const client = new ProofClient({ modelUrl: "/pkg/model/zh_lm.bin", options: { categories: ["typo"] } });
    const info = await client.ready;
    const readyMs = performance.now() - t0;
    const [found] = await client.check(["这么一折腾，恐怕会吓的不轻。"]);
    let bad = null;
    try {
      await new ProofClient({ modelUrl: "/pkg/model/missing.bin" }).ready;
    } catch (e) {
      bad = String(e.message || e);
    }
    const fetched = performance.getEntriesByType("resource").filter((e) => /zh_lm\.bin/.test(e.name)).length;
    client.terminate();
    return { info, readyMs, found: found.map((f) => [f.rule, f.text, f.suggestions[0]]), bad, fetched };
  });
  assert.deepEqual(got.found, [["typo.context", "的", "得"]]);
  assert.ok(got.info.modelMs > 0, JSON.stringify(got.info));
  assert.match(got.bad || "", /language model .*missing\.bin.*404/);
  // worker fetches are not in the page's resource timing: no model on the main thread
  assert.equal(got.fetched, 0);
  console.log(`model in the worker: ready after ${got.readyMs.toFixed(0)} ms (fetch ${got.info.modelMs.toFixed(0)} ms, build ${got.info.buildMs.toFixed(0)} ms, first check ${got.info.warmMs.toFixed(0)} ms)`);
  assert.deepEqual(errors, []);
});
