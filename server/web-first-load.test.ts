import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADMIN_GROUPS, FIRST_SCREEN_GROUPS, FOLLOW_UP_GROUPS, OFFLINE_GROUPS } from "../web/src/i18n/first-screen.ts";
import { projectRoot } from "./paths.ts";

/**
 * The web app's first load is cut in two (issue « 3G »): the styles and French texts of the
 * screens before signing in, then the rest with the signed-in shell. These checks keep the cut
 * honest as the app grows: no component without its styles, no first screen without its texts.
 */

const webSrc = path.join(projectRoot, "web", "src");
const mantineStyles = path.join(projectRoot, "node_modules", "@mantine", "core", "styles");

/** The web app's files that the login page and error pages load before signing in. */
const FIRST_SCREEN_FILES = [
  "main.tsx",
  "app/App.tsx",
  "app/router.tsx",
  "app/RequireAuth.tsx",
  "app/session.tsx",
  "components/feedback.tsx",
  "components/RequirePermission.tsx",
  "routes/auth/LoginPage.tsx",
  "routes/errors/NotFoundPage.tsx",
  "routes/errors/RouteError.tsx",
  "api/client.ts",
];

const read = (file: string) => readFileSync(path.join(webSrc, file), "utf8");

function webFiles(): string[] {
  return readdirSync(webSrc, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(webSrc, path.join(entry.parentPath, entry.name)));
}

/** The components a file imports from @mantine/core that have a stylesheet of their own. */
function styledComponents(source: string): string[] {
  return [...source.matchAll(/import\s*{([^}]*)}\s*from\s*"@mantine\/core"/g)]
    .flatMap((match) => (match[1] ?? "").split(","))
    .map((name) => name.trim())
    .filter((name) => name.length > 0 && !name.startsWith("type "))
    .filter((name) => existsSync(path.join(mantineStyles, `${name}.css`)));
}

/** The Mantine stylesheets a CSS file of ours imports. */
function importedStyles(cssFile: string): Set<string> {
  return new Set(
    [...read(cssFile).matchAll(/@import "@mantine\/core\/styles\/([A-Za-z-]+)\.css";/g)].map((m) => m[1] ?? ""),
  );
}

describe("the web app's first load", () => {
  const firstLoad = importedStyles("styles/first-load.css");
  const signedIn = importedStyles("styles/signed-in.css");

  it("has the styles of every Mantine component the app uses", () => {
    const missing = webFiles().flatMap((file) =>
      styledComponents(read(file))
        .filter((name) => !firstLoad.has(name) && !signedIn.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("has the styles of the first screens' components before signing in", () => {
    const missing = FIRST_SCREEN_FILES.flatMap((file) =>
      styledComponents(read(file))
        .filter((name) => !firstLoad.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
    // Global styles first, as in @mantine/core/styles.css.
    expect([...firstLoad].slice(0, 3)).toEqual(["baseline", "default-css-variables", "global"]);
  });

  it("has the French texts the first screens show before signing in", () => {
    const fr = JSON.parse(read("i18n/fr.json")) as Record<string, unknown>;
    const groups: readonly string[] = FIRST_SCREEN_GROUPS;
    const outside = FIRST_SCREEN_FILES.flatMap((file) =>
      [...read(file).matchAll(/\bt\(\s*["`]([A-Za-z]+)\./g)]
        .map((match) => match[1] ?? "")
        .filter((group) => !groups.includes(group))
        .map((group) => `${file}: ${group}`),
    );
    expect(outside).toEqual([]);
    expect(FIRST_SCREEN_GROUPS.filter((group) => fr[group] === undefined)).toEqual([]);
  });

  it("keeps the follow-up texts to the pages that load them, out of the call screen's first load", () => {
    const fr = JSON.parse(read("i18n/fr.json")) as Record<string, unknown>;
    const groups: readonly string[] = FOLLOW_UP_GROUPS;
    const followUpFile = (file: string) =>
      /^routes\/(births|surveys|vaccinations|entry-interviews|tasks|pathways|consents|campaigns|segments|mothers-group|data-rights)\//.test(
        file,
      ) ||
      /^routes\/(reports\/(CompliancePage|SurveyResultsPage)|admin\/settings\/VaccinationSettings)\.tsx$/.test(file);
    const outside = webFiles()
      .filter((file) => /\.tsx?$/.test(file) && !followUpFile(file))
      .flatMap((file) =>
        [...read(file).matchAll(/\bt\(\s*["`]([A-Za-z]+)\./g)]
          .map((match) => match[1] ?? "")
          .filter((group) => groups.includes(group))
          .map((group) => `${file}: ${group}`),
      );
    expect(outside).toEqual([]);
    expect(FOLLOW_UP_GROUPS.filter((group) => fr[group] === undefined)).toEqual([]);
    // The pages those files show on wait for the texts (router.tsx); the settings load them with the admin texts.
    for (const page of [
      "ProspectPage",
      "PatientPage",
      "TasksPage",
      "CompliancePage",
      "SurveyResultsPage",
      "DeskSurveyPage",
      "SurveyAdminPage",
      "CampaignsPage",
      "CampaignPage",
      "SegmentsPage",
      "MothersGroupPage",
      "ProcessingRegisterPage",
    ]) {
      expect(read("app/router.tsx")).toMatch(new RegExp(`const ${page} = followUpPage\\(`));
    }
    expect(read("app/router.tsx")).toMatch(
      /loadFollowUpTexts\(\)\.then\(\(\) => import\("\.\.\/routes\/admin\/settings\/SettingsPage/,
    );
  });

  it("keeps the offline texts to the offline call screen and the synchronisation panel, which load them", () => {
    const fr = JSON.parse(read("i18n/fr.json")) as Record<string, unknown>;
    const groups: readonly string[] = OFFLINE_GROUPS;
    const offlineFile = (file: string) =>
      /^(offline\/SyncPanel|routes\/call-screen\/OfflineCallScreen)\.tsx$/.test(file);
    const outside = webFiles()
      .filter((file) => /\.tsx?$/.test(file) && !offlineFile(file))
      .flatMap((file) =>
        [...read(file).matchAll(/\bt\(\s*["`]([A-Za-z]+)\./g)]
          .map((match) => match[1] ?? "")
          .filter((group) => groups.includes(group))
          .map((group) => `${file}: ${group}`),
      );
    expect(outside).toEqual([]);
    expect(OFFLINE_GROUPS.filter((group) => fr[group] === undefined)).toEqual([]);
    // Both wait for the texts before they show.
    expect(read("routes/call-screen/CallScreenPage.tsx")).toMatch(
      /import\("\.\/OfflineCallScreen\.tsx"\), loadOfflineTexts\(\)/,
    );
    expect(read("offline/PendingBadge.tsx")).toMatch(/import\("\.\/SyncPanel\.tsx"\), loadOfflineTexts\(\)/);
  });

  it("keeps the administration texts to the administration pages, which load them", () => {
    const fr = JSON.parse(read("i18n/fr.json")) as Record<string, unknown>;
    const groups: readonly string[] = ADMIN_GROUPS;
    const adminFile = (file: string) => /^routes\/(admin\/(users|api-keys|settings|audit)|import)\//.test(file);
    const outside = webFiles()
      .filter((file) => /\.tsx?$/.test(file) && !adminFile(file))
      .flatMap((file) =>
        [...read(file).matchAll(/\bt\(\s*["`]([A-Za-z]+)\./g)]
          .map((match) => match[1] ?? "")
          .filter((group) => groups.includes(group))
          .map((group) => `${file}: ${group}`),
      );
    expect(outside).toEqual([]);
    expect(ADMIN_GROUPS.filter((group) => fr[group] === undefined)).toEqual([]);
    // Those pages wait for the texts before they show (router.tsx).
    for (const page of ["UsersPage", "ApiKeysPage", "SettingsPage", "AuditPage", "ImportPage"]) {
      expect(read("app/router.tsx")).toMatch(new RegExp(`const ${page} = adminPage\\(`));
    }
  });
});
