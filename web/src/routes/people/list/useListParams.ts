import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { PersonListFilters, PersonListQuery, PersonSort } from "../../../api/endpoints.ts";
import type { PersonKind } from "../../../api/types.ts";

export const PAGE_SIZES = [25, 50, 100] as const;
const SORTS: Record<PersonKind, readonly PersonSort[]> = {
  prospect: ["createdAt", "lastName", "firstContactDate", "lastInteractionAt", "temperature", "birthDate"],
  patient: ["createdAt", "lastName", "lastInteractionAt", "birthDate"],
};
export const FILTER_KEYS: Record<PersonKind, readonly (keyof PersonListFilters)[]> = {
  prospect: ["q", "temperature", "status", "origin", "createdFrom", "createdTo", "converted", "possibleDuplicate"],
  patient: ["q", "createdFrom", "createdTo", "possibleDuplicate"],
};

/**
 * The list's view (page, sort, filters) lives in the address, so that the back
 * button, a reload or a shared link give the same list.
 */
export function useListParams(kind: PersonKind) {
  const [params, setParams] = useSearchParams();

  const query: PersonListQuery = useMemo(() => {
    const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
    const size = Number(params.get("pageSize"));
    const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : 50;
    const sortParam = params.get("sort") as PersonSort | null;
    const sort = sortParam && SORTS[kind].includes(sortParam) ? sortParam : "createdAt";
    const order = params.get("order") === "asc" ? "asc" : "desc";
    const q: PersonListQuery = { page, pageSize, sort, order };
    for (const key of FILTER_KEYS[kind]) {
      const value = params.get(key);
      if (value) q[key] = value;
    }
    return q;
  }, [params, kind]);

  /** Changes some parameters; any change but the page itself goes back to page 1. */
  const update = useCallback(
    (changes: Partial<Record<keyof PersonListQuery, string | number | null>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === "" || value === undefined) next.delete(key);
            else next.set(key, String(value));
          }
          if (!("page" in changes)) next.delete("page");
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const clearFilters = useCallback(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const key of FILTER_KEYS[kind]) next.delete(key);
        next.delete("page");
        return next;
      },
      { replace: true },
    );
  }, [setParams, kind]);

  const filtered = FILTER_KEYS[kind].some((key) => query[key]);
  return { query, update, clearFilters, filtered };
}
