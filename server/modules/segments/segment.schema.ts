import { z } from "zod";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { SEGMENT_LIMITS, segmentFilterSchema, segmentFilterShapeSchema } from "../../../shared/segments.ts";

const name = z.string().trim().min(1).max(SEGMENT_LIMITS.nameMax);

export const segmentParams = z.strictObject({ id: z.uuid() });
/** The filter's shape; its ranges are checked by the use cases (422 naming the field). */
const filter = segmentFilterShapeSchema;

export const createSegmentInput = z.strictObject({ name, filter });
export const updateSegmentInput = z.strictObject({
  version: z.number().int().positive(),
  name: name.optional(),
  filter: filter.optional(),
});
export const deleteSegmentQuery = z.strictObject({ version: z.coerce.number().int().positive() });
export const countSegmentInput = z.strictObject({ filter });
export const PREVIEW_MAX = 50;
export const previewSegmentInput = z.strictObject({
  filter,
  limit: z.number().int().min(1).max(PREVIEW_MAX).default(20),
});

export const segmentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  filter: segmentFilterSchema,
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export const segmentListSchema = z.object({ items: z.array(segmentSchema) });
export const segmentCountSchema = z.object({ count: z.number().int(), ms: z.number() });
export const segmentPreviewSchema = z.object({
  count: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(["prospect", "patient"]),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string().nullable(),
      mobile: z.string().nullable(),
      birthDate: isoDate.nullable(),
    }),
  ),
});

export type CreateSegmentInput = z.infer<typeof createSegmentInput>;
export type UpdateSegmentInput = z.infer<typeof updateSegmentInput>;
export type SegmentView = z.infer<typeof segmentSchema>;
export type SegmentPreview = z.infer<typeof segmentPreviewSchema>;
