import { Alert, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { SMS_OPT_OUT } from "../../../../shared/campaigns.ts";
import { SMS_LIMITS } from "../../../../shared/limits.ts";
import { previewSms, smsPreviewKeys } from "../../api/smsPreview.ts";

const fcfa = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** The SMS variant: its text, measured as the operator counts it (length, encoding, segments, price of one). */
export function SmsTextField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(value, 300);
  // Measured as it leaves: the text, then the opt-out on its own line.
  const input = { text: debounced.trim() ? `${debounced.trim()}\n${SMS_OPT_OUT}` : "" };
  const preview = useQuery({
    queryKey: smsPreviewKeys.preview(input),
    queryFn: () => previewSms(input),
    enabled: input.text.length <= SMS_LIMITS.templateMax,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const data = preview.data;
  // The same text without accents (the opt-out taken off again), once the preview is of the text as typed.
  const suffix = `\n${SMS_OPT_OUT}`;
  const current = debounced === value && !preview.isPlaceholderData;
  const plain = current && data?.gsm7Text.endsWith(suffix) ? data.gsm7Text.slice(0, -suffix.length) : null;

  return (
    <Stack gap="xs">
      <Textarea
        label={t("campaigns.form.smsText")}
        description={t("campaigns.form.smsTextHelp")}
        required
        autosize
        minRows={3}
        maxLength={SMS_LIMITS.templateMax}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
      />
      {data && (
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="campaign-sms-measure">
          {t("campaigns.form.smsMeasure", {
            count: data.length,
            encoding: data.encoding,
            segments: data.segments,
            cost: fcfa.format(data.cost),
          })}
        </Text>
      )}
      {preview.error && (
        <Text size="sm" c="red" role="alert">
          {t("campaigns.form.smsMeasureFailed")}
        </Text>
      )}
      {data?.encoding === "UCS-2" && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} p="xs">
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t("campaigns.form.ucs2Warning", { segments: data.gsm7Segments })}</Text>
            {plain !== null && plain !== value.trim() && (
              <Button size="xs" variant="white" color="orange" onClick={() => onChange(plain)}>
                {t("campaigns.form.toGsm7")}
              </Button>
            )}
          </Group>
        </Alert>
      )}
    </Stack>
  );
}
