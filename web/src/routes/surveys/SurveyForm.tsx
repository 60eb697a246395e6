import { Alert, Button, Group, Radio, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SurveyChannel, SurveyKind, SurveyQuestion } from "../../../../shared/surveys.ts";
import { fetchSurveyForms, recordSurveyResponse, type SurveyResponseView, surveyKeys } from "../../api/surveys.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

const isShownField = (field: string) => field.startsWith("answers.") || field === "anonymous";

const range = (q: SurveyQuestion) => (q.type === "nps" ? [0, 10] : [1, 5]) as [number, number];

/**
 * A satisfaction questionnaire as asked now (its newest version), filled by a secretary on the phone
 * or by the patient on the desk's tablet. The patient chooses anonymous or nominative; nominative
 * needs the person (`personId`): without one (the desk), the answer is anonymous.
 */
export function SurveyForm({
  kind,
  channel,
  personId,
  site,
  serviceId,
  onSaved,
  onCancel,
  large = false,
}: {
  kind: SurveyKind;
  channel: Extract<SurveyChannel, "phone" | "desk">;
  personId?: string | null;
  site?: string | null;
  serviceId?: string | null;
  onSaved: (saved: SurveyResponseView) => void;
  onCancel?: () => void;
  /** The desk's tablet: larger choices for a finger. */
  large?: boolean;
}) {
  const { t } = useTranslation();
  const forms = useQuery({ queryKey: surveyKeys.forms, queryFn: ({ signal }) => fetchSurveyForms(signal) });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [anonymous, setAnonymous] = useState<string>("yes");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: recordSurveyResponse,
    onSuccess: (saved) => {
      setAnswers({});
      setErrors({});
      onSaved(saved);
    },
    onError: (error) => setErrors(splitApiError(error, isShownField).fieldErrors),
  });
  if (forms.isPending) return <PageLoader />;
  if (forms.isError) return <ErrorAlert error={forms.error} />;
  const form = forms.data.items.find((f) => f.kind === kind);
  if (!form) return null;
  const message = save.error ? splitApiError(save.error, isShownField).message : null;

  // Not a <form>: it lives inside the call's form in the 72 h task (forms cannot nest).
  const submit = () => {
    const found: Record<string, string> = {};
    for (const q of form.questions) {
      if (q.required && q.type !== "comment" && !answers[q.code])
        found[`answers.${q.code}`] = t("surveys.form.required");
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const nominative = anonymous === "no" && Boolean(personId);
    save.mutate({
      kind,
      formVersion: form.version,
      channel,
      anonymous: !nominative,
      personId: nominative ? personId : null,
      site: site ?? null,
      serviceId: serviceId ?? null,
      answers: Object.fromEntries(
        form.questions.map((q) => {
          const value = answers[q.code]?.trim() ?? "";
          return [q.code, value === "" ? null : q.type === "comment" ? value : Number(value)];
        }),
      ),
    });
  };

  const size = large ? "md" : "sm";
  return (
    <div data-testid="survey-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t("surveys.form.scale")}
        </Text>
        {form.questions.map((q) =>
          q.type === "comment" ? (
            <Textarea
              key={q.code}
              label={q.label}
              value={answers[q.code] ?? ""}
              onChange={(event) => setAnswers({ ...answers, [q.code]: event.currentTarget.value })}
              maxLength={2000}
              autosize
              minRows={2}
              error={errors[`answers.${q.code}`]}
              size={size}
            />
          ) : (
            <Radio.Group
              key={q.code}
              label={q.label}
              value={answers[q.code] ?? ""}
              onChange={(value) => {
                setAnswers({ ...answers, [q.code]: value });
                setErrors(({ [`answers.${q.code}`]: _, ...rest }) => rest);
              }}
              error={errors[`answers.${q.code}`]}
              withAsterisk={q.required}
              size={size}
            >
              <Group mt={4} gap={large ? "lg" : "md"}>
                {Array.from({ length: range(q)[1] - range(q)[0] + 1 }, (_, i) => String(range(q)[0] + i)).map((n) => (
                  <Radio key={n} value={n} label={n} aria-label={`${q.label} : ${n}`} size={size} />
                ))}
              </Group>
            </Radio.Group>
          ),
        )}
        {personId && (
          <Radio.Group
            label={t("surveys.form.anonymity")}
            value={anonymous}
            onChange={setAnonymous}
            error={errors.anonymous}
            size={size}
          >
            <Group mt={4}>
              <Radio value="yes" label={t("surveys.form.anonymous")} />
              <Radio value="no" label={t("surveys.form.nominative")} />
            </Group>
          </Radio.Group>
        )}
        {!personId && (
          <Alert color="gray" variant="light">
            {t("surveys.form.anonymousOnly")}
          </Alert>
        )}
        <ErrorAlert error={save.error} message={message} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
          )}
          <Button onClick={submit} loading={save.isPending} size={large ? "lg" : "sm"}>
            {t("surveys.form.submit")}
          </Button>
        </Group>
      </Stack>
    </div>
  );
}
