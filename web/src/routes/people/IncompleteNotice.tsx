import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";

/**
 * « Fiche incomplète : il manque … » — a record without a phone or a birth date
 * (procedure 2's minimum fields): shown on the record and on the call that completes it.
 */
export function IncompleteNotice({ missing }: { missing: readonly ("phones" | "birthDate")[] }) {
  const { t } = useTranslation();
  if (missing.length === 0) return null;
  const fields = missing.map((field) => t(`people.page.missing.${field}`)).join(t("common.and"));
  return (
    <Alert color="orange" variant="light" role="status">
      {t("people.page.incomplete", { fields })}
    </Alert>
  );
}
