import type { AttachOptions, ProofClient } from "./editor.js";
import type { Finding } from "../web/zhproof_wasm.js";

/** Proof-reading of one CKEditor 5 editor (underlines are model markers `zhproof:<category>:<n>`). */
export interface CKEditorProofHandle {
  /** Current findings with their marker names and model ranges. */
  findings(): Array<Finding & { marker: string; range: unknown }>;
  /** Replaces the marker's text with `suggestion` in one undoable model change; false when it could not. */
  apply(marker: string, suggestion: string): boolean;
  /** Re-checks now (only text not in the client's cache goes to the worker). */
  refresh(): Promise<void>;
  /** Stops checking and removes the markers. */
  detach(): void;
  readonly client: ProofClient;
}

/**
 * Starts proof-reading a CKEditor 5 editor: a created one, or from a plugin
 * (`extraPlugins: [function Zhproof(editor) { attachCKEditor(editor, { client }); }]`;
 * not an arrow function: CKEditor constructs plugins with `new`).
 */
export declare function attachCKEditor(
  editor: unknown,
  opts: Omit<AttachOptions, "applyEdit">,
): { detach(): void; handle(): CKEditorProofHandle | null };
