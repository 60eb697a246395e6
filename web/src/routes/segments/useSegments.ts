import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { countSegment, listSegments, previewSegment, type SegmentFilter, segmentKeys } from "./api.ts";

/** How long the editor waits after the last change before counting again. */
export const COUNT_DEBOUNCE_MS = 400;

/** The saved segments, by name (the campaign composer's picker reads the same query). */
export function useSegments() {
  return useQuery({ queryKey: segmentKeys.list(), queryFn: ({ signal }) => listSegments(signal) });
}

/** The live count of a filter while it is edited: debounced; the last figure stays shown while counting. */
export function useSegmentCount(filter: SegmentFilter, enabled = true) {
  const [debounced] = useDebouncedValue(filter, COUNT_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: segmentKeys.count(debounced),
    queryFn: ({ signal }) => countSegment(debounced, signal),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
  const pending = debounced !== filter || query.isFetching;
  return { ...query, pending };
}

/** The first people of a filter (debounced like the count). */
export function useSegmentPreview(filter: SegmentFilter, limit = 20) {
  const [debounced] = useDebouncedValue(filter, COUNT_DEBOUNCE_MS);
  return useQuery({
    queryKey: segmentKeys.preview(debounced, limit),
    queryFn: ({ signal }) => previewSegment(debounced, limit, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
