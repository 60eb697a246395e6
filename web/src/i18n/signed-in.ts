import texts from "virtual:relais-signed-in-texts";
import { i18n } from "./index.ts";

// Loaded with the signed-in shell: the French texts beyond the first screens' groups, but the
// administration pages' (admin-texts.ts, loaded with those pages).
i18n.addResourceBundle("fr", "translation", texts, true, true);
