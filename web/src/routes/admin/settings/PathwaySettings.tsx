import { MultiSelect, Radio, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { DUE_DATE_CONVENTIONS } from "../../../../../shared/pregnancy.ts";
import { listDocuments, mailKeys } from "../../../api/mail.ts";
import type { FieldErrors } from "../../../components/form.ts";
import type { SettingsFormValues } from "./settingsForm.ts";
import { Section } from "./settingsParts.tsx";

type Update = (prefix: string, change: (values: SettingsFormValues) => SettingsFormValues) => void;

const PACKS = ["week36", "postDelivery"] as const;

/**
 * The patients' pathways (procedure 5): how the DPA follows from the DDR, and the documents of the library
 * sent in one click at the 36 SA call (« valise maternité et tarifs ») and after a delivery.
 */
export function PathwaySettings({
  values,
  errors,
  update,
}: {
  values: SettingsFormValues;
  errors: FieldErrors;
  update: Update;
}) {
  const { t } = useTranslation();
  const documents = useQuery({ queryKey: mailKeys.documentList("true"), queryFn: () => listDocuments("true") });
  const options = (documents.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }));
  // A document since withdrawn from the library still shows (by its id) until it is removed from the pack.
  const withSaved = (ids: string[]) => [
    ...options,
    ...ids
      .filter((id) => !options.some((o) => o.value === id))
      .map((id) => ({ value: id, label: t("settings.pathways.withdrawnDocument") })),
  ];
  return (
    <Section title={t("settings.pathways.title")} description={t("settings.pathways.help")}>
      <Stack>
        <Radio.Group
          label={t("settings.pathways.dueDateConvention")}
          value={values.pregnancy.dueDateConvention}
          onChange={(value) =>
            update("pregnancy.dueDateConvention", (v) => ({
              ...v,
              pregnancy: { dueDateConvention: value as SettingsFormValues["pregnancy"]["dueDateConvention"] },
            }))
          }
          description={t("settings.pathways.dueDateConventionHelp")}
          error={errors["pregnancy.dueDateConvention"]}
        >
          <Stack gap={4} mt={6}>
            {DUE_DATE_CONVENTIONS.map((value) => (
              <Radio key={value} value={value} label={t(`pathways.convention.${value}`)} />
            ))}
          </Stack>
        </Radio.Group>
        {PACKS.map((pack) => (
          <MultiSelect
            key={pack}
            label={t(`settings.pathways.packs.${pack}`)}
            description={t(`settings.pathways.packHelps.${pack}`)}
            data={withSaved(values.documentPacks[pack])}
            value={values.documentPacks[pack]}
            onChange={(ids) =>
              update(`documentPacks.${pack}`, (v) => ({ ...v, documentPacks: { ...v.documentPacks, [pack]: ids } }))
            }
            searchable
            clearable
            maxValues={20}
            nothingFoundMessage={t("settings.pathways.noDocument")}
            error={errors[`documentPacks.${pack}`]}
          />
        ))}
      </Stack>
    </Section>
  );
}
