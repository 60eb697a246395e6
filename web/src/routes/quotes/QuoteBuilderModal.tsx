import {
  ActionIcon,
  Button,
  Grid,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import {
  type CreateQuoteInput,
  catalogueKeys,
  createQuote,
  type FoundOffer,
  type OfferPrice,
  type Quote,
} from "../../api/catalogue.ts";
import { queryKeys } from "../../api/endpoints.ts";
import type { Channel, PersonDetail } from "../../api/types.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { formatFcfa, useProfileLabel } from "../catalogue/format.ts";
import { OfferFinder } from "../catalogue/OfferFinder.tsx";
import { CHANNELS } from "../people/labels.ts";

interface Line {
  key: string;
  offerPriceId: string | null;
  label: string;
  quantity: number | "";
  unitPriceXof: number | "";
}

let lineSequence = 0;
const nextKey = () => {
  lineSequence += 1;
  return `line-${lineSequence}`;
};

const amountOf = (line: Line) =>
  typeof line.quantity === "number" && typeof line.unitPriceXof === "number" ? line.quantity * line.unitPriceXof : 0;

/** "Nouvelle facture pro forma": lines from the catalogue (through the finder) or typed, quantities, a live total. */
export function QuoteBuilderModal({
  opened,
  person,
  onClose,
  onCreated,
}: {
  opened: boolean;
  person: PersonDetail;
  onClose: () => void;
  onCreated: (quote: Quote) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} size="90%" title={t("quotes.builderTitle")}>
      {opened && <QuoteBuilder person={person} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function QuoteBuilder({
  person,
  onClose,
  onCreated,
}: {
  person: PersonDetail;
  onClose: () => void;
  onCreated: (quote: Quote) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const profileLabel = useProfileLabel();
  const [lines, setLines] = useState<Line[]>([]);
  const [notes, setNotes] = useState("");
  const [channel, setChannel] = useState<Channel>("visit");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const total = lines.reduce((sum, line) => sum + amountOf(line), 0);

  const addPrice = (offer: FoundOffer, price: OfferPrice) => {
    const profile = price.insured === null && price.member === null && price.room === null ? "" : profileLabel(price);
    const name = price.label ? `${offer.name} – ${price.label}` : offer.name;
    setLines((prev) => [
      ...prev,
      {
        key: nextKey(),
        offerPriceId: price.id,
        label: profile ? `${name} (${profile})` : name,
        quantity: 1,
        unitPriceXof: price.amountXof,
      },
    ]);
  };

  const addFree = () =>
    setLines((prev) => [...prev, { key: nextKey(), offerPriceId: null, label: "", quantity: 1, unitPriceXof: "" }]);

  const update = (index: number, patch: Partial<Line>) => {
    setLines((prev) => prev.map((line, i) => (i === index ? { ...line, ...patch } : line)));
    setErrors({});
  };

  const mutation = useMutation({
    mutationFn: () => {
      const input: CreateQuoteInput = {
        personId: person.id,
        channel,
        notes: notes.trim() || null,
        lines: lines.map((line) =>
          line.offerPriceId
            ? { offerPriceId: line.offerPriceId, quantity: Number(line.quantity) }
            : { label: line.label.trim(), unitPriceXof: Number(line.unitPriceXof), quantity: Number(line.quantity) },
        ),
      };
      return createQuote(input);
    },
    onSuccess: async (quote) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: catalogueKeys.quotes }),
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
      ]);
      notifySuccess(t("quotes.created", { number: quote.number }));
      onCreated(quote);
    },
    onError: (error) => setErrors(splitApiError(error, (field) => /^lines(\.\d+)?/.test(field)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (lines.length === 0) found.lines = t("quotes.noLines");
    lines.forEach((line, i) => {
      if (!line.offerPriceId && !line.label.trim()) found[`lines.${i}.label`] = t("form.required");
      if (line.unitPriceXof === "") found[`lines.${i}.unitPriceXof`] = t("form.required");
      if (line.quantity === "" || line.quantity < 1) found[`lines.${i}.quantity`] = t("quotes.quantityMin");
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.reset();
    mutation.mutate();
  };

  const lineError = (i: number) =>
    Object.entries(errors).find(([field]) => field === `lines.${i}` || field.startsWith(`lines.${i}.`))?.[1];
  const alert = mutation.error ? splitApiError(mutation.error, (field) => /^lines(\.\d+)?/.test(field)).message : null;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="xs">
          <Title order={3}>{t("quotes.fromCatalogue")}</Title>
          <OfferFinder insured={person.insured} member={person.member} onChoosePrice={addPrice} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={3}>{t("quotes.for", { name: `${person.lastName} ${person.firstName}` })}</Title>
            <ErrorAlert error={mutation.error} message={alert} />
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("quotes.label")}</Table.Th>
                    <Table.Th w={80}>{t("quotes.quantity")}</Table.Th>
                    <Table.Th w={140}>{t("quotes.unitPrice")}</Table.Th>
                    <Table.Th ta="right">{t("quotes.amount")}</Table.Th>
                    <Table.Th w={1} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Text size="sm" c={errors.lines ? "red" : "dimmed"}>
                          {errors.lines ?? t("quotes.noLinesHelp")}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {lines.map((line, i) => (
                    <Table.Tr key={line.key}>
                      <Table.Td>
                        {line.offerPriceId ? (
                          <Stack gap={0}>
                            <Text size="sm">{line.label}</Text>
                            {lineError(i) && (
                              <Text size="xs" c="red">
                                {lineError(i)}
                              </Text>
                            )}
                          </Stack>
                        ) : (
                          <TextInput
                            size="xs"
                            aria-label={t("quotes.label")}
                            placeholder={t("quotes.freeLabelPlaceholder")}
                            maxLength={300}
                            value={line.label}
                            onChange={(event) => update(i, { label: event.currentTarget.value })}
                            error={lineError(i)}
                          />
                        )}
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          size="xs"
                          aria-label={t("quotes.quantity")}
                          min={1}
                          max={10000}
                          allowDecimal={false}
                          allowNegative={false}
                          value={line.quantity}
                          onChange={(value) => update(i, { quantity: typeof value === "number" ? value : "" })}
                        />
                      </Table.Td>
                      <Table.Td>
                        {line.offerPriceId ? (
                          <Text size="sm">{formatFcfa(Number(line.unitPriceXof))}</Text>
                        ) : (
                          <NumberInput
                            size="xs"
                            aria-label={t("quotes.unitPrice")}
                            min={0}
                            allowDecimal={false}
                            allowNegative={false}
                            thousandSeparator=" "
                            value={line.unitPriceXof}
                            onChange={(value) => update(i, { unitPriceXof: typeof value === "number" ? value : "" })}
                          />
                        )}
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                        <Text size="sm">{formatFcfa(amountOf(line))}</Text>
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t("quotes.removeLine")}
                          onClick={() => setLines((prev) => prev.filter((_, j) => j !== i))}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={3} ta="right">
                      {t("quotes.total")}
                    </Table.Th>
                    <Table.Th ta="right" style={{ whiteSpace: "nowrap" }} aria-live="polite">
                      {formatFcfa(total)}
                    </Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
            <Group>
              <Button variant="default" size="xs" leftSection={<IconPlus size={14} />} onClick={addFree}>
                {t("quotes.addFreeLine")}
              </Button>
            </Group>
            <Select
              label={t("quotes.channel")}
              allowDeselect={false}
              data={CHANNELS.map((c) => ({ value: c, label: t(`people.channels.${c}`) }))}
              value={channel}
              onChange={(value) => value && setChannel(value as Channel)}
            />
            <Textarea
              label={t("quotes.notes")}
              autosize
              minRows={2}
              maxLength={LIMITS.notesMax}
              value={notes}
              onChange={(event) => setNotes(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t("quotes.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Grid.Col>
    </Grid>
  );
}
