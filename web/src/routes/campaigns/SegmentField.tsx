import { Anchor, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { SegmentPicker } from "../segments/SegmentPicker.tsx";
import { useSegmentCount, useSegments } from "../segments/useSegments.ts";

const numbers = new Intl.NumberFormat("fr-FR");

/** The segment a campaign goes to (the segments' picker), with how many people it holds now. */
export function SegmentField({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (segmentId: string | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const segments = useSegments();
  const segment = segments.data?.items.find((s) => s.id === value);
  const count = useSegmentCount(segment?.filter ?? {}, segment !== undefined);

  return (
    <div>
      <SegmentPicker
        label={t("campaigns.form.segment")}
        required
        value={value}
        onChange={onChange}
        error={error ?? (segments.error ? t("campaigns.form.segmentsFailed") : undefined)}
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
        {segments.data?.items.length === 0 && (
          <Text size="xs" c="orange">
            {t("campaigns.form.noSegment")}
          </Text>
        )}
        <Anchor component={Link} to="/segments" size="xs">
          {t("campaigns.form.manageSegments")}
        </Anchor>
      </Group>
    </div>
  );
}
