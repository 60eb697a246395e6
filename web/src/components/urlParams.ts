import { useCallback } from "react";
import { useSearchParams } from "react-router";

/**
 * A page's state kept in its address: the parameters, and a way to change some
 * of them. An empty value (null, "", undefined) removes the parameter; any change
 * but the page itself (`page`, or a list's `cursor`) goes back to the first page
 * (unless `keepPage`). The history entry is replaced, not added.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | number | null | undefined>, options: { keepPage?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === "") next.delete(key);
            else next.set(key, String(value));
          }
          if (!("page" in changes) && !("cursor" in changes) && !options.keepPage) {
            next.delete("page");
            next.delete("cursor");
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [params, update] as const;
}
