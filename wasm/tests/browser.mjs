// Launches Debian's Chromium through playwright-core (never downloads a browser).
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, "../..");

function playwright() {
  const candidates = [
    process.env.ZHPROOF_TOOLS,
    path.join(REPO, ".tools"),
    "/work/main/.tools",
  ].filter(Boolean);
  for (const dir of candidates) {
    const p = path.join(dir, "node_modules", "playwright-core");
    if (fs.existsSync(p)) return createRequire(path.join(dir, "package.json"))("playwright-core");
  }
  throw new Error(`playwright-core not found in ${candidates.join(", ")}: run scripts/setup.sh`);
}

/** Starts headless Chromium with a fresh profile; resolves to {browser, close}. */
export async function launch() {
  const { chromium } = playwright();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zhproof-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1000, height: 1100 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where the browser tests write their screenshots. */
export const SHOTS = path.join(REPO, "target", "e2e");

/**
 * Serves `root`, starts Chromium and opens `root`-relative `urlPath` in a new page; both are
 * closed when test `t` ends. `errors` collects the page's uncaught errors (and, with
 * `consoleErrors`, its console errors) for the test to assert empty.
 */
export async function openPage(t, root, urlPath, { consoleErrors = false } = {}) {
  const server = await serve(root);
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  if (consoleErrors) page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${server.url}${urlPath}`);
  return { page, errors };
}
