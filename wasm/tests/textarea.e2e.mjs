// Browser end-to-end test: the <textarea> overlay follows its textarea when the page moves
// it (content above removed, a style change, re-parenting into a scrolled container), and a
// click on the text itself (located independently of the overlay) opens the popover.
// Run: node --test wasm/tests/textarea.e2e.mjs   (after bash wasm/build.sh)
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openPage, REPO, SHOTS } from "./browser.mjs";

const WORD = "按装";

/** Waits until the mirror lies exactly over the textarea's padding box. */
async function aligned(page) {
  await page.waitForFunction(
    () => {
      const ta = document.querySelector("#plain");
      const m = document.querySelector(".zhproof-mirror");
      const cs = getComputedStyle(ta);
      const r = ta.getBoundingClientRect();
      const mr = m.getBoundingClientRect();
      return (
        Math.abs(mr.left - (r.left + parseFloat(cs.borderLeftWidth))) < 0.5 &&
        Math.abs(mr.top - (r.top + parseFloat(cs.borderTopWidth))) < 0.5 &&
        Math.abs(mr.width - ta.clientWidth) < 0.5
      );
    },
    null,
    { timeout: 10000 },
  );
}

/**
 * Where `word` is drawn in the textarea, measured without the overlay: a probe element
 * with the textarea's text and styles at the textarea's current place.
 */
function textPoint(page, word) {
  return page.evaluate((word) => {
    const ta = document.querySelector("#plain");
    const cs = getComputedStyle(ta);
    const r = ta.getBoundingClientRect();
    const d = document.createElement("div");
    for (const p of ["fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "wordSpacing",
      "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "textIndent", "wordBreak", "tabSize"]) {
      d.style[p] = cs[p];
    }
    Object.assign(d.style, {
      position: "fixed", left: `${r.left + parseFloat(cs.borderLeftWidth)}px`,
      top: `${r.top + parseFloat(cs.borderTopWidth) - ta.scrollTop}px`, width: `${ta.clientWidth}px`,
      whiteSpace: "pre-wrap", overflowWrap: "break-word", boxSizing: "border-box", margin: "0",
      border: "0", visibility: "hidden",
    });
    d.textContent = ta.value;
    document.body.append(d);
    const i = ta.value.indexOf(word);
    const range = document.createRange();
    range.setStart(d.firstChild, i);
    range.setEnd(d.firstChild, i + word.length);
    const b = range.getBoundingClientRect();
    d.remove();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2, start: i, end: i + word.length };
  }, word);
}

/** Clicks the word where the textarea draws it; checks the caret and the popover. */
async function clickWord(page, label) {
  await aligned(page);
  await page.mouse.click(3, 3); // closes any popover
  await page.waitForSelector(".zhproof-popover", { state: "hidden" });
  const p = await textPoint(page, WORD);
  await page.mouse.click(p.x, p.y);
  // The browser put the caret inside the word: the click hit the text itself…
  const caret = await page.evaluate(() => document.querySelector("#plain").selectionStart);
  assert.ok(caret >= p.start && caret <= p.end, `${label}: caret ${caret} not in ${p.start}..${p.end}`);
  // …and the overlay knows the word is there.
  await page.waitForSelector(".zhproof-popover:not([hidden]) .zp-sug", { timeout: 10000 });
  assert.equal(await page.textContent(".zhproof-popover .zp-sug"), "安装", label);
  await page.screenshot({ path: path.join(SHOTS, `textarea-${label}.png`) });
}

test("textarea overlay follows its textarea; clicks on the text open the popover", async (t) => {
  const { page, errors } = await openPage(t, path.join(REPO, "wasm"), "/demo/index.html");
  await page.waitForFunction(() => document.body.dataset.plainUpdates, null, { timeout: 20000 });
  await page.fill("#plain", `请尽快${WORD}设备，谢谢。`);
  await page.waitForFunction((w) => {
    const m = document.querySelector(".zhproof-mirror");
    for (const [, h] of CSS.highlights) for (const r of h) if (m.contains(r.startContainer) && r.toString() === w) return true;
    return false;
  }, WORD, { timeout: 15000 });
  await clickWord(page, "initial");

  // 1. The rich editor above loses its text: the textarea moves up (no resize anywhere
  //    near it, no window resize).
  const before = await page.evaluate(() => document.querySelector("#plain").getBoundingClientRect().top);
  await page.evaluate(() => {
    document.querySelector("#editor").innerHTML = "<p>短。</p>";
  });
  const after = await page.evaluate(() => document.querySelector("#plain").getBoundingClientRect().top);
  assert.ok(before - after > 50, `the textarea moved up (${before} → ${after})`);
  await clickWord(page, "moved-up");

  // 2. A style change above it (a class/attribute change, no DOM nodes added).
  await page.evaluate(() => {
    document.querySelector("h1").style.marginBottom = "160px";
  });
  await clickWord(page, "style-change");

  // 3. Inside a scrolling container, scrolled.
  await page.evaluate(() => {
    const box = document.createElement("div");
    box.id = "box";
    box.style.cssText = "height:320px;overflow:auto;border:1px solid #999";
    const spacer = document.createElement("div");
    spacer.style.height = "600px";
    const card = document.querySelector("#plain").closest(".card");
    card.before(box);
    box.append(spacer, card, Object.assign(document.createElement("div"), { style: "height:600px" }));
    box.scrollTop = 560;
  });
  await clickWord(page, "scrolled-container");

  // 4. Scrolled so that the textarea is cut by its container: the mirror is clipped to
  //    what the container shows (no underline drawn outside it).
  await page.mouse.click(3, 3);
  await page.evaluate(() => {
    const box = document.querySelector("#box");
    const ta = document.querySelector("#plain");
    box.scrollTop += ta.getBoundingClientRect().top - box.getBoundingClientRect().top + 20;
  });
  await page.waitForFunction(() => {
    const box = document.querySelector("#box").getBoundingClientRect();
    const m = document.querySelector(".zhproof-mirror");
    const clip = m.style.clipPath.match(/inset\(([\d.]+)px/);
    return clip && Math.abs(m.getBoundingClientRect().top + parseFloat(clip[1]) - box.top) < 1;
  }, null, { timeout: 10000 });
  await page.screenshot({ path: path.join(SHOTS, "textarea-clipped.png") });

  assert.deepEqual(errors, []);
});
