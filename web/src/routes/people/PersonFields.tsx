import { Button, Checkbox, Group, NativeSelect, Radio, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { addCalendarDays } from "../../../../shared/days.ts";
import { DATE_BOUNDS, LIMITS } from "../../../../shared/limits.ts";
import type { PersonKind, Temperature } from "../../api/types.ts";
import { DateField } from "../../components/DateField.tsx";
import { todayIn, useTimeZone } from "../../components/datetime.ts";
import { useListOptions } from "../../components/settingsLabels.ts";
import { TEMPERATURES } from "./labels.ts";
import type { PersonForm, TriState } from "./personForm.ts";

// Patients only: kept out of the call screen's first load.
const ProspectPicker = lazy(() => import("./ProspectPicker.tsx"));

/**
 * The fields of a prospect or patient record, for the creation page and the
 * edit modal. `afterIdentity` is shown under names, phones and birth date
 * (the duplicate warning, while the receptionist types).
 */
export function PersonFields({
  kind,
  mode,
  form,
  afterIdentity,
}: {
  kind: PersonKind;
  mode: "create" | "edit";
  form: PersonForm;
  afterIdentity?: ReactNode;
}) {
  const { t } = useTranslation();
  const { origins } = useListOptions();
  const { values, errors, setValues, clearError } = form;
  const prospect = kind === "prospect";
  // The bounds the server holds the days to (shared/limits.ts DATE_BOUNDS), told while typing.
  const today = todayIn(useTimeZone());
  const contactDayMax = addCalendarDays(today, DATE_BOUNDS.contactDaysAhead);

  const setPhone = (index: number, phone: string) => {
    setValues((prev) => ({ ...prev, phones: prev.phones.map((p, i) => (i === index ? phone : p)) }));
    clearError(`phones.${index}`);
  };
  const addPhone = () => setValues((prev) => ({ ...prev, phones: [...prev.phones, ""] }));
  const removePhone = (index: number) => {
    setValues((prev) => ({ ...prev, phones: prev.phones.filter((_, i) => i !== index) }));
    // Errors of the following phones would now sit under the wrong input.
    for (let i = index; i < values.phones.length; i++) clearError(`phones.${i}`);
  };

  const triOptions = [
    { value: "", label: t("people.form.unknown") },
    { value: "yes", label: t("people.form.yes") },
    { value: "no", label: t("people.form.no") },
  ];

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t("people.fields.lastName")}
          required
          maxLength={LIMITS.nameMax}
          autoComplete="off"
          data-autofocus
          {...form.textProps("lastName")}
        />
        <TextInput
          label={t("people.fields.firstName")}
          required
          maxLength={LIMITS.nameMax}
          autoComplete="off"
          {...form.textProps("firstName")}
        />
      </SimpleGrid>

      <Stack gap="xs">
        {values.phones.map((phone, index) => (
          <Group
            // biome-ignore lint/suspicious/noArrayIndexKey: the inputs are the positions of the list
            key={index}
            align="flex-start"
            wrap="nowrap"
          >
            <TextInput
              flex={1}
              type="tel"
              label={index === 0 ? t("people.fields.phone") : t("people.fields.phoneN", { n: index + 1 })}
              description={index === 0 ? t("people.form.phoneHelp") : undefined}
              required={prospect && index === 0 && !values.email.trim()}
              maxLength={40}
              autoComplete="off"
              value={phone}
              onChange={(event) => setPhone(index, event.currentTarget.value)}
              error={errors[`phones.${index}`]}
            />
            {index > 0 && (
              <Button variant="subtle" color="red" mt={26} onClick={() => removePhone(index)}>
                {t("people.form.removePhone")}
              </Button>
            )}
          </Group>
        ))}
        {values.phones.length < LIMITS.phonesMax && (
          <Group>
            <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={addPhone}>
              {t("people.form.addPhone")}
            </Button>
          </Group>
        )}
      </Stack>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField
          label={t("people.fields.birthDate")}
          value={values.birthDate}
          minDate={DATE_BOUNDS.birthDateMin}
          maxDate={today}
          onChange={(value) => form.setField("birthDate", value)}
          error={errors.birthDate}
          clearable
        />
        {prospect && (
          <DateField
            label={t("people.fields.firstContactDate")}
            value={values.firstContactDate}
            minDate={DATE_BOUNDS.contactDateMin}
            maxDate={contactDayMax}
            onChange={(value) => form.setField("firstContactDate", value)}
            error={errors.firstContactDate}
          />
        )}
      </SimpleGrid>

      {afterIdentity}

      {prospect && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t("people.fields.origin")}
            required
            data={[
              { value: "", label: t("people.form.chooseOrigin"), disabled: mode === "edit" },
              ...origins,
              // An origin removed from the settings since: still shown on the records that have it.
              ...(values.origin && !origins.some((o) => o.value === values.origin)
                ? [{ value: values.origin, label: values.origin }]
                : []),
            ]}
            value={values.origin}
            onChange={(event) => form.setField("origin", event.currentTarget.value)}
            error={errors.origin}
          />
          {mode === "create" && (
            <Radio.Group
              label={t("people.fields.temperature")}
              value={values.temperature}
              onChange={(value) => form.setField("temperature", value as Temperature)}
              error={errors.temperature}
            >
              <Group mt={8}>
                {TEMPERATURES.map((temperature) => (
                  <Radio key={temperature} value={temperature} label={t(`people.temperature.${temperature}`)} />
                ))}
              </Group>
            </Radio.Group>
          )}
        </SimpleGrid>
      )}

      {!prospect && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("people.fields.ehrNumber")}
            maxLength={40}
            autoComplete="off"
            {...form.textProps("ehrNumber")}
          />
          <DateField
            label={t("people.fields.ehrCreatedOn")}
            value={values.ehrCreatedOn}
            minDate={DATE_BOUNDS.contactDateMin}
            maxDate={contactDayMax}
            onChange={(value) => form.setField("ehrCreatedOn", value)}
            error={errors.ehrCreatedOn}
            clearable
          />
          <NativeSelect
            label={t("people.fields.sex")}
            data={[
              { value: "", label: t("people.form.sexUnknown") },
              { value: "female", label: t("people.form.sexFemale") },
              { value: "male", label: t("people.form.sexMale") },
            ]}
            value={values.sex}
            onChange={(event) => form.setField("sex", event.currentTarget.value as "" | "female" | "male")}
            error={errors.sex}
          />
          <NativeSelect
            label={t("people.fields.provenance")}
            description={t("people.form.provenanceHelp")}
            data={[{ value: "", label: t("people.form.provenanceUnknown") }, ...origins]}
            value={values.provenanceOrigin}
            onChange={(event) => form.setField("provenanceOrigin", event.currentTarget.value)}
            error={errors.provenanceOrigin}
          />
          <Suspense fallback={null}>
            <ProspectPicker
              value={values.provenanceProspectId}
              onChange={(id) => form.setField("provenanceProspectId", id)}
              error={errors.provenanceProspectId}
            />
          </Suspense>
        </SimpleGrid>
      )}

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t("people.fields.email")}
          type="email"
          maxLength={LIMITS.emailMax}
          autoComplete="off"
          {...form.textProps("email")}
        />
        <TextInput
          label={t("people.fields.address")}
          maxLength={LIMITS.addressMax}
          autoComplete="off"
          {...form.textProps("address")}
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t("people.fields.insured")}
          data={triOptions}
          value={values.insured}
          onChange={(event) => form.setField("insured", event.currentTarget.value as TriState)}
          error={errors.insured}
        />
        <TextInput
          label={t("people.fields.insurer")}
          maxLength={LIMITS.nameMax}
          disabled={values.insured === "no"}
          {...form.textProps("insurer")}
        />
        <NativeSelect
          label={t("people.fields.member")}
          data={triOptions}
          value={values.member}
          onChange={(event) => form.setField("member", event.currentTarget.value as TriState)}
          error={errors.member}
        />
      </SimpleGrid>

      <Checkbox
        label={t("people.fields.smsOptOut")}
        description={t("people.form.smsOptOutHelp")}
        checked={values.smsOptOut}
        onChange={(event) => form.setField("smsOptOut", event.currentTarget.checked)}
        error={errors.smsOptOut}
      />

      <Textarea
        label={t("people.fields.notes")}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={LIMITS.notesMax}
        value={values.notes}
        onChange={(event) => form.setField("notes", event.currentTarget.value)}
        error={errors.notes}
      />
    </Stack>
  );
}
