import { Select, type SelectProps } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSegments } from "./useSegments.ts";

/** A select of the saved segments (the campaign composer's audience), by name. */
export function SegmentPicker({
  value,
  onChange,
  ...props
}: { value: string | null; onChange: (segmentId: string | null) => void } & Omit<
  SelectProps,
  "data" | "value" | "onChange"
>) {
  const { t } = useTranslation();
  const { data, isLoading } = useSegments();
  return (
    <Select
      label={t("segments.picker.label")}
      placeholder={isLoading ? t("segments.loading") : t("segments.picker.placeholder")}
      nothingFoundMessage={t("segments.picker.none")}
      searchable
      {...props}
      data={(data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
      value={value}
      onChange={onChange}
    />
  );
}
