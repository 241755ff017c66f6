// Types of the zhproof editor layer (editor.js).
import type { CheckerOptions, Finding, Category } from "../web/zhproof_wasm.js";

export declare const CATEGORIES: Record<Category, { label: string; color: string }>;

export interface ProofClientOptions {
  /** Options of the checker built in the worker. */
  options?: CheckerOptions;
  /** URL of worker.js (default: next to editor.js). */
  workerUrl?: string | URL;
  /** URL of the wasm-bindgen ES module (default: ../web/zhproof_wasm.js from the worker). */
  moduleUrl?: string | URL;
  /** URL of the .wasm file (default: next to the module). */
  wasmUrl?: string | URL;
  /** URL of a language model for rule typo.context, fetched once by the worker (the package
   * ships `model/zh_lm.bin`). Without it there are no context findings. */
  modelUrl?: string | URL;
  /** Paragraphs kept in the result cache (default 5000). */
  cacheSize?: number;
}

export interface ProofStats {
  requests: number;
  paragraphsChecked: number;
  cacheHits: number;
  lastCheckMs: number;
}

export declare class ProofClient {
  constructor(opts?: ProofClientOptions);
  /** Resolves once the worker has loaded the module and built the checker. */
  readonly ready: Promise<{
    version: string;
    loadMs: number;
    /** Time to fetch the language model (0 without `modelUrl`). */
    modelMs: number;
    buildMs: number;
    warmMs: number;
  }>;
  readonly stats: ProofStats;
  /** Findings per paragraph (offsets relative to each paragraph); only uncached ones are checked. */
  check(texts: string[]): Promise<Finding[][]>;
  cached(text: string): Finding[] | undefined;
  terminate(): void;
}

export interface ProofUpdate {
  findings: Finding[];
  paragraphs: number;
  ms: number;
  stats: ProofStats;
}

export interface AttachOptions {
  client: ProofClient;
  /** Milliseconds of quiet before re-checking (default 200). */
  debounce?: number;
  /** Per-category colours, merged over CATEGORIES. */
  colors?: Partial<Record<Category, { label: string; color: string }>>;
  /** Called after each render. */
  onUpdate?: (update: ProofUpdate) => void;
  /**
   * Replaces `range` with `suggestion` through an editor's own API (its model and undo
   * stack) instead of `execCommand("insertText")`; return false when it could not.
   */
  applyEdit?: (range: Range, suggestion: string, finding: Finding) => boolean | void;
}

export interface ProofHandle {
  /** Current findings with their DOM ranges. */
  findings(): Array<Finding & { range: Range }>;
  /** Re-checks now. */
  refresh(): Promise<void>;
  /** Stops checking and removes the underlines. */
  detach(): void;
}

/** Starts proof-reading a <textarea> or a contenteditable element. */
export declare function attach(el: HTMLElement, opts: AttachOptions): ProofHandle;

/** Paragraphs of a contenteditable element, as checked. */
export declare function paragraphs(root: Node): Array<{ text: string; parts: Array<{ node: Text; start: number }> }>;

/** Forgets every "总是忽略" word. */
export declare function clearIgnored(doc?: Document): void;
