import fastJson from "fast-json-stringify";
import { z } from "zod";

type JsonSchema = { [key: string]: unknown };

/**
 * `anyOf: [{ type: T }, { type: "null" }]` (zod's nullable) as `type: [T, "null"]`:
 * fast-json-stringify picks an anyOf branch by validating the value, a
 * type list it reads directly.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = simplify(value);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nonNull = anyOf.find((branch) => branch.type !== "null");
    const hasNull = anyOf.some((branch) => branch.type === "null" && Object.keys(branch).length === 1);
    if (
      hasNull &&
      nonNull &&
      typeof nonNull.type === "string" &&
      nonNull.type !== "object" &&
      nonNull.type !== "array"
    ) {
      const { anyOf: _anyOf, ...rest } = out;
      return { ...rest, ...nonNull, type: [nonNull.type, "null"] };
    }
  }
  return out;
}

/**
 * A route's response serializer compiled from its zod schema by
 * fast-json-stringify, for the hottest routes (the lookup, at every key stroke):
 * the zod serializer validates the whole answer before JSON.stringify, a tenth
 * of a lookup's cost. The answer is still cut to the schema (a field the schema
 * does not name is not written), but not validated: only for answers our own
 * code builds from typed rows, covered by tests through HTTP.
 */
export const fastSerializerCompiler = ({ schema }: { schema: unknown }): ((data: unknown) => string) => {
  const jsonSchema = simplify(
    z.toJSONSchema(schema as z.ZodType, { io: "output", target: "draft-7", unrepresentable: "any" }),
  );
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
};
