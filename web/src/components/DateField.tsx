import "dayjs/locale/fr";
import { DateInput, type DateInputProps, DatesProvider } from "@mantine/dates";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, parseDate } from "./datetime.ts";

/**
 * A calendar date typed as dd/mm/yyyy (or picked), valued "YYYY-MM-DD" or null.
 * With `minDate` / `maxDate` ("YYYY-MM-DD") the days outside are greyed in the
 * calendar, and a typed day outside is told at once (« Date hors limites :
 * du … au … ») instead of being silently dropped.
 * Loaded only by the pages that need it, with @mantine/dates.
 */
export function DateField({
  value,
  onChange,
  minDate,
  maxDate,
  error,
  ...props
}: Omit<DateInputProps, "value" | "onChange" | "valueFormat" | "dateParser" | "minDate" | "maxDate"> & {
  value: string | null;
  onChange: (value: string | null) => void;
  minDate?: string;
  maxDate?: string;
}) {
  const { t, i18n } = useTranslation();
  const [outOfRange, setOutOfRange] = useState(false);
  const rangeError = outOfRange
    ? t("common.dateOutOfRange", {
        min: minDate ? formatDate(minDate) : "…",
        max: maxDate ? formatDate(maxDate) : "…",
      })
    : undefined;
  return (
    <DatesProvider settings={{ locale: i18n.language === "en" ? "en" : "fr", firstDayOfWeek: 1 }}>
      <DateInput
        placeholder={t("common.datePlaceholder")}
        {...props}
        minDate={minDate}
        maxDate={maxDate}
        error={error || rangeError}
        // A day out of range stays typed, with its message, rather than being replaced on leaving the field.
        fixOnBlur={!outOfRange}
        value={value || null}
        onChange={(next) => {
          setOutOfRange(false);
          onChange(next);
        }}
        valueFormat={(date) => formatDate(date.slice(0, 10))}
        dateParser={(input) => {
          const day = parseDate(input);
          setOutOfRange(
            day !== null && ((minDate !== undefined && day < minDate) || (maxDate !== undefined && day > maxDate)),
          );
          return day;
        }}
      />
    </DatesProvider>
  );
}
