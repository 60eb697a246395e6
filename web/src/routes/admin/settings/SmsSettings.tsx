import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { SMS_LIMITS } from "../../../../../shared/limits.ts";
import { SMS_VARIABLES, type SmsVariable, unknownVariables } from "../../../../../shared/sms-templates.ts";
import { smsCost, toGsm7 } from "../../../../../shared/sms-text.ts";
import { listServices, schedulingKeys } from "../../../api/scheduling.ts";
import { listSampleAppointments, previewSms, type SmsPreviewInput, smsPreviewKeys } from "../../../api/smsPreview.ts";
import { useFormatDateTime } from "../../../components/datetime.ts";
import type { FieldErrors } from "../../../components/form.ts";
import {
  isGeneralTemplate,
  type Num,
  rowKey,
  type SettingsFormValues,
  SMS_TEMPLATE_KINDS,
  type SmsFormValues,
  type SmsTemplateKind,
  type SmsTemplateRow,
} from "./settingsForm.ts";
import { AddButton, RemoveButton, Section, TimeField } from "./settingsParts.tsx";

/** The settings page's way to change one part of the form (and forget the errors under it). */
type Update = (prefix: string, change: (values: SettingsFormValues) => SettingsFormValues) => void;

const asNum = (value: number | string): Num => (typeof value === "number" ? value : "");
const fcfa = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** The SMS channel's settings: the sending window, the reminders' times, the price, and the templates with a live preview. */
export function SmsSettings({
  values,
  errors,
  update,
}: {
  values: SettingsFormValues;
  errors: FieldErrors;
  update: Update;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const sms = values.sms;
  const setSms = (prefix: string, change: (sms: SmsFormValues) => SmsFormValues) =>
    update(prefix, (v) => ({ ...v, sms: change(v.sms) }));

  const samples = useQuery({ queryKey: smsPreviewKeys.samples, queryFn: listSampleAppointments, staleTime: 60_000 });
  const services = useQuery({ queryKey: schedulingKeys.services, queryFn: listServices, staleTime: 60_000 });
  const [appointmentId, setAppointmentId] = useState<string | null>(null);
  // The first appointment to come is previewed at once: the admin sees a real message.
  const firstSample = samples.data?.[0]?.id;
  const [sampleChosen, setSampleChosen] = useState(false);
  useEffect(() => {
    if (!sampleChosen && firstSample) setAppointmentId(firstSample);
  }, [firstSample, sampleChosen]);

  const siteName = (code: string) => values.sites.find((s) => s.code === code)?.name || code;
  const siteOptions = values.sites.filter((s) => s.code).map((s) => ({ value: s.code, label: s.name || s.code }));
  const serviceOptions = (services.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const price = typeof sms.pricePerSegment === "number" ? sms.pricePerSegment : null;

  const setTemplate = (index: number, change: Partial<SmsTemplateRow>) =>
    setSms(`sms.templates.${index}`, (s) => ({
      ...s,
      templates: s.templates.map((row, j) => (j === index ? { ...row, ...change } : row)),
    }));

  return (
    <Section title={t("settings.sms.title")} description={t("settings.sms.help")} error={errors.sms}>
      <Fieldset legend={t("settings.sms.sending")}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TimeField
              label={t("settings.sms.windowFrom")}
              description={t("settings.timeHelp")}
              placeholder="08:00"
              value={sms.window.from}
              onChange={(from) => setSms("sms.window", (s) => ({ ...s, window: { ...s.window, from } }))}
              error={errors["sms.window.from"] ?? errors["sms.window"]}
            />
            <TimeField
              label={t("settings.sms.windowUntil")}
              description={t("settings.timeHelp")}
              placeholder="21:00"
              value={sms.window.until}
              onChange={(until) => setSms("sms.window", (s) => ({ ...s, window: { ...s.window, until } }))}
              error={errors["sms.window.until"]}
            />
            <NumberInput
              label={t("settings.sms.pricePerSegment")}
              description={t("settings.sms.pricePerSegmentHelp")}
              required
              min={0}
              max={SMS_LIMITS.priceMax}
              decimalScale={2}
              allowNegative={false}
              suffix=" FCFA"
              value={sms.pricePerSegment}
              onChange={(value) => setSms("sms.pricePerSegment", (s) => ({ ...s, pricePerSegment: asNum(value) }))}
              error={errors["sms.pricePerSegment"]}
            />
          </SimpleGrid>

          <div>
            <Text size="sm" fw={500}>
              {t("settings.sms.reminderOffsets")}
            </Text>
            <Text size="xs" c="dimmed">
              {t("settings.sms.reminderOffsetsHelp")}
            </Text>
            {errors["sms.reminderOffsets"] && (
              <Text size="sm" c="red" role="alert">
                {errors["sms.reminderOffsets"]}
              </Text>
            )}
          </div>
          {sms.reminderOffsets.map((offset, i) => {
            const summary =
              offset.daysBefore === ""
                ? ""
                : offset.daysBefore === 0
                  ? t("settings.sms.offsetSameDay", { at: offset.at })
                  : t("settings.sms.offsetDaysBefore", { count: offset.daysBefore, at: offset.at });
            return (
              <Group
                key={offset.key}
                align="flex-start"
                role="group"
                aria-label={t("settings.sms.offsetN", { n: i + 1 })}
              >
                <NumberInput
                  w={140}
                  label={t("settings.sms.daysBefore")}
                  required
                  min={0}
                  max={SMS_LIMITS.reminderDaysMax}
                  allowDecimal={false}
                  allowNegative={false}
                  value={offset.daysBefore}
                  onChange={(value) =>
                    setSms(`sms.reminderOffsets.${i}`, (s) => ({
                      ...s,
                      reminderOffsets: s.reminderOffsets.map((o, j) =>
                        j === i ? { ...o, daysBefore: asNum(value) } : o,
                      ),
                    }))
                  }
                  error={errors[`sms.reminderOffsets.${i}.daysBefore`]}
                />
                <TimeField
                  w={120}
                  label={t("settings.sms.at")}
                  placeholder="10:00"
                  value={offset.at}
                  onChange={(at) =>
                    setSms(`sms.reminderOffsets.${i}`, (s) => ({
                      ...s,
                      reminderOffsets: s.reminderOffsets.map((o, j) => (j === i ? { ...o, at } : o)),
                    }))
                  }
                  error={errors[`sms.reminderOffsets.${i}.at`]}
                />
                <Text size="sm" mt={32} miw={200}>
                  {summary}
                </Text>
                <RemoveButton
                  disabled={sms.reminderOffsets.length <= 1}
                  onClick={() =>
                    setSms("sms.reminderOffsets", (s) => ({
                      ...s,
                      reminderOffsets: s.reminderOffsets.filter((_, j) => j !== i),
                    }))
                  }
                >
                  {t("settings.sms.removeOffset")}
                </RemoveButton>
              </Group>
            );
          })}
          {sms.reminderOffsets.length < SMS_LIMITS.reminderOffsetsMax && (
            <AddButton
              onClick={() =>
                setSms("sms.reminderOffsets", (s) => ({
                  ...s,
                  reminderOffsets: [...s.reminderOffsets, { key: rowKey(), daysBefore: 0, at: "08:00" }],
                }))
              }
            >
              {t("settings.sms.addOffset")}
            </AddButton>
          )}
        </Stack>
      </Fieldset>

      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("settings.sms.templates")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("settings.sms.templatesHelp")}
        </Text>
        {errors["sms.templates"] && (
          <Text size="sm" c="red" role="alert">
            {errors["sms.templates"]}
          </Text>
        )}
        <Select
          maw={520}
          label={t("settings.sms.sample")}
          description={t("settings.sms.sampleHelp")}
          placeholder={samples.data?.length === 0 ? t("settings.sms.noSample") : t("settings.sms.rawText")}
          clearable
          data={(samples.data ?? []).map((a) => ({
            value: a.id,
            label: `${formatDateTime(a.startsAt)} · ${a.firstName} ${a.lastName} · ${siteName(a.site)}`,
          }))}
          value={appointmentId}
          onChange={(id) => {
            setSampleChosen(true);
            setAppointmentId(id);
          }}
        />
        {SMS_TEMPLATE_KINDS.map((kind) => {
          const rows = sms.templates.map((row, index) => ({ row, index })).filter(({ row }) => row.kind === kind);
          const generalIndex = rows.find(({ row }) => isGeneralTemplate(row))?.index;
          return (
            <Stack key={kind} gap="sm">
              {rows.map(({ row, index }) => {
                const general = index === generalIndex;
                return (
                  <TemplateEditor
                    key={row.key}
                    legend={t(general ? "settings.sms.generalTemplate" : "settings.sms.specificTemplate", {
                      kind: t(`settings.sms.kinds.${kind}`),
                    })}
                    row={row}
                    path={`sms.templates.${index}`}
                    errors={errors}
                    appointmentId={appointmentId}
                    price={price}
                    onText={(text) => setTemplate(index, { text })}
                    target={
                      general ? null : (
                        <Group align="flex-start">
                          <Select
                            w={240}
                            label={t("settings.sms.site")}
                            placeholder={t("settings.sms.allSites")}
                            clearable
                            data={siteOptions}
                            value={row.site}
                            onChange={(site) => setTemplate(index, { site })}
                            error={errors[`sms.templates.${index}.site`]}
                          />
                          <Select
                            w={280}
                            label={t("settings.sms.service")}
                            placeholder={t("settings.sms.allServices")}
                            clearable
                            searchable
                            data={serviceOptions}
                            value={row.serviceId}
                            onChange={(serviceId) => setTemplate(index, { serviceId })}
                            error={errors[`sms.templates.${index}.serviceId`]}
                          />
                          <RemoveButton
                            onClick={() =>
                              setSms("sms.templates", (s) => ({
                                ...s,
                                templates: s.templates.filter((_, j) => j !== index),
                              }))
                            }
                          >
                            {t("settings.sms.removeTemplate")}
                          </RemoveButton>
                        </Group>
                      )
                    }
                  />
                );
              })}
              <AddButton
                onClick={() =>
                  setSms("sms.templates", (s) => ({
                    ...s,
                    templates: [...s.templates, newTemplate(kind, s.templates)],
                  }))
                }
              >
                {t("settings.sms.addTemplate", { kind: t(`settings.sms.kinds.${kind}`) })}
              </AddButton>
            </Stack>
          );
        })}
      </Stack>
    </Section>
  );
}

/** A site's or a service's own template, starting from the general one's text. */
function newTemplate(kind: SmsTemplateKind, templates: SmsTemplateRow[]): SmsTemplateRow {
  const general = templates.find((row) => row.kind === kind && isGeneralTemplate(row));
  return { key: rowKey(), kind, site: null, serviceId: null, text: general?.text ?? "" };
}

/** One template: its text, the variables to insert, and what it gives on the chosen appointment. */
function TemplateEditor({
  legend,
  row,
  path,
  errors,
  appointmentId,
  price,
  onText,
  target,
}: {
  legend: string;
  row: SmsTemplateRow;
  path: string;
  errors: FieldErrors;
  appointmentId: string | null;
  /** The price per segment being edited (null while empty: the saved one, as the server tells). */
  price: number | null;
  onText: (text: string) => void;
  target: ReactNode;
}) {
  const { t } = useTranslation();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [debounced] = useDebouncedValue(row.text, 300);
  const input: SmsPreviewInput = appointmentId ? { text: debounced, appointmentId } : { text: debounced };
  const preview = useQuery({
    queryKey: smsPreviewKeys.preview(input),
    queryFn: () => previewSms(input),
    enabled: debounced.length <= SMS_LIMITS.templateMax,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const unknown = unknownVariables(row.text);
  const gsm7 = toGsm7(row.text);

  /** Puts `{variable}` where the cursor is (or in place of the selection), the cursor after it. */
  const insert = (variable: SmsVariable) => {
    const token = `{${variable}}`;
    const element = textarea.current;
    const start = element?.selectionStart ?? row.text.length;
    const end = element?.selectionEnd ?? start;
    onText(row.text.slice(0, start) + token + row.text.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const data = preview.data;
  const cost = data ? (price === null ? data.cost : smsCost(data.segments, price)) : null;

  return (
    <Fieldset legend={legend}>
      <Stack gap="xs">
        {target}
        <Textarea
          ref={textarea}
          label={t("settings.sms.text")}
          required
          autosize
          minRows={3}
          maxLength={SMS_LIMITS.templateMax}
          value={row.text}
          onChange={(e) => onText(e.currentTarget.value)}
          error={
            errors[`${path}.text`] ??
            (unknown.length > 0
              ? t("settings.sms.unknownVariables", { names: `{${unknown.join("}, {")}}` })
              : undefined)
          }
        />
        <Group gap={6} aria-label={t("settings.sms.variables")} role="group">
          <Text size="xs" c="dimmed">
            {t("settings.sms.insert")}
          </Text>
          {SMS_VARIABLES.map((variable) => (
            <Button
              key={variable}
              size="compact-xs"
              variant="light"
              radius="xl"
              title={t(`settings.sms.variableHelp.${variable}`)}
              onClick={() => insert(variable)}
            >
              {`{${variable}}`}
            </Button>
          ))}
        </Group>
        {data?.rendered != null && (
          <Paper withBorder p="xs" bg="gray.0" aria-label={t("settings.sms.rendered")}>
            <Text size="xs" c="dimmed">
              {t("settings.sms.rendered")}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {data.rendered}
            </Text>
          </Paper>
        )}
        {preview.error && (
          <Text size="sm" c="red" role="alert">
            {t("settings.sms.previewFailed")}
          </Text>
        )}
        {data && (
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="sms-measure">
            {t("settings.sms.measure", {
              count: data.length,
              encoding: data.encoding,
              segments: data.segments,
              cost: fcfa.format(cost ?? 0),
            })}
          </Text>
        )}
        {data?.encoding === "UCS-2" && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} p="xs">
            <Group justify="space-between" gap="xs">
              <Text size="sm">{t("settings.sms.ucs2Warning")}</Text>
              {gsm7 !== row.text && (
                <Button size="xs" variant="white" color="orange" onClick={() => onText(gsm7)}>
                  {t("settings.sms.toGsm7")}
                </Button>
              )}
            </Group>
          </Alert>
        )}
      </Stack>
    </Fieldset>
  );
}
