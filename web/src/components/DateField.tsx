import { TextInput } from "@mantine/core";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { DateFieldProps } from "./DateInputField.tsx";

const DateInputField = lazy(() =>
  import("./DateInputField.tsx").then((module) => ({ default: module.DateInputField })),
);

/**
 * A calendar date typed as dd/mm/yyyy (or picked), valued "YYYY-MM-DD" or null: see DateInputField.
 * The calendar and @mantine/dates come in their own file the first time a page shows a date, so
 * that a screen's first load does not wait for them; meanwhile the field shows, labelled, greyed.
 */
export function DateField(props: DateFieldProps) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <TextInput
          label={props.label}
          description={props.description}
          required={props.required}
          withAsterisk={props.withAsterisk}
          className={props.className}
          style={props.style}
          w={props.w}
          size={props.size}
          placeholder={t("common.datePlaceholder")}
          disabled
        />
      }
    >
      <DateInputField {...props} />
    </Suspense>
  );
}
