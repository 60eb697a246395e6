import "@mantine/dates/styles.css";
import "dayjs/locale/fr";
import { DateInput, type DateInputProps, DatesProvider } from "@mantine/dates";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { maskDateTyping, readDateText } from "../../../shared/date-text.ts";
import { formatDate } from "./datetime.ts";

export type DateFieldProps = Omit<
  DateInputProps,
  "value" | "onChange" | "valueFormat" | "dateParser" | "minDate" | "maxDate"
> & {
  value: string | null;
  onChange: (value: string | null) => void;
  minDate?: string;
  maxDate?: string;
};

/** What the typed text says beyond the value: nothing, a day out of bounds, a text that is no day. */
type TextProblem = "none" | "incomplete" | "invalid" | "outOfRange";

/**
 * A calendar date typed as dd/mm/yyyy (or picked), valued "YYYY-MM-DD" or null.
 * Digits get their slashes as they are typed ("05061990" → 05/06/1990; the
 * user's own slashes and deletions are left alone), 8 digits are a day, and
 * 6 digits (jjmmaa) are not: the century is ambiguous.
 * A text that is not a day — complete but impossible (« 31/02/1990 »), or
 * left unfinished — shows « Date invalide » and keeps the value empty, instead
 * of being silently dropped and later reported as « obligatoire ».
 * With `minDate` / `maxDate` ("YYYY-MM-DD") the days outside are greyed in the
 * calendar, and a typed day outside is told at once (« Date hors limites :
 * du … au … »).
 * Loaded with @mantine/dates when a page first shows a date (see DateField.tsx).
 */
export function DateInputField({ value, onChange, minDate, maxDate, error, onBlur, ...props }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const [problem, setProblem] = useState<TextProblem>("none");
  const localError =
    problem === "outOfRange"
      ? t("common.dateOutOfRange", {
          min: minDate ? formatDate(minDate) : "…",
          max: maxDate ? formatDate(maxDate) : "…",
        })
      : problem === "invalid"
        ? t("common.dateInvalid")
        : undefined;
  return (
    <DatesProvider settings={{ locale: i18n.language === "en" ? "en" : "fr", firstDayOfWeek: 1 }}>
      <DateInput
        placeholder={t("common.datePlaceholder")}
        {...props}
        minDate={minDate}
        maxDate={maxDate}
        // The field's own reading of the text comes first: a required-field error would only hide it.
        error={localError || error}
        // A text that is not a day in bounds stays typed, with its message, rather than being replaced on leaving the field.
        fixOnBlur={problem === "none"}
        value={value || null}
        onChange={(next) => {
          setProblem("none");
          onChange(next);
        }}
        // Runs before DateInput's own change handler, which reads the text from the element:
        // slashes are added to what was just typed at the end of the text, never on a deletion.
        onInput={(event: FormEvent<HTMLInputElement>) => {
          const input = event.currentTarget;
          const inputType = (event.nativeEvent as InputEvent).inputType ?? "";
          if (inputType.startsWith("delete") || input.selectionStart !== input.value.length) return;
          const masked = maskDateTyping(input.value);
          if (masked !== input.value) input.value = masked;
        }}
        onBlur={(event) => {
          // Left unfinished (« 05/06/19 », or six digits jjmmaa): not a day.
          if (problem === "incomplete") setProblem("invalid");
          onBlur?.(event);
        }}
        valueFormat={(date) => formatDate(date.slice(0, 10))}
        dateParser={(input) => {
          const text = readDateText(input);
          if (text.kind === "date") {
            const outside =
              (minDate !== undefined && text.date < minDate) || (maxDate !== undefined && text.date > maxDate);
            setProblem(outside ? "outOfRange" : "none");
            // DateInput keeps the previous day for a day out of bounds: the value must not stay stale.
            if (outside && value) onChange(null);
            return text.date;
          }
          // While typing, only a complete text is told invalid; an unfinished one is told on leaving the field.
          setProblem(text.kind === "invalid" ? "invalid" : text.kind === "incomplete" ? "incomplete" : "none");
          // The text no longer says the previous day: the value follows it.
          if (value) onChange(null);
          return null;
        }}
      />
    </DatesProvider>
  );
}
