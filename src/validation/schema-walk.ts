// Walking a zod schema by its definition: the schema at a path, the fields
// an object allows, and the well-formed parts of a value the schema refuses
// (so that checks beyond the schema can run on them). Type-only zod import:
// the schema objects are passed in.
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & {
  innerType?: Schema;
  getter?: () => Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: readonly Schema[];
};

const defOf = (schema: Schema): Def => schema._zod.def as Def;

/** The value a schema stands for once `optional`, `nullable`, `default`, `lazy` and the like are looked through. */
function unwrap(schema: Schema): Schema {
  for (;;) {
    const def = defOf(schema);
    if (def.innerType) schema = def.innerType;
    else if (def.type === 'lazy' && def.getter) schema = def.getter();
    else if (def.type === 'pipe' && def.in) schema = def.in;
    else return schema;
  }
}

/** Whether the schema lets `null` through (a field the source may leave out, written `null`). */
export function acceptsNull(schema: Schema | undefined): boolean {
  for (;;) {
    if (!schema) return false;
    const def = defOf(schema);
    if (def.type === 'nullable') return true;
    if (def.innerType) schema = def.innerType;
    else if (def.type === 'lazy' && def.getter) schema = def.getter();
    else return false;
  }
}

/** The fields an object schema allows, in schema order; undefined for anything else. */
export function fieldsOf(schema: Schema | undefined): string[] | undefined {
  if (!schema) return undefined;
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** The branches of a union schema (empty for anything else). */
export function branchesOf(schema: Schema | undefined): readonly Schema[] {
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  return def.type === 'union' && def.options ? def.options : [];
}

/** The schema of the value at `path` under `schema` (through a union, the first branch with the field); undefined where there is none. */
export function schemaAt(schema: Schema | undefined, path: ReadonlyArray<PropertyKey>): Schema | undefined {
  let at = schema;
  for (const key of path) {
    if (!at) return undefined;
    const def = defOf(unwrap(at));
    if (def.type === 'object') at = def.shape?.[String(key)];
    else if (def.type === 'array') at = def.element;
    else if (def.type === 'record') at = def.valueType;
    else if (def.type === 'union') at = branchesOf(at).map((b) => defOf(unwrap(b)).shape?.[String(key)]).find(Boolean);
    else return undefined;
  }
  return at;
}

/** A value of type T in which any part, at any depth, may be missing: what is left of a document once its malformed parts are dropped. */
export type Draft<T> = T extends readonly (infer U)[]
  ? ReadonlyArray<Draft<U> | undefined>
  : T extends object
    ? { [K in keyof T]?: Draft<T[K]> }
    : T;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The parts of `value` that `schema` accepts, at every depth: a field or list
 * item that is malformed is left out (a list keeps its length, so that each
 * item keeps its index), unknown fields are dropped, and a union takes the
 * branch whose fields the value uses most. Undefined when nothing is
 * well-formed.
 */
export function salvage<S extends Schema>(schema: S, value: unknown): Draft<z.output<S>> | undefined {
  return salvageAny(schema, value) as Draft<z.output<S>> | undefined;
}

function salvageAny(schema: Schema, value: unknown): unknown {
  const whole = (schema as unknown as z.ZodType).safeParse(value);
  if (whole.success) return whole.data;
  if (value === undefined || value === null) return undefined;
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'object' && def.shape) {
    if (!isRecord(value)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(def.shape)) {
      if (!Object.hasOwn(value, key)) continue;
      const part = salvageAny(field, value[key]);
      if (part !== undefined) out[key] = part;
    }
    return out;
  }
  if (def.type === 'array' && def.element) {
    const element = def.element;
    return Array.isArray(value) ? value.map((item) => salvageAny(element, item)) : undefined;
  }
  if (def.type === 'union') {
    const branch = closestBranch(inner, value);
    return branch ? salvageAny(branch, value) : undefined;
  }
  return undefined;
}

/**
 * The object branch of a union that has the most of the value's fields (the
 * first of equals); none when it has none of them, or the value is no object.
 */
export function closestBranch(union: Schema | undefined, value: unknown): Schema | undefined {
  if (!isRecord(value)) return undefined;
  let best: Schema | undefined;
  let bestShared = 0;
  for (const option of branchesOf(union)) {
    const fields = fieldsOf(option);
    const shared = fields ? fields.filter((f) => Object.hasOwn(value, f)).length : 0;
    if (shared > bestShared) {
      best = option;
      bestShared = shared;
    }
  }
  return best;
}
