import "dayjs/locale/fr";
import { DateInput, type DateInputProps, DatesProvider } from "@mantine/dates";
import { useTranslation } from "react-i18next";
import { formatDate, parseDate } from "./datetime.ts";

/**
 * A calendar date typed as dd/mm/yyyy (or picked), valued "YYYY-MM-DD" or null.
 * Loaded only by the pages that need it, with @mantine/dates.
 */
export function DateField({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, "value" | "onChange" | "valueFormat" | "dateParser"> & {
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === "en" ? "en" : "fr", firstDayOfWeek: 1 }}>
      <DateInput
        placeholder={t("common.datePlaceholder")}
        {...props}
        value={value || null}
        onChange={onChange}
        valueFormat={(date) => formatDate(date.slice(0, 10))}
        dateParser={(input) => parseDate(input)}
      />
    </DatesProvider>
  );
}
