import { Anchor, Group, Loader, Select, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { countSegment, listSegments, segmentKeys } from "../segments/api.ts";

const numbers = new Intl.NumberFormat("fr-FR");

/** The segment a campaign goes to, with how many people it holds now (before consent and addresses). */
export function SegmentField({
  value,
  onChange,
  error,
  disabled,
}: {
  value: string | null;
  onChange: (segmentId: string | null) => void;
  error?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const segments = useQuery({ queryKey: segmentKeys.list(), queryFn: ({ signal }) => listSegments(signal) });
  const segment = segments.data?.items.find((s) => s.id === value);
  const count = useQuery({
    queryKey: segmentKeys.count(segment?.filter ?? {}),
    queryFn: ({ signal }) => countSegment(segment?.filter ?? {}, signal),
    enabled: segment !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const empty = segments.data?.items.length === 0;

  return (
    <div>
      <Select
        label={t("campaigns.form.segment")}
        placeholder={empty ? t("campaigns.form.noSegment") : t("campaigns.form.segmentPlaceholder")}
        required
        searchable
        disabled={disabled}
        data={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        value={value}
        onChange={onChange}
        error={error ?? (segments.error ? t("campaigns.form.segmentsFailed") : undefined)}
        rightSection={segments.isPending ? <Loader size="xs" /> : undefined}
      />
      <Group gap="xs" mt={4}>
        {segment && (
          <Text size="xs" c="dimmed" aria-live="polite" data-testid="segment-count">
            {count.data
              ? t("campaigns.form.segmentCount", {
                  count: count.data.count,
                  formatted: numbers.format(count.data.count),
                })
              : t("campaigns.form.segmentCounting")}
          </Text>
        )}
        <Anchor component={Link} to="/segments" size="xs">
          {t("campaigns.form.manageSegments")}
        </Anchor>
      </Group>
    </div>
  );
}
