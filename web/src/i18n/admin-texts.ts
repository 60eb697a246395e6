import { i18n } from "./index.ts";

let loading: Promise<void> | undefined;

/** The administration pages' French texts (ADMIN_GROUPS), loaded once, before the first of those pages shows. */
export function loadAdminTexts(): Promise<void> {
  loading ??= import("virtual:relais-admin-texts").then((module) => {
    i18n.addResourceBundle("fr", "translation", module.default, true, true);
  });
  return loading;
}
