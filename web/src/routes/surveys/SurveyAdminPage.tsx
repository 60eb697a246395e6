import { Button, Checkbox, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  SURVEY_LIMITS,
  SURVEY_QUESTION_TYPES,
  type SurveyQuestion,
  type SurveyQuestionType,
} from "../../../../shared/surveys.ts";
import { fetchSettings, queryKeys, saveSettings } from "../../api/endpoints.ts";
import { fetchSurveyForms, type SurveyFormView, surveyKeys, updateSurveyForm } from "../../api/surveys.ts";
import { ErrorAlert, notifySuccess, PageLoader } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

/**
 * The surveys' settings (admin): where personal links point and the SMS that carries one, and the two
 * questionnaires, each edit a new version (answers keep the version they answered).
 */
export function SurveyAdminPage() {
  const { t } = useTranslation();
  const forms = useQuery({ queryKey: surveyKeys.forms, queryFn: ({ signal }) => fetchSurveyForms(signal) });
  return (
    <Stack maw={960}>
      <Title order={1}>{t("surveys.admin.title")}</Title>
      <LinkSettings />
      {forms.isPending && <PageLoader />}
      <ErrorAlert error={forms.error} />
      {forms.data?.items.map((form) => (
        <FormEditor key={`${form.kind}-${form.version}`} form={form} />
      ))}
    </Stack>
  );
}

function LinkSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: fetchSettings });
  const [values, setValues] = useState<{ publicBaseUrl: string; linkTemplate: string } | null>(null);
  const current = values ?? settings.data?.settings.surveys ?? null;
  const save = useMutation({
    mutationFn: () => {
      if (!settings.data || !current) throw new Error("settings not loaded");
      return saveSettings({
        version: settings.data.version,
        settings: { ...settings.data.settings, surveys: current },
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.settings });
      setValues(null);
      notifySuccess(t("surveys.admin.saved"));
    },
  });
  const split = save.error ? splitApiError(save.error, (f) => f.startsWith("settings.surveys.")) : null;
  if (!current) return settings.isPending ? <PageLoader /> : <ErrorAlert error={settings.error} />;
  return (
    <Paper withBorder p="lg" component="section" aria-label={t("surveys.admin.link")}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t("surveys.admin.link")}
        </Title>
        <TextInput
          label={t("surveys.admin.publicBaseUrl")}
          description={t("surveys.admin.publicBaseUrlHelp")}
          placeholder="https://relais.nest.sn"
          value={current.publicBaseUrl}
          maxLength={SURVEY_LIMITS.baseUrlMax}
          onChange={(e) => setValues({ ...current, publicBaseUrl: e.currentTarget.value })}
          error={split?.fieldErrors["settings.surveys.publicBaseUrl"]}
        />
        <Textarea
          label={t("surveys.admin.linkTemplate")}
          description={t("surveys.admin.linkTemplateHelp")}
          value={current.linkTemplate}
          maxLength={SURVEY_LIMITS.linkTemplateMax}
          autosize
          minRows={2}
          onChange={(e) => setValues({ ...current, linkTemplate: e.currentTarget.value })}
          error={split?.fieldErrors["settings.surveys.linkTemplate"]}
        />
        <ErrorAlert error={save.error} message={split?.message} />
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={values === null}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

type Row = SurveyQuestion & { key: number };

function FormEditor({ form }: { form: SurveyFormView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => form.questions.map((q, key) => ({ ...q, key })));
  const save = useMutation({
    mutationFn: () =>
      updateSurveyForm(form.kind, {
        version: form.version,
        questions: rows.map(({ code, type, label, required }) => ({ code, type, label, required })),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: surveyKeys.forms });
      notifySuccess(t("surveys.admin.saved"));
    },
  });
  const split = save.error ? splitApiError(save.error, (f) => f.startsWith("questions.")) : null;
  const setRow = (key: number, change: Partial<Row>) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="lg" component="section" aria-label={t(`surveys.kinds.${form.kind}`)}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <div>
            <Title order={2} size="h4">
              {t(`surveys.kinds.${form.kind}`)}
            </Title>
            <Text size="sm" c="dimmed">
              {t("surveys.admin.version", { version: form.version })}
            </Text>
          </div>
          {rows.map((row, i) => (
            <Group key={row.key} align="flex-start" wrap="nowrap">
              <TextInput
                label={i === 0 ? t("surveys.admin.code") : undefined}
                aria-label={t("surveys.admin.code")}
                value={row.code}
                onChange={(e) => setRow(row.key, { code: e.currentTarget.value })}
                w={150}
                error={split?.fieldErrors[`questions.${i}.code`]}
              />
              <Select
                label={i === 0 ? t("surveys.admin.type") : undefined}
                aria-label={t("surveys.admin.type")}
                data={SURVEY_QUESTION_TYPES.map((type) => ({ value: type, label: t(`surveys.admin.types.${type}`) }))}
                value={row.type}
                onChange={(value) => value && setRow(row.key, { type: value as SurveyQuestionType })}
                allowDeselect={false}
                w={170}
                error={split?.fieldErrors[`questions.${i}.type`]}
              />
              <TextInput
                label={i === 0 ? t("surveys.admin.label") : undefined}
                aria-label={t("surveys.admin.label")}
                value={row.label}
                maxLength={SURVEY_LIMITS.labelMax}
                onChange={(e) => setRow(row.key, { label: e.currentTarget.value })}
                style={{ flex: 1 }}
                error={split?.fieldErrors[`questions.${i}.label`]}
              />
              <Checkbox
                mt={i === 0 ? 30 : 8}
                label={t("surveys.admin.required")}
                checked={row.required}
                disabled={row.type === "comment"}
                onChange={(e) => setRow(row.key, { required: e.currentTarget.checked })}
              />
              <Button
                mt={i === 0 ? 24 : 0}
                variant="subtle"
                color="red"
                aria-label={t("surveys.admin.remove")}
                onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
              >
                <IconTrash size={16} />
              </Button>
            </Group>
          ))}
          <ErrorAlert error={save.error} message={split?.message} />
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              disabled={rows.length >= SURVEY_LIMITS.questionsMax}
              onClick={() =>
                setRows((all) => [
                  ...all,
                  {
                    key: Math.max(0, ...all.map((r) => r.key)) + 1,
                    code: "",
                    type: "score",
                    label: "",
                    required: false,
                  },
                ])
              }
            >
              {t("surveys.admin.add")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("surveys.admin.saveVersion")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
