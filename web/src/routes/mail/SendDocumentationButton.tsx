import { Button, Modal } from "@mantine/core";
import { IconMailForward } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import type { PersonKind } from "../../api/types.ts";
import { useUser } from "../../app/session.tsx";
import { SendDocumentationForm } from "./SendDocumentationForm.tsx";

/** "Envoyer la documentation" on a person's page: the form in a dialog (nothing for who may not send mail). */
export function SendDocumentationButton({
  person,
}: {
  person: { id: string; kind: PersonKind; mergedIntoId: string | null };
}) {
  const { t } = useTranslation();
  const user = useUser();
  const [opened, setOpened] = useState(false);
  if (!can(user.role, "mail.send") || person.mergedIntoId) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconMailForward size={16} />} onClick={() => setOpened(true)}>
        {t("sendDocs.open")}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t("sendDocs.title")} size="lg">
        <SendDocumentationForm personId={person.id} kind={person.kind} />
      </Modal>
    </>
  );
}
