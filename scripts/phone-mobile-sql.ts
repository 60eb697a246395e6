/**
 * Prints the SQL that defines `phone_is_mobile(e164)` from the libphonenumber-js metadata installed
 * here, for a migration (see phoneIsMobileFunctionSql in server/modules/sms/recipient.ts):
 * `npx tsx scripts/phone-mobile-sql.ts`.
 */
import { phoneIsMobileFunctionSql } from "../server/modules/sms/recipient.ts";

process.stdout.write(`${phoneIsMobileFunctionSql()}\n`);
