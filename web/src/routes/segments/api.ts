import type { SegmentFilter } from "../../../../shared/segments.ts";
import { api } from "../../api/client.ts";

/** Saved segments (issue 16): named filters over people, counted live; the campaign composer picks one. */
export type { SegmentFilter };

export interface Segment {
  id: string;
  name: string;
  filter: SegmentFilter;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentCount {
  count: number;
  /** How long the count took on the server, in milliseconds. */
  ms: number;
}

export interface SegmentPreviewItem {
  id: string;
  kind: "prospect" | "patient";
  firstName: string;
  lastName: string;
  email: string | null;
  mobile: string | null;
  birthDate: string | null;
}

export interface SegmentPreview {
  count: number;
  items: SegmentPreviewItem[];
}

export const segmentKeys = {
  all: ["segments"] as const,
  list: () => ["segments", "list"] as const,
  one: (id: string) => ["segments", "one", id] as const,
  count: (filter: SegmentFilter) => ["segments", "count", filter] as const,
  preview: (filter: SegmentFilter, limit: number) => ["segments", "preview", filter, limit] as const,
};

const segmentUrl = (id: string) => `/api/segments/${encodeURIComponent(id)}`;

export const listSegments = (signal?: AbortSignal) => api<{ items: Segment[] }>("GET", "/api/segments", { signal });
export const getSegment = (id: string, signal?: AbortSignal) => api<Segment>("GET", segmentUrl(id), { signal });
export const createSegment = (body: { name: string; filter: SegmentFilter }) =>
  api<Segment>("POST", "/api/segments", { body });
export const updateSegment = (id: string, body: { version: number; name?: string; filter?: SegmentFilter }) =>
  api<Segment>("PATCH", segmentUrl(id), { body });
export const deleteSegment = (id: string, version: number) =>
  api<void>("DELETE", segmentUrl(id), { query: { version } });
export const countSegment = (filter: SegmentFilter, signal?: AbortSignal) =>
  api<SegmentCount>("POST", "/api/segments/count", { body: { filter }, signal });
export const previewSegment = (filter: SegmentFilter, limit = 20, signal?: AbortSignal) =>
  api<SegmentPreview>("POST", "/api/segments/preview", { body: { filter, limit }, signal });
