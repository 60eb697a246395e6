import { useCallback, useState } from "react";
import type { PersonKind } from "../../../api/types.ts";
import { type Column, type ColumnKey, DEFAULT_COLUMNS } from "./columns.tsx";

const storageKey = (kind: PersonKind) => `relais.columns.${kind}s`;

function stored(kind: PersonKind, known: readonly ColumnKey[]): ColumnKey[] {
  try {
    const raw = localStorage.getItem(storageKey(kind));
    if (raw) {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) {
        const keys = parsed.filter((k): k is ColumnKey => known.includes(k as ColumnKey));
        if (keys.length) return keys;
      }
    }
  } catch {
    // Private browsing or a damaged value: the defaults.
  }
  return DEFAULT_COLUMNS[kind];
}

/** The columns shown, in the table's order, remembered in localStorage per list. */
export function useColumns(kind: PersonKind, columns: readonly Column[]) {
  const known = columns.map((c) => c.key);
  const [visible, setVisible] = useState<ColumnKey[]>(() => stored(kind, known));

  const toggle = useCallback(
    (key: ColumnKey, shown: boolean) => {
      setVisible((prev) => {
        const next = shown ? [...prev.filter((k) => k !== key), key] : prev.filter((k) => k !== key);
        try {
          localStorage.setItem(storageKey(kind), JSON.stringify(next));
        } catch {
          // Not remembered; still applied.
        }
        return next;
      });
    },
    [kind],
  );

  const reset = useCallback(() => {
    try {
      localStorage.removeItem(storageKey(kind));
    } catch {
      // Nothing to forget.
    }
    setVisible(DEFAULT_COLUMNS[kind]);
  }, [kind]);

  // Fixed columns are always there; the order is the table's, not the order of the clicks.
  const shown = columns.filter((c) => c.fixed || visible.includes(c.key));
  return { shown, visible: new Set(shown.map((c) => c.key)), toggle, reset };
}
