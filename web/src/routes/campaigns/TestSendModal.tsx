import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Campaign, sendCampaignTest } from "../../api/campaigns.ts";
import { useUser } from "../../app/session.tsx";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

/**
 * « Envoyer un test »: the saved campaign, marked « [TEST] », to the user's own address (or another) and,
 * for the SMS variant, to a phone; not counted in the figures.
 */
export function TestSendModal({
  campaign,
  opened,
  onClose,
}: {
  campaign: Campaign;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const email = campaign.channels.includes("email");
  const sms = campaign.channels.includes("sms");
  const [address, setAddress] = useState(user.email);
  const [phone, setPhone] = useState("");

  const send = useMutation({
    mutationFn: () =>
      sendCampaignTest(campaign.id, {
        email: email && address.trim() ? address.trim() : undefined,
        phone: sms && phone.trim() ? phone.trim() : undefined,
      }),
    onSuccess: (result) => {
      const to = [result.emailId ? address.trim() : null, result.smsId ? phone.trim() : null].filter(Boolean);
      notifySuccess(t("campaigns.test.sent", { to: to.join(", ") }));
      onClose();
    },
  });
  const split = send.error ? splitApiError(send.error, (field) => field === "email" || field === "phone") : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t("campaigns.test.title")}>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t("campaigns.test.intro")}
          </Text>
          {email && (
            <TextInput
              type="email"
              label={t("campaigns.test.email")}
              value={address}
              onChange={(e) => setAddress(e.currentTarget.value)}
              error={split?.fieldErrors.email}
            />
          )}
          {sms && (
            <TextInput
              type="tel"
              label={t("campaigns.test.phone")}
              description={email ? t("campaigns.test.phoneOptional") : undefined}
              placeholder="77 123 45 67"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              error={split?.fieldErrors.phone}
            />
          )}
          <ErrorAlert error={send.error} message={split?.message} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={send.isPending}>
              {t("campaigns.test.send")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
