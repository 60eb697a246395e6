import { Alert, Button, Divider, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconCalendarEvent, IconInfoCircle, IconMail, IconStar, IconUserSearch } from "@tabler/icons-react";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Interaction, Person } from "../../api/types.ts";
import { PageLoader } from "../../components/feedback.tsx";
import { PhoneList } from "../../components/PhoneText.tsx";
import { OfferFinder } from "../catalogue/OfferFinder.tsx";
import { EditPersonModal } from "../people/person/EditPersonModal.tsx";
import { ANSWER_CASES, type AnswerCase, type CallChannel } from "./callSteps.ts";
import { KeyHint } from "./KeyHint.tsx";
import { SendLaterPanel } from "./SendLaterPanel.tsx";
import { StepForm } from "./StepForm.tsx";

// The booking and sending forms come once the answer step is shown (not in the call screen's first load,
// which pays for the offline queue this way).
const loadBooking = () => import("../appointments/BookAppointmentForm.tsx");
const loadSending = () => import("../mail/SendDocumentationForm.tsx");
const BookAppointmentForm = lazy(() => loadBooking().then((m) => ({ default: m.BookAppointmentForm })));
const SendDocumentationForm = lazy(() => loadSending().then((m) => ({ default: m.SendDocumentationForm })));

const CASE_ICONS = { appointment: IconCalendarEvent, information: IconInfoCircle, documentation: IconMail };

/**
 * Step 5: the three cases of procedure 1 — CAS 1 a request for an appointment,
 * CAS 2 information, CAS 3 information with documentation sent.
 */
export function AnswerStep({
  callId,
  channel,
  person,
  answerCase,
  onCaseChange,
  onOfferChosen,
  onDocumentationSent,
  documentationLater,
  onDocumentationLater,
  onIdentify,
  onContinue,
}: {
  callId: string | undefined;
  channel: CallChannel;
  person: Person | null;
  answerCase: AnswerCase | null;
  onCaseChange(value: AnswerCase): void;
  /** « Choisir » on an offer of the finder: noted on the call. */
  onOfferChosen(name: string): void;
  /** Sending documentation may link the register line too (when it had no interaction yet). */
  onDocumentationSent(): void;
  /** « Envoyer plus tard » was noted during this call. */
  documentationLater: boolean;
  onDocumentationLater(interaction: Interaction): Promise<void> | void;
  onIdentify(): void;
  onContinue(): void;
}) {
  const { t } = useTranslation();
  // Fetched as the step opens, so that a case chosen finds its form there.
  useEffect(() => {
    void loadBooking();
    void loadSending();
  }, []);
  const identifyFirst = (
    <Alert color="orange" icon={<IconUserSearch size={18} />}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t("callScreen.answer.identifyFirst")}</Text>
        <Button size="xs" variant="light" onClick={onIdentify}>
          {t("callScreen.interaction.goIdentify")}
        </Button>
      </Stack>
    </Alert>
  );

  const offers = (
    <Stack gap="sm">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconStar size={18} />}
        title={t("callScreen.answer.objectivesTitle")}
      >
        <Text fw={700}>{t("callScreen.answer.objectives")}</Text>
      </Alert>
      {/* The finder asks the profile itself (« assuré ou non / chambre simple ou double »), starting from the record. */}
      <OfferFinder
        insured={person?.insured ?? null}
        member={person?.member ?? null}
        onChooseOffer={(offer) => onOfferChosen(offer.name)}
      />
    </Stack>
  );

  return (
    <StepForm title={t("callScreen.steps.answer")}>
      <Stack gap={6}>
        <Text fw={600} id="answer-case-label">
          {t("callScreen.answer.question")}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} role="group" aria-labelledby="answer-case-label">
          {ANSWER_CASES.map((value, index) => {
            const Icon = CASE_ICONS[value];
            const chosen = answerCase === value;
            return (
              <Button
                key={value}
                variant={chosen ? "filled" : "default"}
                size="md"
                h="auto"
                py="sm"
                aria-pressed={chosen}
                onClick={() => onCaseChange(value)}
                leftSection={<Icon size={22} aria-hidden />}
                px="sm"
                styles={{ label: { whiteSpace: "normal", textAlign: "left", overflow: "visible", height: "auto" } }}
                data-autofocus={index === 0 && !answerCase ? true : chosen ? true : undefined}
              >
                <Stack gap={0}>
                  <Text size="xs" fw={700} c={chosen ? undefined : "dimmed"}>
                    {t("callScreen.answer.caseNumber", { n: index + 1 })}
                  </Text>
                  <Text fw={700} size="sm" lh={1.3}>
                    {t(`callScreen.answer.cases.${value}`)}
                  </Text>
                </Stack>
              </Button>
            );
          })}
        </SimpleGrid>
      </Stack>

      {answerCase === "appointment" &&
        (person ? (
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t("callScreen.answer.appointmentHelp")}
            </Text>
            <Suspense fallback={<PageLoader />}>
              <BookAppointmentForm personId={person.id} callId={callId} />
            </Suspense>
          </Stack>
        ) : (
          identifyFirst
        ))}

      {answerCase === "information" && offers}

      {answerCase === "documentation" && (
        <Stack gap="md">
          {offers}
          {person ? (
            <DocumentationPanel
              person={person}
              callId={callId}
              channel={channel}
              onSent={onDocumentationSent}
              later={documentationLater}
              onLater={onDocumentationLater}
            />
          ) : (
            identifyFirst
          )}
        </Stack>
      )}

      <Group>
        <Button onClick={onContinue} rightSection={<KeyHint>Alt+C</KeyHint>} aria-keyshortcuts="Alt+C">
          {t("callScreen.answer.toClosing")}
        </Button>
      </Group>
    </StepForm>
  );
}

/**
 * CAS 3: « Souhaiteriez-vous que l'on vous envoie la documentation ? » — « Vérifier
 * que numéro de téléphone et adresse email bien renseignés », then send it, or
 * note it to send later the same day.
 */
function DocumentationPanel({
  person,
  callId,
  channel,
  onSent,
  later,
  onLater,
}: {
  person: Person;
  callId: string | undefined;
  channel: CallChannel;
  onSent(): void;
  later: boolean;
  onLater(interaction: Interaction): Promise<void> | void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Text size="lg" fs="italic" fw={600}>
          {t("callScreen.answer.documentationQuestion")}
        </Text>
        <Text fw={600}>{t("callScreen.answer.checkContact")}</Text>
        <Group gap="xl">
          <Text size="sm">
            <Text span fw={600}>
              {t("people.fields.phones")} :{" "}
            </Text>
            <PhoneList phones={person.phones} />
          </Text>
          <Text size="sm" c={person.email ? undefined : "red"}>
            <Text span fw={600}>
              {t("people.fields.email")} :{" "}
            </Text>
            {person.email ?? t("callScreen.answer.noEmail")}
          </Text>
          <Button size="xs" variant="light" onClick={() => setEditing(true)}>
            {t("callScreen.caller.complete")}
          </Button>
        </Group>
        <Suspense fallback={<PageLoader />}>
          <SendDocumentationForm personId={person.id} kind={person.kind} callId={callId} onSent={onSent} />
        </Suspense>
        <Divider label={t("callScreen.answer.sendLater.or")} labelPosition="left" />
        <SendLaterPanel person={person} channel={channel} recorded={later} onRecorded={onLater} />
      </Stack>
      <EditPersonModal opened={editing} person={person} onClose={() => setEditing(false)} />
    </Paper>
  );
}
