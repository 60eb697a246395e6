import { SegmentedControl, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DateField } from "../../components/DateField.tsx";

export type KnownDate = "ddr" | "dpa";

/**
 * A pregnancy's known date: « DDR » or « DPA » (the other is derived by the server), then the day; the
 * DDR not after today. Used by « Démarrer un parcours » and the entry interview; `children` follow the
 * field (the derived date, when the form shows it).
 */
export function PregnancyDateInput({
  known,
  day,
  today,
  error,
  onKnown,
  onDay,
  children,
}: {
  known: KnownDate;
  day: string | null;
  today: string;
  error?: string;
  onKnown: (known: KnownDate) => void;
  onDay: (day: string | null) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t("pathways.startModal.known")}
      </Text>
      <SegmentedControl
        value={known}
        onChange={(value) => onKnown(value as KnownDate)}
        data={[
          { value: "ddr", label: t("pathways.startModal.knownDdr") },
          { value: "dpa", label: t("pathways.startModal.knownDpa") },
        ]}
      />
      <DateField
        key={known}
        label={t(known === "ddr" ? "pathways.ddrLong" : "pathways.dpaLong")}
        value={day}
        onChange={onDay}
        required
        maxDate={known === "ddr" ? today : undefined}
        error={error}
      />
      {children}
    </Stack>
  );
}
