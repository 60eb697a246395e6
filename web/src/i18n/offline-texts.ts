import { i18n } from "./index.ts";

let loading: Promise<void> | undefined;

/** The offline call screen's French texts (OFFLINE_GROUPS), loaded once, with the screen or the panel. */
export function loadOfflineTexts(): Promise<void> {
  loading ??= import("virtual:relais-offline-texts").then((module) => {
    i18n.addResourceBundle("fr", "translation", module.default, true, true);
  });
  return loading;
}
