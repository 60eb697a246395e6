import { MultiSelect } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { listDocuments, mailKeys } from "../../api/mail.ts";

const sizes = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** Documents of the library attached to the e-mail (the active ones; one kept though deactivated stays listed). */
export function AttachmentsField({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const documents = useQuery({
    queryKey: mailKeys.documentList(undefined),
    queryFn: () => listDocuments(),
    staleTime: 60_000,
  });
  const options = (documents.data?.items ?? [])
    .filter((d) => d.active || value.includes(d.id))
    .map((d) => ({ value: d.id, label: `${d.name} (${sizes.format(d.sizeBytes / 1024 / 1024)} Mo)` }));
  return (
    <MultiSelect
      label={t("campaigns.form.attachments")}
      description={t("campaigns.form.attachmentsHelp")}
      placeholder={options.length === 0 ? t("campaigns.form.noDocument") : t("campaigns.form.attachmentsPlaceholder")}
      searchable
      clearable
      data={options}
      value={value}
      onChange={onChange}
      error={documents.error ? t("campaigns.form.documentsFailed") : undefined}
    />
  );
}
