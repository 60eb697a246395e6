import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { settingsView, updateSettingsInput } from "./settings.schema.ts";
import { getSettings, updateSettings } from "./settings.ts";

export const settingsRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const tags = ["settings"];

  r.get(
    "/api/settings",
    {
      // The clinic's name and time zone frame even the change-password screen.
      config: { access: "settings.read", temporaryPasswordOk: true },
      schema: { tags, response: { 200: settingsView } },
    },
    (request) => getSettings(ctxOf(services, request)),
  );

  r.put(
    "/api/settings",
    {
      config: { access: "settings.write" },
      schema: { tags, body: updateSettingsInput, response: { 200: settingsView } },
    },
    (request) => updateSettings(ctxOf(services, request), request.body),
  );
};
