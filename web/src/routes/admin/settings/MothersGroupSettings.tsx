import { SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { INVITATION_VARIABLES } from "../../../../../shared/mothers-group.ts";
import { unknownVariables } from "../../../../../shared/sms-templates.ts";
import type { Settings } from "../../../api/types.ts";
import type { FieldErrors } from "../../../components/form.ts";
import type { SettingsFormValues } from "./settingsForm.ts";
import { Section } from "./settingsParts.tsx";

type Update = (prefix: string, change: (values: SettingsFormValues) => SettingsFormValues) => void;
type MothersGroupSettingsValues = Settings["mothersGroup"];
type Field = keyof MothersGroupSettingsValues;

/** The fields of the section the server may name in an error. */
export const isMothersGroupField = (field: string): boolean =>
  /^mothersGroup(\.(whatsappInviteUrl|facebookGroupUrl|smsTemplate|emailSubject|emailBody))?$/.test(field);

/**
 * What the form checks before saving (the server checks it too): https:// links, the templates' variables, the link
 * in the SMS and the e-mail's text. Errors are written under `mothersGroup.<field>`.
 */
export function checkMothersGroup(
  values: MothersGroupSettingsValues,
  errors: FieldErrors,
  messages: { required: string; needsLink: string; httpsExpected: string; unknownVariables: (names: string) => string },
): MothersGroupSettingsValues {
  const trimmed = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, value.trim()]),
  ) as MothersGroupSettingsValues;
  for (const field of ["whatsappInviteUrl", "facebookGroupUrl"] as const) {
    if (trimmed[field] && !/^https:\/\/\S+$/.test(trimmed[field]))
      errors[`mothersGroup.${field}`] = messages.httpsExpected;
  }
  for (const field of ["smsTemplate", "emailSubject", "emailBody"] as const) {
    const text = trimmed[field];
    const unknown = unknownVariables(text, INVITATION_VARIABLES);
    if (!text) errors[`mothersGroup.${field}`] = messages.required;
    else if (unknown.length > 0)
      errors[`mothersGroup.${field}`] = messages.unknownVariables(`{${unknown.join("}, {")}}`);
    else if (field !== "emailSubject" && !text.includes("{lien}")) errors[`mothersGroup.${field}`] = messages.needsLink;
  }
  return trimmed;
}

/** The « Groupe des mamans » section: the groups' links and the invitation's SMS and e-mail. */
export function MothersGroupSettings({
  values,
  errors,
  update,
}: {
  values: SettingsFormValues;
  errors: FieldErrors;
  update: Update;
}) {
  const { t } = useTranslation();
  const set = (field: Field) => (value: string) =>
    update(`mothersGroup.${field}`, (v) => ({ ...v, mothersGroup: { ...v.mothersGroup, [field]: value } }));
  const group = values.mothersGroup;
  return (
    <Section title={t("settings.mothersGroup.title")} description={t("settings.mothersGroup.help")}>
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {(["whatsappInviteUrl", "facebookGroupUrl"] as const).map((field) => (
            <TextInput
              key={field}
              label={t(`settings.mothersGroup.${field}`)}
              description={t(`settings.mothersGroup.${field}Help`)}
              placeholder="https://"
              value={group[field]}
              onChange={(e) => set(field)(e.currentTarget.value)}
              error={errors[`mothersGroup.${field}`]}
              maxLength={500}
            />
          ))}
        </SimpleGrid>
        <Textarea
          label={t("settings.mothersGroup.smsTemplate")}
          autosize
          minRows={2}
          maxLength={480}
          value={group.smsTemplate}
          onChange={(e) => set("smsTemplate")(e.currentTarget.value)}
          error={errors["mothersGroup.smsTemplate"]}
          required
        />
        <TextInput
          label={t("settings.mothersGroup.emailSubject")}
          maxLength={200}
          value={group.emailSubject}
          onChange={(e) => set("emailSubject")(e.currentTarget.value)}
          error={errors["mothersGroup.emailSubject"]}
          required
        />
        <Textarea
          label={t("settings.mothersGroup.emailBody")}
          autosize
          minRows={5}
          maxLength={5000}
          value={group.emailBody}
          onChange={(e) => set("emailBody")(e.currentTarget.value)}
          error={errors["mothersGroup.emailBody"]}
          required
        />
      </Stack>
    </Section>
  );
}
