import { Checkbox, Group, Radio, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CONSENT_CHANNELS, type ConsentChannel } from "../../api/consents.ts";

export type NewsletterWish = "yes" | "no" | "";

/**
 * « Souhaite-t-elle recevoir les newsletters ? » in a form that writes the consent register (the entry
 * interview): yes with the channels, no, or not discussed (nothing written).
 */
export function NewsletterQuestion({
  wish,
  channels,
  onWish,
  onChannels,
  error,
}: {
  wish: NewsletterWish;
  channels: ConsentChannel[];
  onWish: (wish: NewsletterWish) => void;
  onChannels: (channels: ConsentChannel[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Radio.Group
        label={t("consents.form.newsletterWish")}
        description={t("consents.form.newsletterWishHelp")}
        value={wish}
        onChange={(value) => onWish(value as NewsletterWish)}
      >
        <Group gap="md" mt={6}>
          <Radio value="yes" label={t("consents.form.wishYes")} />
          <Radio value="no" label={t("consents.form.wishNo")} />
          <Radio value="" label={t("consents.form.wishUnasked")} />
        </Group>
      </Radio.Group>
      {wish === "yes" && (
        <Checkbox.Group
          label={t("consents.form.newsletterChannels")}
          value={channels}
          onChange={(value) => onChannels(value as ConsentChannel[])}
          error={error}
        >
          <Group gap="md" mt={6}>
            {CONSENT_CHANNELS.map((channel) => (
              <Checkbox key={channel} value={channel} label={t(`consents.channels.${channel}`)} />
            ))}
          </Group>
        </Checkbox.Group>
      )}
    </Stack>
  );
}
