import { i18n } from "./index.ts";

let loading: Promise<void> | undefined;

/** The patients' follow-up French texts (FOLLOW_UP_GROUPS), loaded once, before the first page showing them. */
export function loadFollowUpTexts(): Promise<void> {
  loading ??= import("virtual:relais-follow-up-texts").then((module) => {
    i18n.addResourceBundle("fr", "translation", module.default, true, true);
  });
  return loading;
}
