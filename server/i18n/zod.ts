import { z } from "zod";

/**
 * Validation messages in French, the clinic's language; a missing field says so
 * plainly. Imported for its effect by every entry point (server, CLI).
 */
z.config(z.locales.fr());
z.config({ customError: (issue) => (issue.input === undefined ? "champ obligatoire" : undefined) });
