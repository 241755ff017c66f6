// Loads the Node build of the package (wasm/pkg/node, made by wasm/build.sh).
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const PKG = path.resolve(here, "../pkg");
export const REPO = path.resolve(here, "../..");
const entry = path.join(PKG, "node", "zhproof_wasm.js");
if (!fs.existsSync(entry)) throw new Error(`${entry} missing: run bash wasm/build.sh first`);
export const zhproof = createRequire(import.meta.url)(entry);
