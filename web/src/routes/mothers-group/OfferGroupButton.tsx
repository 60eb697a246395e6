import { Button } from "@mantine/core";
import { IconUsersGroup } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MembershipModal } from "./MembershipModal.tsx";

/** « Proposer le groupe des mamans » after a delivery (procedure 5): her answer is recorded as from after the delivery. */
export function OfferGroupButton({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="xs" variant="default" leftSection={<IconUsersGroup size={14} />} onClick={() => setOpen(true)}>
        {t("mothersGroup.offer")}
      </Button>
      <MembershipModal personId={personId} opened={open} onClose={() => setOpen(false)} source="after_delivery" />
    </>
  );
}
