import type { AttachOptions, ProofHandle } from "./editor.js";

/** Starts proof-reading a TinyMCE (6+) editor; call it in `setup` or on an initialised editor. */
export declare function attachTinyMCE(
  editor: unknown,
  opts: Omit<AttachOptions, "applyEdit">,
): { detach(): void; handle(): ProofHandle | null };
