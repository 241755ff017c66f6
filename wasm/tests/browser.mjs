// Launches Debian's Chromium through playwright-core (never downloads a browser).
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
