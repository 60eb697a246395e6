import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS, SETTINGS_LIMITS } from "../../../../../shared/limits.ts";
import { fetchSettings, queryKeys, saveSettings } from "../../../api/endpoints.ts";
import type { SettingsView } from "../../../api/types.ts";
import { DateField } from "../../../components/DateField.tsx";
import { useSettingsQuery } from "../../../components/datetime.ts";
import { ErrorAlert, isVersionConflict, notifySuccess, PageLoader } from "../../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../../components/form.ts";
import { DataProtectionSettings } from "./DataProtectionSettings.tsx";
import { MothersGroupSettings } from "./MothersGroupSettings.tsx";
import { PathwaySettings } from "./PathwaySettings.tsx";
import { SmsSettings } from "./SmsSettings.tsx";
import {
  FOLLOW_UP_KEYS,
  FOLLOW_UP_MAX,
  fingerprint,
  formFieldOf,
  GREETING_KEYS,
  isKnownField,
  type Num,
  rowKey,
  type SettingsFormValues,
  TEMPERATURES,
  THRESHOLD_MAX,
  toFormValues,
  toSettings,
} from "./settingsForm.ts";
import { AddButton, RemoveButton, Section, TimeField } from "./settingsParts.tsx";
import { VaccinationSettings } from "./VaccinationSettings.tsx";

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettingsQuery();
  return (
    <Stack maw={960}>
      <Title order={1}>{t("settings.title")}</Title>
      {settings.isPending && <PageLoader />}
      {settings.error && <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />}
      {/* Mounted once with the data: a background refetch never overwrites what is being edited. */}
      {settings.data && <SettingsForm initial={settings.data} />}
    </Stack>
  );
}

const asNum = (value: number | string): Num => (typeof value === "number" ? value : "");

function SettingsForm({ initial }: { initial: SettingsView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(initial.version);
  // The settings as loaded: what this form does not edit is sent back unchanged.
  const [base, setBase] = useState(initial.settings);
  const [saved, setSaved] = useState(() => toFormValues(initial.settings));
  const form = useFormState<SettingsFormValues>(saved);
  const { values, setValues, errors, setErrors } = form;
  const formRef = useRef<HTMLFormElement>(null);
  const [focusError, setFocusError] = useState(0);

  const dirty = useMemo(() => fingerprint(values) !== fingerprint(saved), [values, saved]);

  // After a refused save, bring the first field in error into view.
  useEffect(() => {
    if (focusError === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
    } else {
      formRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }, [focusError]);

  const restart = (view: SettingsView) => {
    const next = toFormValues(view.settings);
    setVersion(view.version);
    setBase(view.settings);
    setSaved(next);
    form.reset(next);
  };

  const mutation = useMutation({
    mutationFn: saveSettings,
    onSuccess: (view) => {
      queryClient.setQueryData(queryKeys.settings, view);
      restart(view);
      notifySuccess(t("settings.saved"));
    },
    onError: (error) => {
      setErrors(splitApiError(error, isKnownField, formFieldOf).fieldErrors);
      setFocusError((n) => n + 1);
    },
  });

  const reload = async () => {
    const view = await queryClient.fetchQuery({ queryKey: queryKeys.settings, queryFn: fetchSettings, staleTime: 0 });
    mutation.reset();
    restart(view);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.reset();
    const { settings, errors: clientErrors } = toSettings(base, values, {
      required: t("form.required"),
      invalidDate: t("form.invalidDate"),
      greetingNeedsFirstName: t("settings.greetingNeedsFirstName"),
      unknownVariables: (names) => t("settings.sms.unknownVariables", { names }),
      templateNeedsTarget: t("settings.sms.templateNeedsTarget"),
      needsLink: t("settings.mothersGroup.needsLink"),
      httpsExpected: t("settings.mothersGroup.httpsExpected"),
    });
    setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) {
      setFocusError((n) => n + 1);
      return;
    }
    mutation.mutate({ version, settings });
  };

  /** Updates one part of the form and forgets the errors under it. */
  const update = (prefix: string, change: (values: SettingsFormValues) => SettingsFormValues) => {
    setValues(change);
    setErrors((prev) => {
      const next = Object.fromEntries(
        Object.entries(prev).filter(([field]) => field !== prefix && !field.startsWith(`${prefix}.`)),
      );
      return Object.keys(next).length === Object.keys(prev).length ? prev : next;
    });
  };

  const split = mutation.error ? splitApiError(mutation.error, isKnownField, formFieldOf) : null;
  const hasFieldErrors = Object.keys(errors).length > 0;

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? undefined : (split?.message ?? null)}
          onReload={reload}
        />
        {hasFieldErrors && !split?.message && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {t("settings.fixErrors")}
          </Alert>
        )}

        <Section title={t("settings.clinic")}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t("settings.clinicName")}
              required
              maxLength={LIMITS.clinicNameMax}
              value={values.clinicName}
              onChange={(e) => {
                const clinicName = e.currentTarget.value;
                update("clinicName", (v) => ({ ...v, clinicName }));
              }}
              error={errors.clinicName}
            />
            <TextInput
              label={t("settings.clinicEmail")}
              type="email"
              required
              value={values.clinicEmail}
              onChange={(e) => {
                const clinicEmail = e.currentTarget.value;
                update("clinicEmail", (v) => ({ ...v, clinicEmail }));
              }}
              error={errors.clinicEmail}
            />
            <TextInput
              label={t("settings.clinicAddress")}
              description={t("settings.clinicAddressHelp")}
              maxLength={LIMITS.addressMax}
              value={values.clinicAddress}
              onChange={(e) => {
                const clinicAddress = e.currentTarget.value;
                update("clinicAddress", (v) => ({ ...v, clinicAddress }));
              }}
              error={errors.clinicAddress}
            />
            <TextInput
              label={t("settings.clinicPhone")}
              description={t("settings.clinicPhoneHelp")}
              type="tel"
              maxLength={SETTINGS_LIMITS.clinicPhoneMax}
              value={values.clinicPhone}
              onChange={(e) => {
                const clinicPhone = e.currentTarget.value;
                update("clinicPhone", (v) => ({ ...v, clinicPhone }));
              }}
              error={errors.clinicPhone}
            />
            <TextInput
              label={t("settings.timeZone")}
              description={t("settings.timeZoneHelp")}
              required
              value={values.timeZone}
              onChange={(e) => {
                const timeZone = e.currentTarget.value;
                update("timeZone", (v) => ({ ...v, timeZone }));
              }}
              error={errors.timeZone}
            />
          </SimpleGrid>
        </Section>

        <Section title={t("settings.links")} description={t("settings.linksHelp")}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t("settings.websiteUrl")}
              type="url"
              placeholder="https://www.nest.sn"
              value={values.websiteUrl}
              onChange={(e) => {
                const websiteUrl = e.currentTarget.value;
                update("websiteUrl", (v) => ({ ...v, websiteUrl }));
              }}
              error={errors.websiteUrl}
            />
            <TextInput
              label={t("settings.facebookUrl")}
              type="url"
              placeholder="https://www.facebook.com/…"
              value={values.facebookUrl}
              onChange={(e) => {
                const facebookUrl = e.currentTarget.value;
                update("facebookUrl", (v) => ({ ...v, facebookUrl }));
              }}
              error={errors.facebookUrl}
            />
          </SimpleGrid>
        </Section>

        <Section title={t("settings.sites")} description={t("settings.sitesHelp")} error={errors.sites}>
          {values.sites.map((site, i) => (
            <Group key={site.key} align="flex-start" role="group" aria-label={t("settings.siteN", { n: i + 1 })}>
              <TextInput
                w={200}
                label={t("settings.siteCode")}
                required
                maxLength={SETTINGS_LIMITS.siteCodeMax}
                value={site.code}
                onChange={(e) => {
                  const code = e.currentTarget.value.toUpperCase();
                  update(`sites.${i}`, (v) => ({
                    ...v,
                    sites: v.sites.map((s, j) => (j === i ? { ...s, code } : s)),
                  }));
                }}
                error={errors[`sites.${i}.code`]}
              />
              <TextInput
                flex={1}
                miw={200}
                label={t("settings.siteName")}
                required
                maxLength={LIMITS.clinicNameMax}
                value={site.name}
                onChange={(e) => {
                  const name = e.currentTarget.value;
                  update(`sites.${i}`, (v) => ({
                    ...v,
                    sites: v.sites.map((s, j) => (j === i ? { ...s, name } : s)),
                  }));
                }}
                error={errors[`sites.${i}.name`]}
              />
              <TextInput
                flex={1}
                miw={200}
                label={t("settings.siteAddress")}
                description={t("settings.siteAddressHelp")}
                maxLength={LIMITS.addressMax}
                value={site.address}
                onChange={(e) => {
                  const address = e.currentTarget.value;
                  update(`sites.${i}`, (v) => ({
                    ...v,
                    sites: v.sites.map((s, j) => (j === i ? { ...s, address } : s)),
                  }));
                }}
                error={errors[`sites.${i}.address`]}
              />
              <RemoveButton
                disabled={values.sites.length <= 1}
                onClick={() => update("sites", (v) => ({ ...v, sites: v.sites.filter((_, j) => j !== i) }))}
              >
                {t("settings.removeSite")}
              </RemoveButton>
            </Group>
          ))}
          <AddButton
            onClick={() =>
              update("sites", (v) => ({
                ...v,
                sites: [...v.sites, { key: rowKey(), code: "", name: "", address: "" }],
              }))
            }
          >
            {t("settings.addSite")}
          </AddButton>
        </Section>

        <Section title={t("settings.businessDays")} error={errors.businessDays}>
          <Switch
            label={t("settings.saturday")}
            description={t("settings.saturdayHelp")}
            checked={values.businessDays.saturdayIsBusinessDay}
            onChange={(e) => {
              const saturdayIsBusinessDay = e.currentTarget.checked;
              update("businessDays.saturdayIsBusinessDay", (v) => ({
                ...v,
                businessDays: { ...v.businessDays, saturdayIsBusinessDay },
              }));
            }}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TimeField
              label={t("settings.opensAt")}
              description={t("settings.timeHelp")}
              placeholder="08:00"
              value={values.businessDays.opensAt}
              onChange={(opensAt) =>
                update("businessDays.opensAt", (v) => ({ ...v, businessDays: { ...v.businessDays, opensAt } }))
              }
              error={errors["businessDays.opensAt"]}
            />
            <TimeField
              label={t("settings.closesAt")}
              description={t("settings.timeHelp")}
              placeholder="08:00"
              value={values.businessDays.closesAt}
              onChange={(closesAt) =>
                update("businessDays.closesAt", (v) => ({ ...v, businessDays: { ...v.businessDays, closesAt } }))
              }
              error={errors["businessDays.closesAt"]}
            />
          </SimpleGrid>
        </Section>

        <Section title={t("settings.holidays")} description={t("settings.holidaysHelp")} error={errors.holidays}>
          {values.holidays.length === 0 && <Text c="dimmed">{t("settings.noHolidays")}</Text>}
          {values.holidays.map((holiday, i) => (
            <Group key={holiday.key} align="flex-start" role="group" aria-label={t("settings.holidayN", { n: i + 1 })}>
              <DateField
                w={200}
                label={t("settings.holidayDate")}
                required
                value={holiday.date}
                onChange={(date) =>
                  update(`holidays.${i}`, (v) => ({
                    ...v,
                    holidays: v.holidays.map((h, j) => (j === i ? { ...h, date } : h)),
                  }))
                }
                error={errors[`holidays.${i}.date`]}
              />
              <TextInput
                flex={1}
                miw={200}
                label={t("settings.holidayLabel")}
                required
                maxLength={LIMITS.holidayLabelMax}
                value={holiday.label}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  update(`holidays.${i}`, (v) => ({
                    ...v,
                    holidays: v.holidays.map((h, j) => (j === i ? { ...h, label } : h)),
                  }));
                }}
                error={errors[`holidays.${i}.label`]}
              />
              <RemoveButton
                onClick={() => update("holidays", (v) => ({ ...v, holidays: v.holidays.filter((_, j) => j !== i) }))}
              >
                {t("settings.removeHoliday")}
              </RemoveButton>
            </Group>
          ))}
          <AddButton
            onClick={() =>
              update("holidays", (v) => ({
                ...v,
                holidays: [...v.holidays, { key: rowKey(), date: null, label: "" }],
              }))
            }
          >
            {t("settings.addHoliday")}
          </AddButton>
        </Section>

        <Section title={t("settings.statusThresholds")} description={t("settings.statusThresholdsHelp")}>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {TEMPERATURES.map((temperature) => (
              <Fieldset key={temperature} legend={t(`settings.temperature.${temperature}`)}>
                <Stack gap="sm">
                  {(["dormantFromDays", "lostAfterDays"] as const).map((field) => {
                    const path = `statusThresholds.${temperature}.${field}`;
                    return (
                      <NumberInput
                        key={field}
                        label={t(`settings.${field}`)}
                        required
                        min={1}
                        max={THRESHOLD_MAX}
                        allowDecimal={false}
                        allowNegative={false}
                        value={values.statusThresholds[temperature][field]}
                        onChange={(value) =>
                          update(path, (v) => ({
                            ...v,
                            statusThresholds: {
                              ...v.statusThresholds,
                              [temperature]: { ...v.statusThresholds[temperature], [field]: asNum(value) },
                            },
                          }))
                        }
                        error={errors[path]}
                      />
                    );
                  })}
                </Stack>
              </Fieldset>
            ))}
          </SimpleGrid>
        </Section>

        <Section title={t("settings.followUp")} description={t("settings.followUpHelp")}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {FOLLOW_UP_KEYS.map((key) => (
              <NumberInput
                key={key}
                label={t(`settings.followUpFields.${key}`)}
                description={t(`settings.followUpHelps.${key}`)}
                required
                min={1}
                max={FOLLOW_UP_MAX[key]}
                allowDecimal={false}
                allowNegative={false}
                value={values.followUp[key]}
                onChange={(value) =>
                  update(`followUp.${key}`, (v) => ({ ...v, followUp: { ...v.followUp, [key]: asNum(value) } }))
                }
                error={errors[`followUp.${key}`]}
              />
            ))}
          </SimpleGrid>
        </Section>

        <Section title={t("settings.greetings")} description={t("settings.greetingsHelp")}>
          {GREETING_KEYS.map((key) => (
            <TextInput
              key={key}
              label={t(`settings.greetingFields.${key}`)}
              description={t(`settings.greetingHelps.${key}`)}
              required
              maxLength={LIMITS.listLabelMax}
              value={values.greetings[key]}
              onChange={(e) => {
                const text = e.currentTarget.value;
                update(`greetings.${key}`, (v) => ({ ...v, greetings: { ...v.greetings, [key]: text } }));
              }}
              error={errors[`greetings.${key}`]}
            />
          ))}
        </Section>

        <Section title={t("settings.quality")}>
          <NumberInput
            maw={320}
            label={t("settings.complianceTargetPercent")}
            description={t("settings.complianceTargetPercentHelp")}
            required
            min={1}
            max={100}
            suffix=" %"
            allowDecimal={false}
            allowNegative={false}
            value={values.complianceTargetPercent}
            onChange={(value) =>
              update("complianceTargetPercent", (v) => ({ ...v, complianceTargetPercent: asNum(value) }))
            }
            error={errors.complianceTargetPercent}
          />
        </Section>

        <PathwaySettings values={values} errors={errors} update={update} />

        <SmsSettings values={values} errors={errors} update={update} />

        <VaccinationSettings values={values} errors={errors} update={update} />

        <MothersGroupSettings values={values} errors={errors} update={update} />
        <DataProtectionSettings values={values} errors={errors} update={update} />

        <Paper
          withBorder
          shadow="sm"
          p="sm"
          pos="sticky"
          bottom={0}
          style={{ zIndex: 2 }}
          aria-label={t("settings.actions")}
        >
          <Group justify="space-between">
            <Text size="sm" c={dirty ? "orange.8" : "dimmed"}>
              {dirty ? t("settings.unsaved") : t("settings.upToDate")}
            </Text>
            <Group gap="xs">
              <Button variant="default" disabled={!dirty || mutation.isPending} onClick={() => form.reset(saved)}>
                {t("settings.discard")}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t("common.save")}
              </Button>
            </Group>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}
