import { Anchor, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconFileTypePdf, IconMail, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { catalogueKeys, listPersonQuotes, type Quote, quotePdfUrl } from "../../api/catalogue.ts";
import type { PersonDetail } from "../../api/types.ts";
import { useUser } from "../../app/session.tsx";
import { formatDate } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { formatFcfa } from "../catalogue/format.ts";
import { QuoteBuilderModal } from "./QuoteBuilderModal.tsx";
import { SendQuoteModal } from "./SendQuoteModal.tsx";

/** The "Devis" section of a person page: the person's pro forma quotes, a new one, emailing one. */
export function PersonQuotes({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayMake = can(user.role, "mail.send") && !person.mergedIntoId;
  const quotes = useQuery({
    queryKey: catalogueKeys.personQuotes(person.id),
    queryFn: () => listPersonQuotes(person.id),
  });
  const [building, setBuilding] = useState(false);
  const [sending, setSending] = useState<Quote | null>(null);

  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t("quotes.sectionTitle")}
          </Title>
          {mayMake && (
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setBuilding(true)}>
              {t("quotes.new")}
            </Button>
          )}
        </Group>
        {quotes.isPending ? (
          <PageLoader />
        ) : quotes.error ? (
          <ErrorAlert error={quotes.error} onRetry={() => void quotes.refetch()} />
        ) : quotes.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("quotes.empty")}
          </Text>
        ) : (
          <Stack gap={0}>
            {quotes.data.map((quote, i) => (
              <Stack
                key={quote.id}
                gap={4}
                py="xs"
                style={i > 0 ? { borderTop: "1px solid var(--mantine-color-gray-3)" } : undefined}
              >
                <Group justify="space-between" wrap="nowrap" align="baseline">
                  <Text fw={600} ff="monospace" size="sm" style={{ whiteSpace: "nowrap" }}>
                    {quote.number}
                  </Text>
                  <Text fw={600} size="sm" style={{ whiteSpace: "nowrap" }}>
                    {formatFcfa(quote.totalXof)}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {t("quotes.dates", { date: formatDate(quote.issuedOn), validUntil: formatDate(quote.validUntil) })}
                </Text>
                <Group gap="xs">
                  <Anchor
                    href={quotePdfUrl(quote.id)}
                    target="_blank"
                    rel="noopener"
                    size="sm"
                    aria-label={t("quotes.pdfOf", { number: quote.number })}
                  >
                    <Group gap={4} wrap="nowrap">
                      <IconFileTypePdf size={16} aria-hidden />
                      {t("quotes.pdf")}
                    </Group>
                  </Anchor>
                  {mayMake && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      leftSection={<IconMail size={14} />}
                      onClick={() => setSending(quote)}
                    >
                      {t("quotes.sendByEmail")}
                    </Button>
                  )}
                </Group>
              </Stack>
            ))}
          </Stack>
        )}
      </Stack>
      {mayMake && (
        <QuoteBuilderModal
          opened={building}
          person={person}
          onClose={() => setBuilding(false)}
          onCreated={(quote) => {
            setBuilding(false);
            setSending(quote);
          }}
        />
      )}
      <SendQuoteModal quote={sending} onClose={() => setSending(null)} />
    </Card>
  );
}
