/** Types of scripts/corpus.js, for the tests that generate a corpus. */
export type CorpusOptions = {readonly journals?: number; readonly seed?: number};
export type Corpus = {readonly files: string[]; readonly bytes: number; readonly planted: Array<string | undefined>};
export declare const plantedJournals: ReadonlyArray<{slug: string; title: string; rootCause: string; solution: string}>;
export declare function generateCorpus(dir: string, options?: CorpusOptions): Corpus;
export declare function ensureCorpus(dir: string, options?: CorpusOptions): Corpus & {generated: boolean};
export declare function seeded(seed: number): () => number;
export declare const systems: readonly string[];
export declare const services: readonly string[];
