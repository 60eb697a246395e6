import firstScreenTexts from "virtual:relais-first-screen-texts";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "relais.language";

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "en" ? "en" : "fr";
  } catch {
    return "fr";
  }
}

export const i18n = i18next.createInstance();

// The first load holds the French texts of the screens before signing in (first-screen.ts); the
// rest comes with the signed-in shell. English, asked by few, comes in its own file when chosen.
void i18n.use(initReactI18next).init({
  resources: { fr: { translation: firstScreenTexts } },
  lng: "fr",
  fallbackLng: "fr",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

document.documentElement.lang = "fr";

/** Loads a language's texts if they are not loaded yet, then shows the interface in it. */
async function showIn(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, "translation")) {
    const texts = await import("./en.json");
    i18n.addResourceBundle(language, "translation", texts.default);
  }
  document.documentElement.lang = language;
  await i18n.changeLanguage(language);
}

if (storedLanguage() !== "fr") void showIn(storedLanguage());

/** Switches the interface language and remembers it on this browser. */
export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
  void showIn(language);
}

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "fr";
}
