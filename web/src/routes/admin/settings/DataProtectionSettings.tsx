import { NumberInput, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Settings } from "../../../api/types.ts";
import type { FieldErrors } from "../../../components/form.ts";
import type { Num, SettingsFormValues } from "./settingsForm.ts";
import { Section } from "./settingsParts.tsx";

type Update = (prefix: string, change: (values: SettingsFormValues) => SettingsFormValues) => void;

/** The personal-data section as the form holds it (the years may be empty while typed). */
export type DataProtectionFormValues = Omit<Settings["dataProtection"], "prospectRetentionYears"> & {
  prospectRetentionYears: Num;
};

export const toDataProtectionForm = (settings: Settings["dataProtection"]): DataProtectionFormValues => ({
  ...settings,
});

/** The section to save, or an error on the years left empty. */
export function fromDataProtectionForm(
  values: DataProtectionFormValues,
  errors: FieldErrors,
  required: string,
): Settings["dataProtection"] {
  if (values.prospectRetentionYears === "") errors["dataProtection.prospectRetentionYears"] = required;
  return { ...values, prospectRetentionYears: Number(values.prospectRetentionYears || 0) };
}

export const isDataProtectionField = (field: string): boolean =>
  /^dataProtection(\.(prospectRetentionYears|controllerName|privacyContact|cdpReference))?$/.test(field);

/**
 * Personal data (loi 2008-12): how long a prospect who never became a patient is kept without contact, and
 * what the « Registre des traitements » names (the controller, the contact for requests, the CDP's reference).
 */
export function DataProtectionSettings({
  values,
  errors,
  update,
}: {
  values: SettingsFormValues;
  errors: FieldErrors;
  update: Update;
}) {
  const { t } = useTranslation();
  const dp = values.dataProtection;
  const set = <K extends keyof DataProtectionFormValues>(key: K, value: DataProtectionFormValues[K]) =>
    update(`dataProtection.${key}`, (v) => ({ ...v, dataProtection: { ...v.dataProtection, [key]: value } }));
  return (
    <Section title={t("settings.dataProtection.title")} description={t("settings.dataProtection.help")}>
      <Stack>
        <NumberInput
          label={t("settings.dataProtection.prospectRetentionYears")}
          description={t("settings.dataProtection.prospectRetentionYearsHelp")}
          min={1}
          max={20}
          allowDecimal={false}
          allowNegative={false}
          suffix={` ${t("settings.dataProtection.years")}`}
          value={dp.prospectRetentionYears}
          onChange={(value) => set("prospectRetentionYears", typeof value === "number" ? value : "")}
          error={errors["dataProtection.prospectRetentionYears"]}
          maw={420}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("settings.dataProtection.controllerName")}
            value={dp.controllerName}
            maxLength={200}
            onChange={(e) => set("controllerName", e.currentTarget.value)}
            error={errors["dataProtection.controllerName"]}
          />
          <TextInput
            label={t("settings.dataProtection.privacyContact")}
            description={t("settings.dataProtection.privacyContactHelp")}
            value={dp.privacyContact}
            maxLength={300}
            onChange={(e) => set("privacyContact", e.currentTarget.value)}
            error={errors["dataProtection.privacyContact"]}
          />
          <TextInput
            label={t("settings.dataProtection.cdpReference")}
            description={t("settings.dataProtection.cdpReferenceHelp")}
            value={dp.cdpReference}
            maxLength={100}
            onChange={(e) => set("cdpReference", e.currentTarget.value)}
            error={errors["dataProtection.cdpReference"]}
          />
        </SimpleGrid>
      </Stack>
    </Section>
  );
}
