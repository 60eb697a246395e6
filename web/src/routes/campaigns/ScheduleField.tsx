import "@mantine/dates/styles.css";
import "dayjs/locale/fr";
import { DatesProvider, DateTimePicker } from "@mantine/dates";
import { useTranslation } from "react-i18next";

/**
 * The day and time a campaign leaves, in the clinic's time zone: the picker's value is a wall-clock
 * « YYYY-MM-DD HH:mm:ss » that the page reads as the clinic's time (not the browser's).
 */
export function ScheduleField({
  value,
  onChange,
  minDate,
  error,
  description,
}: {
  value: string | null;
  onChange: (value: string | null) => void;
  /** « YYYY-MM-DD »: the clinic's today. */
  minDate: string;
  error?: string;
  description?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === "en" ? "en" : "fr", firstDayOfWeek: 1 }}>
      <DateTimePicker
        label={t("campaigns.send.at")}
        description={description}
        placeholder={t("campaigns.send.atPlaceholder")}
        required
        clearable
        valueFormat="DD/MM/YYYY HH:mm"
        defaultTimeValue="09:00"
        minDate={minDate}
        value={value}
        onChange={(next) => onChange(next)}
        error={error}
        popoverProps={{ withinPortal: true }}
        nextLabel={t("campaigns.send.nextMonth")}
        previousLabel={t("campaigns.send.previousMonth")}
        submitButtonProps={{ "aria-label": t("campaigns.send.atOk") }}
      />
    </DatesProvider>
  );
}
