// Types for the bench data generator, which tests use too.
export const DEFAULT_SEED: number;
export const GENERATOR_VERSION: number;
export function generateCases(count: number, seed?: number): Generator<{ id: string; policy: string; facts: Record<string, unknown> } & Record<string, unknown>>;
export function writeNdjson(file: string, count: number, seed?: number): Promise<void>;
