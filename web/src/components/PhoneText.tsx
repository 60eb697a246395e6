import { Anchor, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatPhone } from "./phone.ts";

/** A phone for reading, as a tel: link (softphones and mobiles dial it). */
export function PhoneText({ phone }: { phone: string }) {
  return (
    <Anchor href={`tel:${phone}`} inherit style={{ whiteSpace: "nowrap" }}>
      {formatPhone(phone)}
    </Anchor>
  );
}

/** Several phones, comma-separated; a dash when there are none. */
export function PhoneList({ phones, links = true }: { phones: readonly string[]; links?: boolean }) {
  const { t } = useTranslation();
  if (phones.length === 0)
    return (
      <Text span c="dimmed" inherit>
        {t("people.none")}
      </Text>
    );
  if (!links) return <span>{phones.map(formatPhone).join(", ")}</span>;
  return (
    <span>
      {phones.map((phone, i) => (
        <span key={phone}>
          {i > 0 && ", "}
          <PhoneText phone={phone} />
        </span>
      ))}
    </span>
  );
}
