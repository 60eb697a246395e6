import fr from "./fr.json";
import { i18n } from "./index.ts";

// Loaded with the signed-in shell: every French text, beyond the first screens' groups.
i18n.addResourceBundle("fr", "translation", fr, true, true);
