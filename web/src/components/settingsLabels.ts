import { useCallback, useMemo } from "react";
import { useSettingsQuery } from "./datetime.ts";

type Entry = { code: string; label: string };

const labeller = (list: readonly Entry[] | undefined) => {
  const map = new Map((list ?? []).map((entry) => [entry.code, entry.label]));
  return (code: string | null | undefined): string => (code ? (map.get(code) ?? code) : "");
};

/** Labels of the codes of the clinic's configurable lists (a code no longer in the list shows as itself). */
export function useListLabels() {
  const { data } = useSettingsQuery();
  const settings = data?.settings;
  const origin = useMemo(() => labeller(settings?.origins), [settings?.origins]);
  const motive = useMemo(() => labeller(settings?.interactionMotives), [settings?.interactionMotives]);
  const requestType = useMemo(() => labeller(settings?.requestTypes), [settings?.requestTypes]);
  return { origin, motive, requestType };
}

/** Options for a select of one of the lists: { value: code, label }. */
export function useListOptions() {
  const { data } = useSettingsQuery();
  const settings = data?.settings;
  const toOptions = useCallback(
    (list: readonly Entry[] | undefined) => (list ?? []).map((e) => ({ value: e.code, label: e.label })),
    [],
  );
  return {
    origins: useMemo(() => toOptions(settings?.origins), [toOptions, settings?.origins]),
    motives: useMemo(() => toOptions(settings?.interactionMotives), [toOptions, settings?.interactionMotives]),
    requestTypes: useMemo(() => toOptions(settings?.requestTypes), [toOptions, settings?.requestTypes]),
  };
}
