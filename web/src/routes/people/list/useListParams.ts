import { useCallback, useMemo } from "react";
import type { PersonListFilters, PersonListQuery, PersonSort } from "../../../api/endpoints.ts";
import type { PersonKind } from "../../../api/types.ts";
import { useUrlParams } from "../../../components/urlParams.ts";

export const PAGE_SIZES = [25, 50, 100] as const;
const SORTS: Record<PersonKind, readonly PersonSort[]> = {
  prospect: ["createdAt", "lastName", "firstContactDate", "lastInteractionAt", "temperature", "birthDate"],
  patient: ["createdAt", "lastName", "lastInteractionAt", "birthDate"],
};
export const FILTER_KEYS: Record<PersonKind, readonly (keyof PersonListFilters)[]> = {
  prospect: [
    "q",
    "temperature",
    "status",
    "origin",
    "createdFrom",
    "createdTo",
    "converted",
    "possibleDuplicate",
    "incomplete",
  ],
  patient: ["q", "pathway", "createdFrom", "createdTo", "possibleDuplicate", "incomplete"],
};

/**
 * The list's view (page or cursor, sort, filters) lives in the address, so that the back
 * button, a reload or a shared link give the same list.
 */
export function useListParams(kind: PersonKind) {
  const [params, updateParams] = useUrlParams();

  const query: PersonListQuery = useMemo(() => {
    const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
    const size = Number(params.get("pageSize"));
    const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : 50;
    const sortParam = params.get("sort") as PersonSort | null;
    const sort = sortParam && SORTS[kind].includes(sortParam) ? sortParam : "createdAt";
    const order = params.get("order") === "asc" ? "asc" : "desc";
    const q: PersonListQuery = { page, pageSize, sort, order };
    const cursor = params.get("cursor");
    if (cursor) q.cursor = cursor;
    for (const key of FILTER_KEYS[kind]) {
      const value = params.get(key);
      if (value) q[key] = value;
    }
    return q;
  }, [params, kind]);

  /** Changes some parameters; any change but the page itself goes back to page 1. */
  const update = useCallback(
    (changes: Partial<Record<keyof PersonListQuery, string | number | null>>) => updateParams(changes),
    [updateParams],
  );

  const clearFilters = useCallback(
    () => updateParams(Object.fromEntries(FILTER_KEYS[kind].map((key) => [key, null]))),
    [updateParams, kind],
  );

  const filtered = FILTER_KEYS[kind].some((key) => query[key]);
  return { query, update, clearFilters, filtered };
}
