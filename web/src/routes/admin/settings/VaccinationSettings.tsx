import { Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { SMS_LIMITS } from "../../../../../shared/limits.ts";
import type { ChildSex } from "../../../../../shared/vaccination.ts";
import { VACCINE_SMS_VARIABLES } from "../../../../../shared/vaccine-sms.ts";
import type { FieldErrors } from "../../../components/form.ts";
import type { SettingsFormValues } from "./settingsForm.ts";
import { AddButton, RemoveButton, Section, TimeField } from "./settingsParts.tsx";
import { emptyScheduleRow, type ScheduleRow, type VaccinationFormValues } from "./vaccinationForm.ts";

type Update = (prefix: string, change: (values: SettingsFormValues) => SettingsFormValues) => void;
type Num = number | "";
const asNum = (value: number | string): Num => (typeof value === "number" ? value : "");

/**
 * The vaccination calendar's settings (DESIGN §2): the schedule line by line (Senegal's EPI shipped,
 * the clinic corrects it), the days after which a due dose is late (a call task), the parents' SMS
 * reminder (days before, time) and its text. The server checks the schedule and names the line at fault.
 */
export function VaccinationSettings({
  values,
  errors,
  update,
}: {
  values: SettingsFormValues;
  errors: FieldErrors;
  update: Update;
}) {
  const { t } = useTranslation();
  const v = values.vaccination;
  const set = (prefix: string, change: (v: VaccinationFormValues) => VaccinationFormValues) =>
    update(prefix, (all) => ({ ...all, vaccination: change(all.vaccination) }));
  const setRow = (index: number, change: Partial<ScheduleRow>) =>
    set(`vaccination.schedule.${index}`, (s) => ({
      ...s,
      schedule: s.schedule.map((row, j) => (j === index ? { ...row, ...change } : row)),
    }));
  const rowError = (index: number) =>
    Object.entries(errors)
      .filter(([field]) => field.startsWith(`vaccination.schedule.${index}.`))
      .map(([, message]) => message)
      .join(" · ");

  return (
    <Section
      title={t("vaccinations.settings.title")}
      description={t("vaccinations.settings.intro")}
      error={errors["vaccination.schedule"] ?? errors.vaccination}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={t("vaccinations.settings.lateAfterDays")}
          min={1}
          max={365}
          allowDecimal={false}
          value={v.lateAfterDays}
          onChange={(value) => set("vaccination.lateAfterDays", (s) => ({ ...s, lateAfterDays: asNum(value) }))}
          error={errors["vaccination.lateAfterDays"]}
        />
        <NumberInput
          label={t("vaccinations.settings.reminderDaysBefore")}
          min={0}
          max={SMS_LIMITS.reminderDaysMax}
          allowDecimal={false}
          value={v.reminder.daysBefore}
          onChange={(value) =>
            set("vaccination.reminder.daysBefore", (s) => ({
              ...s,
              reminder: { ...s.reminder, daysBefore: asNum(value) },
            }))
          }
          error={errors["vaccination.reminder.daysBefore"]}
        />
        <TimeField
          label={t("vaccinations.settings.reminderAt")}
          value={v.reminder.at}
          onChange={(at) => set("vaccination.reminder.at", (s) => ({ ...s, reminder: { ...s.reminder, at } }))}
          error={errors["vaccination.reminder.at"]}
        />
      </SimpleGrid>
      <Textarea
        label={t("vaccinations.settings.smsTemplate")}
        description={t("vaccinations.settings.smsVariables", {
          variables: VACCINE_SMS_VARIABLES.map((name) => `{${name}}`).join(", "),
        })}
        autosize
        minRows={2}
        maxLength={SMS_LIMITS.templateMax}
        value={v.smsTemplate}
        onChange={(event) => {
          const smsTemplate = event.currentTarget.value;
          set("vaccination.smsTemplate", (s) => ({ ...s, smsTemplate }));
        }}
        error={errors["vaccination.smsTemplate"]}
      />
      <Stack gap="xs">
        {v.schedule.map((row, index) => (
          <Paper key={row.key} withBorder p="xs" data-testid="vaccination-schedule-row">
            <Group align="flex-start" gap="xs" wrap="wrap">
              <TextInput
                label={t("vaccinations.settings.vaccine")}
                w={90}
                maxLength={20}
                value={row.vaccine}
                onChange={(event) => setRow(index, { vaccine: event.currentTarget.value.toUpperCase() })}
              />
              <NumberInput
                label={t("vaccinations.settings.dose")}
                w={60}
                min={0}
                allowDecimal={false}
                value={row.dose}
                onChange={(value) => setRow(index, { dose: asNum(value) })}
              />
              <TextInput
                label={t("vaccinations.settings.label")}
                w={200}
                maxLength={120}
                value={row.label}
                onChange={(event) => setRow(index, { label: event.currentTarget.value })}
              />
              {(["years", "months", "weeks", "days"] as const).map((unit) => (
                <NumberInput
                  key={unit}
                  label={`${t("vaccinations.settings.age")} (${t(`vaccinations.settings.${unit}`)})`}
                  w={80}
                  min={0}
                  allowDecimal={false}
                  value={row.age[unit]}
                  onChange={(value) => setRow(index, { age: { ...row.age, [unit]: asNum(value) } })}
                />
              ))}
              {(["months", "weeks"] as const).map((unit) => (
                <NumberInput
                  key={`gap-${unit}`}
                  label={`${t("vaccinations.settings.gap")} (${t(`vaccinations.settings.${unit}`)})`}
                  w={110}
                  min={0}
                  allowDecimal={false}
                  value={row.gap[unit]}
                  onChange={(value) => setRow(index, { gap: { ...row.gap, [unit]: asNum(value) } })}
                />
              ))}
              <NativeSelect
                label={t("vaccinations.settings.sex")}
                w={100}
                data={[
                  { value: "", label: t("vaccinations.settings.sexAll") },
                  { value: "female", label: t("vaccinations.settings.sexFemale") },
                  { value: "male", label: t("vaccinations.settings.sexMale") },
                ]}
                value={row.sex ?? ""}
                onChange={(event) => setRow(index, { sex: (event.currentTarget.value || null) as ChildSex | null })}
              />
              <RemoveButton
                onClick={() =>
                  set("vaccination.schedule", (s) => ({ ...s, schedule: s.schedule.filter((_, j) => j !== index) }))
                }
              >
                {t("vaccinations.settings.remove")}
              </RemoveButton>
            </Group>
            {rowError(index) && (
              <Text size="sm" c="red" role="alert">
                {rowError(index)}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
      <Group>
        <AddButton
          onClick={() => set("vaccination.schedule", (s) => ({ ...s, schedule: [...s.schedule, emptyScheduleRow()] }))}
        >
          {t("vaccinations.settings.add")}
        </AddButton>
      </Group>
    </Section>
  );
}
