import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import postcssPresetMantine from "postcss-preset-mantine";
import postcssSimpleVars from "postcss-simple-vars";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import {
  ADMIN_GROUPS,
  ADMIN_TEXTS_MODULE,
  FIRST_SCREEN_GROUPS,
  FIRST_SCREEN_TEXTS_MODULE,
  FOLLOW_UP_GROUPS,
  FOLLOW_UP_TEXTS_MODULE,
  OFFLINE_GROUPS,
  OFFLINE_TEXTS_MODULE,
  SIGNED_IN_TEXTS_MODULE,
} from "./src/i18n/first-screen.ts";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * Libraries a few pages use (charts, calendar, number input, date-fns for the pregnancy dates of
 * the person page, zod for the segment editor's limits), and the notices' component loaded after
 * the first paint: kept out of the signed-in shell's libraries.
 */
const PAGE_LIBRARIES =
  /node_modules[\\/](recharts|react-number-format|@mantine[\\/]notifications|react-transition-group|@mantine[\\/](charts|dates)|dayjs|date-fns|@date-fns|d3-|victory-vendor|decimal\.js-light|es-toolkit|eventemitter3|@reduxjs|redux|immer|reselect|react-redux|tiny-invariant|internmap|zod|idb)/;

/** The app's own parts shared by pages: components, API calls, the rules shared with the server. */
const APP_SHARED = /web[\\/]src[\\/](components|api)[\\/]|[\\/]shared[\\/]/;

/**
 * The patients' follow-up (procedure 5: pathways, births, surveys, vaccinations, entry interviews) shared by
 * the patient, tasks and survey pages: a chunk of its own, which the call screen does not wait for.
 */
const FOLLOW_UP_SHARED =
  /web[\\/]src[\\/]api[\\/](births|surveys|vaccinations|entryInterviews|pathways|campaigns)\.ts|[\\/]shared[\\/](births|surveys|vaccination|vaccination-settings|vaccine-sms|pregnancy|pathways|entry-interviews|calendar-day|campaigns)\.ts/;

/** Files worth compressing ahead of time; images in PNG/JPEG/WOFF2 are compressed already. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/**
 * Writes a brotli (.br) and a gzip (.gz) copy of every text asset of the build at the
 * highest levels, once: the server sends the copy the browser accepts (Content-Encoding),
 * with no compression work per request. On a 3G line the login page moves a quarter
 * of its bytes.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "relais-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        const file = path.join(entry.parentPath, entry.name);
        if (!entry.isFile() || !COMPRESSIBLE.test(entry.name) || statSync(file).size < 1024) continue;
        const content = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

/** The French texts of the first screens alone, taken from fr.json at build (see src/i18n/first-screen.ts). */
function firstScreenTexts(): Plugin {
  const source = path.join(webRoot, "src", "i18n", "fr.json");
  const firstScreen: readonly string[] = FIRST_SCREEN_GROUPS;
  const admin: readonly string[] = ADMIN_GROUPS;
  const followUp: readonly string[] = FOLLOW_UP_GROUPS;
  const offline: readonly string[] = OFFLINE_GROUPS;
  /** Each module's groups of fr.json. */
  const modules: Record<string, (group: string) => boolean> = {
    [FIRST_SCREEN_TEXTS_MODULE]: (group) => firstScreen.includes(group),
    [SIGNED_IN_TEXTS_MODULE]: (group) =>
      !firstScreen.includes(group) && !admin.includes(group) && !followUp.includes(group) && !offline.includes(group),
    [ADMIN_TEXTS_MODULE]: (group) => admin.includes(group),
    [FOLLOW_UP_TEXTS_MODULE]: (group) => followUp.includes(group),
    [OFFLINE_TEXTS_MODULE]: (group) => offline.includes(group),
  };
  return {
    name: "relais-first-screen-texts",
    resolveId: (id) => (id in modules ? `\0${id}` : undefined),
    load(id) {
      const pick = id.startsWith("\0") ? modules[id.slice(1)] : undefined;
      if (!pick) return undefined;
      this.addWatchFile(source);
      const texts = JSON.parse(readFileSync(source, "utf8")) as Record<string, unknown>;
      return `export default ${JSON.stringify(Object.fromEntries(Object.entries(texts).filter(([group]) => pick(group))))};`;
    },
  };
}

/** The modules the front desk needs offline: the shell, the call screen, its offline form and the queue. */
const OFFLINE_MODULES = [
  "index.html",
  "src/app/AppLayout.tsx",
  "src/routes/call-screen/CallScreenPage.tsx",
  "src/routes/call-screen/OfflineCallScreen.tsx",
  "src/offline/SyncPanel.tsx",
  "src/offline/queue.ts",
  "../virtual:relais-offline-texts",
];

/**
 * The files of OFFLINE_MODULES and their static imports, read from the build's manifest: what the
 * service worker precaches. The rest of the app (a megabyte and more) is cached as it is used, so
 * that a 3G line is not asked for the whole app at the first visit.
 */
function offlineShellFiles(): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(webRoot, "../dist/web/.vite/manifest.json"), "utf8")) as Record<
    string,
    { file: string; css?: string[]; imports?: string[] }
  >;
  const files = new Set<string>(["index.html"]);
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of OFFLINE_MODULES) {
    if (!manifest[key]) throw new Error(`${key} absent du manifeste de la construction`);
    visit(key);
  }
  return files;
}

/**
 * Installable, and the front desk keeps working offline (issue 17): a Workbox service worker
 * precaches the shell and the call screen (OFFLINE_MODULES; not the pre-compressed copies, the
 * browser gets those by content negotiation), caches the other hashed files as they are used,
 * and answers every page address with index.html. No API answer is cached by it: the offline
 * queue and the offline lookup are the app's own (IndexedDB, web/src/offline/). Registered after
 * the page has loaded (main.tsx).
 */
const pwa = VitePWA({
  injectRegister: false,
  registerType: "autoUpdate",
  includeAssets: ["favicon.svg"],
  manifest: {
    name: "Relais — NEST",
    short_name: "Relais",
    description: "Relation prospects et patients de la clinique",
    lang: "fr",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#0c8599",
    background_color: "#ffffff",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  },
  workbox: {
    globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"],
    manifestTransforms: [
      async (entries) => {
        const shell = offlineShellFiles();
        const kept = entries.filter((e) => !e.url.startsWith("assets/") || shell.has(e.url));
        return { manifest: kept, warnings: [] };
      },
    ],
    navigateFallback: "/index.html",
    // The server's own pages (survey, unsubscribe, click tracking) are never answered with the app.
    navigateFallbackDenylist: [/^\/api\//, /^\/(s|u|c)\//],
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        // Hashed files never change: once used, served from the cache (the pages visited open offline too).
        urlPattern: ({ url }) => url.pathname.startsWith("/assets/"),
        handler: "CacheFirst",
        options: { cacheName: "relais-assets", expiration: { maxEntries: 300, maxAgeSeconds: 90 * 24 * 3600 } },
      },
    ],
  },
});

/** The web app: `npm run dev:web` (proxying /api to the server on :3000) and `npm run build:web` → dist/web. */
export default defineConfig({
  root: webRoot,
  plugins: [react(), firstScreenTexts(), pwa, precompress()],
  resolve: {
    alias: {
      // The notices' store alone, without the package's index: the component that shows the
      // notices (and its transitions) is loaded after the first paint (App.tsx).
      "relais:notifications-store": fileURLToPath(
        new URL("../node_modules/@mantine/notifications/esm/notifications.store.mjs", import.meta.url),
      ),
    },
  },
  css: {
    postcss: {
      plugins: [
        postcssPresetMantine(),
        postcssSimpleVars({
          variables: {
            "mantine-breakpoint-xs": "36em",
            "mantine-breakpoint-sm": "48em",
            "mantine-breakpoint-md": "62em",
            "mantine-breakpoint-lg": "75em",
            "mantine-breakpoint-xl": "88em",
          },
        }),
      ],
    },
  },
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    // Read by `npm run size` to follow a screen's chunks.
    manifest: true,
    // The server's CSP forbids inline scripts: keep every asset a file.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Few files, for a 3G line where each request costs a round trip and a kilobyte of headers:
        // the libraries of the first screens in two chunks (react changes less often), those of the
        // signed-in pages in one, the app's shared parts in one; each page its own. The charts and
        // the calendar stay apart: only a few pages use them.
        codeSplitting: {
          groups: [
            {
              name: "react",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie)[\\/]/,
              priority: 4,
            },
            { name: "first-load", test: APP_SHARED, tags: ["$initial"], priority: 3 },
            { name: "first-load", test: /node_modules[\\/]/, tags: ["$initial"], priority: 3 },
            {
              name: "app-libs",
              test: (id) => /node_modules[\\/]/.test(id) && !PAGE_LIBRARIES.test(id),
              priority: 2,
            },
            { name: "follow-up-shared", test: FOLLOW_UP_SHARED, minShareCount: 2, priority: 2 },
            { name: "app-shared", test: APP_SHARED, minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": "http://localhost:3000" },
  },
});
