// Browser end-to-end test: zhproof inside TinyMCE (npm `tinymce`, MIT, self-hosted from
// .tools) in Debian's Chromium: underlines on the right words, only changed blocks
// re-checked, a fix applied through the editor (one undo level), undone with TinyMCE's
// Undo button. Screenshots in target/e2e/tinymce-*.png.
// Run: node --test wasm/tests/tinymce.e2e.mjs   (after bash wasm/build.sh)
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { openPage, REPO, SHOTS } from "./browser.mjs";


/** The underlined words in the editor's iframe, with their rects in page coordinates. */
async function underlines(page) {
  const box = await page.locator("#body_ifr").boundingBox();
  const items = await page.frames().find((f) => f.name() === "body_ifr").evaluate(() => {
    const out = [];
    for (const [name, h] of CSS.highlights) {
      for (const r of h) {
        if (!document.body.contains(r.startContainer)) continue;
        const b = r.getBoundingClientRect();
        out.push({ cat: name, text: r.toString(), x: b.x, y: b.y, w: b.width, h: b.height });
      }
    }
    return out.sort((a, b) => a.y - b.y || a.x - b.x);
  });
  return items.map((u) => ({ ...u, px: box.x + u.x + u.w / 2, py: box.y + u.y + u.h / 2 }));
}

async function waitWords(page, words) {
  const want = JSON.stringify([...words].sort());
  for (let i = 0; i < 200; i++) {
    const got = JSON.stringify((await underlines(page)).map((u) => u.text).sort());
    if (got === want) return;
    await page.waitForTimeout(50);
  }
  assert.deepEqual((await underlines(page)).map((u) => u.text).sort(), [...words].sort());
}

const content = (page) => page.evaluate(() => tinymce.activeEditor.getContent());

test("TinyMCE: underlines, changed blocks only, fix through the editor, undo", async (t) => {
  const tools = path.join(REPO, ".tools", "node_modules", "tinymce", "tinymce.min.js");
  assert.ok(fs.existsSync(tools), "npm tinymce missing in .tools: run scripts/setup.sh");
  const { page, errors } = await openPage(t, REPO, "/wasm/tests/tinymce.html");
  await page.waitForFunction(() => window.zhproofTiny && window.zhproofTiny.updates > 0, null, { timeout: 30000 });
  await waitWords(page, ["再接再励"]);
  await page.screenshot({ path: path.join(SHOTS, "tinymce-loaded.png") });

  // Type a new misspelling at the end of the second paragraph: only that block is checked.
  const before = await page.evaluate(() => ({ ...window.zhproofTiny.last.stats }));
  const frame = page.frames().find((f) => f.name() === "body_ifr");
  await frame.click("p:nth-of-type(2)");
  await page.keyboard.press("End");
  await page.keyboard.type("请按装软件。");
  await waitWords(page, ["再接再励", "按装"]);
  const after = await page.evaluate(() => ({ ...window.zhproofTiny.last.stats }));
  assert.ok(after.cacheHits > before.cacheHits, `unchanged block from the cache: ${JSON.stringify([before, after])}`);

  // Click the first underline: the popover (inside the editor's iframe) offers the fix.
  const u = (await underlines(page)).find((x) => x.text === "再接再励");
  await page.mouse.click(u.px, u.py);
  await frame.waitForSelector(".zhproof-popover:not([hidden]) .zp-sug", { timeout: 10000 });
  assert.equal(await frame.textContent(".zhproof-popover .zp-sug"), "再接再厉");
  await page.screenshot({ path: path.join(SHOTS, "tinymce-popover.png") });
  await frame.click(".zhproof-popover .zp-sug");
  await page.waitForFunction(() => tinymce.activeEditor.getContent().includes("再接再厉"));
  assert.match(await content(page), /<p>各单位要再接再厉，按时完成任务。<\/p>/);
  assert.doesNotMatch(await content(page), /zhproof/); // nothing of ours in the content
  await waitWords(page, ["按装"]);
  await page.screenshot({ path: path.join(SHOTS, "tinymce-fixed.png") });

  // TinyMCE's own Undo button reverts exactly the fix; the underline comes back.
  await page.click('button[aria-label="Undo"]');
  await page.waitForFunction(() => tinymce.activeEditor.getContent().includes("再接再励"));
  assert.match(await content(page), /请按装软件。/);
  await waitWords(page, ["再接再励", "按装"]);
  await page.screenshot({ path: path.join(SHOTS, "tinymce-undone.png") });
  assert.deepEqual(errors, []);
});
