import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Kbd,
  Modal,
  NativeSelect,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Stepper,
  Switch,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useHotkeys, useMediaQuery } from "@mantine/hooks";
import { IconCircleCheck, IconDeviceFloppy, IconPhoneIncoming } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useBlocker } from "react-router";
import { LIMITS } from "../../../../shared/limits.ts";
import { type Call, type CreateCallInput, callKeys, fetchActiveServices, fetchStaff } from "../../api/calls.ts";
import { fetchPerson, queryKeys } from "../../api/endpoints.ts";
import type { Interaction, PersonKind, PersonSummary } from "../../api/types.ts";
import { useUser } from "../../app/session.tsx";
import { todayIn, useFormatDateTime, useSettingsQuery, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";
import { digitCount, formatPhone } from "../../components/phone.ts";
import { isColdProspect } from "../people/coldProspect.ts";
import { emptyPersonValues, type PersonFormValues } from "../people/personForm.ts";
import { AnswerStep } from "./AnswerStep.tsx";
import { CallerStep, looksLikePhone } from "./CallerStep.tsx";
import classes from "./CallScreen.module.css";
import { CLOSING_FIELDS, type ClosingDraft, ClosingStep } from "./ClosingStep.tsx";
import {
  type AnswerCase,
  type CallChannel,
  type CallOutcome,
  isLeftOpen,
  isResumeOutcome,
  resumeStep,
  STEPS,
  type Step,
} from "./callSteps.ts";
import { HoldPanel } from "./HoldPanel.tsx";
import { type InteractionDraft, InteractionStep, MOTIVE_OF_CHANNEL } from "./InteractionStep.tsx";
import { KeyHint } from "./KeyHint.tsx";
import { StepForm } from "./StepForm.tsx";
import { DEFAULT_GREETINGS, type Desk, defaultDesk, greeting } from "./sentences.ts";
import { type LineFields, useCallLine } from "./useCallLine.ts";
import { useHoldTimer } from "./useHoldTimer.ts";

/** Enough digits to be a whole number (Senegal's have 9), worth keeping on the register line. */
const WHOLE_NUMBER_DIGITS = 9;
const digitsOf = (text: string) => text.replace(/\D/g, "");

/** The number to keep on the line: the record's phone the receptionist typed, else what she typed, else the record's first. */
function phoneForLine(typed: string, phones: readonly string[]): string | undefined {
  const digits = digitsOf(typed);
  if (looksLikePhone(typed) && digits.length >= 6) {
    const known = phones.find((p) => digitsOf(p).endsWith(digits.slice(-WHOLE_NUMBER_DIGITS)));
    if (known) return known;
    if (digits.length >= WHOLE_NUMBER_DIGITS) return typed.trim();
  }
  return phones[0];
}

/** The desk chosen last in this browser (the clinic's line or the reception desk). */
const DESK_KEY = "relais.callScreen.desk";
/** The step a line was at, per line, for this tab: a reload (F5) reopens the screen there. */
const stepKey = (callId: string) => `relais.callScreen.step.${callId}`;

function readStorage(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}
function writeStorage(storage: () => Storage, key: string, value: string | null) {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // Storage refused (private mode, quota): the screen works without remembering.
  }
}

/** Where a line reopens: the step this tab was at on it, else the first step with nothing saved. */
function openingStep(call: Call): Step {
  const stored = readStorage(() => sessionStorage, stepKey(call.id));
  return (STEPS as readonly string[]).includes(stored ?? "") ? (stored as Step) : resumeStep(call);
}

/** Narrow screens (a phone): a compact stepper; the keyboard hints are hidden by CSS there. */
const NARROW = "(max-width: 47.99em)";

/**
 * The guided call screen (« écran d'appel »): procedure 1 step by step, the
 * register line created as soon as the receptionist starts and saved at every
 * step, the hold timer of procedure 3 beside it. `onNext` starts the next call;
 * `onLineCreated` is told the line's id as soon as it is created, for the address.
 */
export function CallScreen({
  initialCall,
  onNext,
  onLineCreated,
}: {
  initialCall: Call | null;
  onNext(): void;
  onLineCreated?(callId: string): void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const timeZone = useTimeZone();
  const formatDateTime = useFormatDateTime();
  const { data: settingsView } = useSettingsQuery();
  const settings = settingsView?.settings;
  const line = useCallLine(initialCall);
  const call = line.call;
  const timer = useHoldTimer();

  const services = useQuery({ queryKey: callKeys.services, queryFn: fetchActiveServices, staleTime: 5 * 60_000 });
  const staff = useQuery({ queryKey: callKeys.staff, queryFn: fetchStaff, staleTime: 5 * 60_000 });
  const serviceList = services.data?.services ?? [];

  const [step, setStep] = useState<Step>(() => (initialCall ? openingStep(initialCall) : "greeting"));
  const narrow = useMediaQuery(NARROW, false, { getInitialValueInEffect: false });
  const [desk, setDeskState] = useState<Desk>(() =>
    defaultDesk(
      user.role,
      readStorage(() => localStorage, DESK_KEY),
    ),
  );
  const setDesk = (next: Desk) => {
    setDeskState(next);
    writeStorage(() => localStorage, DESK_KEY, next);
  };
  const [channel, setChannel] = useState<CallChannel>(initialCall?.channel ?? "phone");
  const [transferredIn, setTransferredIn] = useState(Boolean(initialCall?.transferredInServiceId));
  const [transferredInServiceId, setTransferredInServiceId] = useState(initialCall?.transferredInServiceId ?? "");
  const [request, setRequest] = useState(initialCall?.request ?? "");
  const [cameBefore, setCameBefore] = useState<boolean | null>(initialCall?.cameBefore ?? null);
  const [lookup, setLookup] = useState(initialCall?.phone ? formatPhone(initialCall.phone) : "");
  const [personRef, setPersonRef] = useState<{ id: string; kind: PersonKind } | null>(
    initialCall?.person ? { id: initialCall.person.id, kind: initialCall.person.kind } : null,
  );
  const [creating, setCreating] = useState(false);
  const prospectForm = useFormState<PersonFormValues>(() => emptyPersonValues(todayIn(timeZone)));
  const [interaction, setInteraction] = useState<InteractionDraft>({
    motive: "",
    requestTypes: [],
    comment: initialCall?.request ?? "",
  });
  const [motiveTouched, setMotiveTouched] = useState(false);
  const [answerCase, setAnswerCase] = useState<AnswerCase | null>(null);
  const [closing, setClosing] = useState<ClosingDraft>({
    outcome: "answered",
    transferServiceId: initialCall?.transferServiceId ?? "",
    transferUserId: initialCall?.transferUserId ?? "",
    newsletterChannels: [],
  });
  const [notes, setNotes] = useState(initialCall?.notes ?? "");
  const [closed, setClosed] = useState<CallOutcome | null>(null);

  const personQuery = useQuery({
    queryKey: queryKeys.person(personRef?.kind ?? "prospect", personRef?.id ?? ""),
    queryFn: () => fetchPerson(personRef?.kind ?? "prospect", personRef?.id ?? ""),
    enabled: personRef !== null,
  });
  const person = personRef && personQuery.data?.id === personRef.id ? personQuery.data : null;

  const started = call !== null;

  // The address carries the line's id from its first save, and this tab remembers the step
  // reached on it: a reload (F5) reopens the same line at the same step.
  const callId = call?.id;
  const reported = useRef(initialCall?.id ?? null);
  const lineCreated = useRef(onLineCreated);
  lineCreated.current = onLineCreated;
  useEffect(() => {
    if (!callId) return;
    if (!closed) writeStorage(() => sessionStorage, stepKey(callId), step);
    if (reported.current !== callId) {
      reported.current = callId;
      lineCreated.current?.(callId);
    }
  }, [callId, step, closed]);
  const transferredInService = transferredIn
    ? (serviceList.find((s) => s.id === transferredInServiceId) ?? null)
    : null;
  // The motive procedure 1 names for this channel, unless the receptionist chose another.
  const defaultMotive = settings?.interactionMotives.some((m) => m.code === MOTIVE_OF_CHANNEL[channel])
    ? MOTIVE_OF_CHANNEL[channel]
    : "";
  const interactionDraft = motiveTouched ? interaction : { ...interaction, motive: defaultMotive };

  // --- saving
  /** What the screen knows of the caller when no record is linked yet (the paper-notebook case). */
  const callerDraft = (): LineFields => {
    if (person) return {};
    const fields: LineFields = {};
    const typedPhone = looksLikePhone(lookup) ? lookup : (prospectForm.values.phones[0] ?? "");
    if (digitCount(typedPhone) >= WHOLE_NUMBER_DIGITS) fields.phone = typedPhone.trim();
    const formName = `${prospectForm.values.lastName.trim()} ${prospectForm.values.firstName.trim()}`.trim();
    const typedName = /\p{L}/u.test(lookup) ? lookup.trim() : "";
    if (formName || typedName) fields.callerName = formName || typedName;
    return fields;
  };

  const startLine = (extra: LineFields = {}) =>
    line.create({
      channel,
      transferredInServiceId: transferredInService?.id ?? null,
      ...extra,
    } as CreateCallInput);

  const start = async () => {
    try {
      if (started) {
        await line.save({ channel, transferredInServiceId: transferredInService?.id ?? null });
      } else {
        await startLine();
      }
      setStep("request");
    } catch {
      // Shown by the line's error alert.
    }
  };

  const saveRequest = async () => {
    try {
      await line.save({ request: request.trim() || null, cameBefore });
      if (!interaction.comment.trim() || interaction.comment === call?.request) {
        setInteraction((prev) => ({ ...prev, comment: request.trim() }));
      }
      setStep("caller");
    } catch {
      // Shown by the line's error alert.
    }
  };

  const choosePerson = async (chosen: PersonSummary) => {
    const phone = phoneForLine(lookup, chosen.phones);
    try {
      await line.save({
        personId: chosen.id,
        callerName: `${chosen.lastName} ${chosen.firstName}`,
        ...(phone ? { phone } : {}),
      });
    } catch {
      // Shown by the line's error alert; the record is not linked.
      return;
    }
    setPersonRef({ id: chosen.id, kind: chosen.kind });
    setCreating(false);
  };

  /** The interaction recorded during this call, kept so that a failed link is retried, never recorded twice. */
  const [recordedInteraction, setRecordedInteraction] = useState<{ id: string; personId: string } | null>(null);
  const linkInteraction = async (interactionId: string) => {
    try {
      if (line.call?.interactionId !== interactionId) await line.save({ interactionId });
      setStep("answer");
    } catch {
      // Shown by the line's error alert; « Continuer » tries the link again.
    }
  };
  const interactionRecorded = async (saved: Interaction) => {
    setRecordedInteraction({ id: saved.id, personId: saved.personId });
    await linkInteraction(saved.id);
  };

  /** « Envoyer plus tard » (CAS 3): the interaction « documentation demandée », kept so that it is noted once. */
  const [documentationLater, setDocumentationLater] = useState<{ id: string; personId: string } | null>(null);
  const documentationNotedForLater = async (saved: Interaction) => {
    setDocumentationLater({ id: saved.id, personId: saved.personId });
    // A line without an interaction yet (the interaction step skipped) gets this one.
    if (line.call && !line.call.interactionId) {
      try {
        await line.save({ interactionId: saved.id });
      } catch {
        // Shown by the line's error alert; the request is on the record either way.
      }
    }
  };

  /** Ends a hold and adds its seconds to the line. */
  const resumeFromHold = async () => {
    const seconds = timer.stop();
    if (seconds <= 0 || !started) return;
    try {
      await line.save((current) => ({ holdSeconds: current.holdSeconds + seconds }));
    } catch {
      // Shown by the line's error alert.
    }
  };

  const holdFields = (): LineFields | ((current: Call) => LineFields) => {
    const seconds = timer.stop();
    return seconds > 0 ? (current: Call) => ({ holdSeconds: current.holdSeconds + seconds }) : {};
  };

  const [closingErrors, setClosingErrors] = useState<Record<string, string>>({});
  const close = async (outcome: CallOutcome) => {
    if (outcome === "transferred" && !closing.transferServiceId && !closing.transferUserId) {
      setClosingErrors({ transferServiceId: t("callScreen.closing.transferRequired") });
      return;
    }
    setClosingErrors({});
    const hold = holdFields();
    const transfer = {
      transferServiceId: outcome === "transferred" ? closing.transferServiceId || null : null,
      transferUserId: outcome === "transferred" ? closing.transferUserId || null : null,
    };
    try {
      if (!started) await startLine();
      const fields = (current: Call): LineFields => ({
        ...(typeof hold === "function" ? hold(current) : hold),
        ...callerDraft(),
        request: request.trim() || null,
        cameBefore,
        notes: notes.trim() || null,
        // Her newsletter consent, when she gave it, is written with the closing (a linked record only).
        ...(person && closing.newsletterChannels.length ? { newsletterChannels: closing.newsletterChannels } : {}),
      });
      const current = line.call;
      let saved: Call;
      if (current && isLeftOpen(current) && isResumeOutcome(outcome)) {
        // A line left to resume (or to call back) is resumed: who did it and when are kept on the line.
        await line.save(fields);
        saved = await line.resume({ outcome, ...transfer });
      } else {
        saved = await line.save((latest) => ({ ...fields(latest), outcome, ...transfer }));
      }
      setClosed(outcome);
      // Reopened later (« à reprendre »), the line starts again at its first step with nothing saved.
      writeStorage(() => sessionStorage, stepKey(saved.id), null);
    } catch (error) {
      setClosingErrors(splitApiError(error, (f) => CLOSING_FIELDS.has(f)).fieldErrors);
    }
  };

  /** Set once the screen may be left without asking (the line saved, or the receptionist chose to). */
  const leaving = useRef(false);

  /**
   * « Enregistrer et terminer plus tard »: what is there is saved, the line stays open for the
   * end of the day; then the next call (or `then`, e.g. the page the receptionist was going to).
   */
  const saveForLater = async (then: () => void = onNext) => {
    if (closed) return;
    const hold = holdFields();
    const fields = (current: Call | null): LineFields => ({
      ...(current && typeof hold === "function" ? hold(current) : {}),
      ...callerDraft(),
      request: request.trim() || null,
      cameBefore,
      notes: notes.trim() || null,
    });
    try {
      const saved = started ? await line.save((current) => fields(current)) : await startLine(fields(null));
      notifySuccess(t("callScreen.saveLater.saved"));
      writeStorage(() => sessionStorage, stepKey(saved.id), null);
      leaving.current = true;
      then();
    } catch {
      // Shown by the line's error alert.
    }
  };

  const goToClosing = (outcome?: CallOutcome) => {
    if (outcome) setClosing((prev) => ({ ...prev, outcome }));
    setStep("closing");
  };

  const toggleHold = () => {
    if (timer.onHold) void resumeFromHold();
    else if (started) timer.start();
  };

  // Leaving the screen mid-call (the menu, a link) would drop what is typed and not saved yet: ask first.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      !leaving.current && started && closed === null && currentLocation.pathname !== nextLocation.pathname,
  );

  useHotkeys(
    [
      ["alt+A", toggleHold, { usePhysicalKeys: true, preventDefault: true }],
      ["alt+S", () => void saveForLater(), { usePhysicalKeys: true, preventDefault: true }],
      ["alt+C", () => started && !closed && goToClosing(), { usePhysicalKeys: true, preventDefault: true }],
    ],
    [],
  );

  // --- rendering
  const callerLastName = person?.lastName ?? prospectForm.values.lastName.trim() ?? null;
  const activeIndex = STEPS.indexOf(step);

  const stepContent = () => {
    switch (step) {
      case "greeting":
        return (
          <StepForm title={t("callScreen.steps.greeting")} onSubmit={() => void start()}>
            <LabelledChoice
              id="call-desk-label"
              label={t("callScreen.greeting.desk")}
              value={desk}
              onChange={setDesk}
              data={[
                { value: "reception", label: t("callScreen.greeting.deskReception") },
                { value: "line", label: t("callScreen.greeting.deskLine") },
              ]}
            />
            <LabelledChoice
              id="call-channel-label"
              label={t("callScreen.greeting.channel")}
              value={channel}
              onChange={setChannel}
              data={[
                { value: "phone", label: t("callScreen.greeting.phone") },
                { value: "visit", label: t("callScreen.greeting.visit") },
              ]}
            />
            {channel === "phone" && (
              <Group align="flex-end">
                <Switch
                  label={t("callScreen.greeting.transferredIn")}
                  checked={transferredIn}
                  onChange={(event) => setTransferredIn(event.currentTarget.checked)}
                />
                {transferredIn && (
                  <NativeSelect
                    label={t("callScreen.greeting.transferredInService")}
                    data={[
                      { value: "", label: t("callScreen.closing.none") },
                      ...serviceList.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name })),
                    ]}
                    value={transferredInServiceId}
                    onChange={(event) => setTransferredInServiceId(event.currentTarget.value)}
                  />
                )}
              </Group>
            )}
            <Group>
              <Button
                type="submit"
                size="lg"
                leftSection={<IconPhoneIncoming size={22} />}
                rightSection={<KeyHint>{t("callScreen.keys.enter")}</KeyHint>}
                loading={line.saving && !started}
                data-autofocus
              >
                {started ? t("callScreen.continue") : t("callScreen.greeting.start")}
              </Button>
            </Group>
            {!started && <Text c="dimmed">{t("callScreen.greeting.startHelp")}</Text>}
          </StepForm>
        );
      case "request":
        return (
          <StepForm title={t("callScreen.steps.request")} onSubmit={() => void saveRequest()}>
            <Textarea
              size="md"
              label={t("callScreen.request.prompt")}
              description={t("callScreen.request.help")}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={LIMITS.commentMax}
              value={request}
              onChange={(event) => setRequest(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
              data-autofocus
            />
            <Text size="lg" fs="italic">
              « {t("callScreen.request.then")} »
            </Text>
            <Radio.Group
              label={t("callScreen.request.cameBefore")}
              value={cameBefore === null ? "" : cameBefore ? "yes" : "no"}
              onChange={(value) => setCameBefore(value === "yes")}
              onKeyDown={(event) => {
                const target = event.target as HTMLInputElement;
                if (event.key === "Enter" && target.type === "radio") {
                  event.preventDefault();
                  target.form?.requestSubmit();
                }
              }}
            >
              <Group mt="xs">
                <Radio value="yes" label={t("people.form.yes")} />
                <Radio value="no" label={t("people.form.no")} />
              </Group>
            </Radio.Group>
            <Group>
              <Button
                type="submit"
                loading={line.saving}
                rightSection={<KeyHint>{t("callScreen.keys.enter")}</KeyHint>}
              >
                {t("callScreen.continue")}
              </Button>
            </Group>
          </StepForm>
        );
      case "caller":
        return (
          <CallerStep
            lookup={lookup}
            onLookupChange={setLookup}
            cameBefore={cameBefore}
            person={person}
            personLoading={personRef !== null && !person && personQuery.isPending}
            creating={creating}
            onCreatingChange={setCreating}
            prospectForm={prospectForm}
            prefillProspect={() => {
              const typed = lookup.trim();
              const origin = settings?.origins.some((o) => o.code === channel) ? channel : "";
              prospectForm.setValues((prev) => ({
                ...prev,
                phones: looksLikePhone(typed) && !prev.phones.some((p) => p.trim()) ? [typed] : prev.phones,
                lastName: /\p{L}/u.test(typed) && !prev.lastName ? typed : prev.lastName,
                origin: prev.origin || origin,
              }));
            }}
            onChoose={choosePerson}
            onChangePerson={() => setPersonRef(null)}
            onContinue={() => setStep("interaction")}
          />
        );
      case "interaction":
        return (
          <InteractionStep
            channel={channel}
            person={person}
            recorded={
              (call?.interactionId != null && call.personId === person?.id) ||
              (recordedInteraction !== null && recordedInteraction.personId === person?.id)
            }
            draft={interactionDraft}
            onDraftChange={(draft) => {
              setMotiveTouched(true);
              setInteraction(draft);
            }}
            onRecorded={interactionRecorded}
            onContinue={() =>
              recordedInteraction && recordedInteraction.personId === person?.id
                ? void linkInteraction(recordedInteraction.id)
                : setStep("answer")
            }
            onIdentify={() => setStep("caller")}
          />
        );
      case "answer":
        return (
          <AnswerStep
            callId={call?.id}
            channel={channel}
            person={person}
            answerCase={answerCase}
            onCaseChange={setAnswerCase}
            onOfferChosen={(name) => {
              const line = t("callScreen.answer.offerNote", { name });
              setNotes((prev) => (prev.includes(line) ? prev : [prev.trim(), line].filter(Boolean).join("\n")));
              notifySuccess(t("callScreen.answer.offerNoted", { name }));
            }}
            onDocumentationSent={() => void line.reload().catch(() => undefined)}
            documentationLater={documentationLater !== null && documentationLater.personId === person?.id}
            onDocumentationLater={documentationNotedForLater}
            onIdentify={() => setStep("caller")}
            onContinue={() => goToClosing()}
          />
        );
      case "closing":
        return (
          <ClosingStep
            callId={call?.id}
            lastName={callerLastName || null}
            callerName={call?.callerName ?? undefined}
            callerPhone={call?.phone ?? undefined}
            personId={person?.id}
            coldProspect={isColdProspect(person)}
            draft={closing}
            onDraftChange={(draft) => {
              setClosingErrors({});
              setClosing(draft);
            }}
            services={serviceList}
            staff={staff.data?.users ?? []}
            errors={closingErrors}
            saving={line.saving}
            onClose={(outcome) => void close(outcome)}
          />
        );
    }
  };

  const lineError = line.error ? (
    <ErrorAlert
      error={line.error}
      message={isVersionConflict(line.error) ? t("callScreen.line.conflict") : undefined}
      onReload={() => void line.reload()}
    />
  ) : null;

  return (
    <Stack gap="md" className={classes.screen}>
      <Title order={1} fz={{ base: 30, sm: 44 }} c="teal.8" lh={1.15}>
        {greeting(settings?.greetings ?? DEFAULT_GREETINGS, desk, user.firstName, transferredInService)}
      </Title>

      {closed ? (
        <ClosedPanel
          outcome={closed}
          call={call}
          onNext={() => {
            leaving.current = true;
            onNext();
          }}
        />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <Stepper
                active={activeIndex}
                onStepClick={(index) => {
                  const target = STEPS[index];
                  if (target && (started || index === 0)) setStep(target);
                }}
                allowNextStepsSelect={started}
                size="xs"
                iconSize={narrow ? 26 : undefined}
                aria-label={t("callScreen.stepsLabel")}
              >
                {STEPS.map((key) => (
                  <Stepper.Step
                    key={key}
                    // On a phone the icons alone, the current step named below them.
                    label={narrow ? undefined : t(`callScreen.steps.${key}`)}
                    aria-label={narrow ? t(`callScreen.steps.${key}`) : undefined}
                    aria-current={key === step ? "step" : undefined}
                  />
                ))}
              </Stepper>
              {narrow && (
                <Text size="sm" fw={600} c="teal.8">
                  {t("callScreen.stepOf", {
                    n: activeIndex + 1,
                    total: STEPS.length,
                    label: t(`callScreen.steps.${step}`),
                  })}
                </Text>
              )}
              {lineError}
              <Paper withBorder p={{ base: "sm", sm: "lg" }} key={step}>
                {stepContent()}
              </Paper>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="md" pos="sticky" top={76}>
              <HoldPanel
                timer={timer}
                disabled={!started}
                totalSeconds={call?.holdSeconds ?? 0}
                onHold={timer.start}
                onResume={() => void resumeFromHold()}
                onLeaveMessage={() => {
                  void resumeFromHold();
                  goToClosing("message_left");
                }}
                onCallBackLater={() => {
                  void resumeFromHold();
                  goToClosing("call_back_later");
                }}
              />

              <Paper withBorder p="md" component="section" aria-labelledby="call-line-title">
                <Stack gap="sm">
                  <Title order={2} size="h4" id="call-line-title">
                    {t("callScreen.line.title")}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {call
                      ? t("callScreen.line.started", {
                          date: formatDateTime(call.receivedAt).split(" ")[0],
                          time: formatDateTime(call.receivedAt).split(" ")[1],
                        })
                      : t("callScreen.line.notStarted")}
                  </Text>
                  {call?.callerName && (
                    <Text size="sm">
                      {call.callerName}
                      {call.phone ? ` · ${formatPhone(call.phone)}` : ""}
                    </Text>
                  )}
                  <Textarea
                    label={t("callScreen.notes.label")}
                    description={t("callScreen.notes.help")}
                    autosize
                    minRows={2}
                    maxRows={5}
                    maxLength={LIMITS.notesMax}
                    value={notes}
                    onChange={(event) => setNotes(event.currentTarget.value)}
                  />
                  <Button
                    variant="light"
                    leftSection={<IconDeviceFloppy size={18} />}
                    onClick={() => void saveForLater()}
                    loading={line.saving}
                    aria-keyshortcuts="Alt+S"
                    rightSection={<KeyHint>Alt+S</KeyHint>}
                    h="auto"
                    py={8}
                    styles={{ label: { whiteSpace: "normal", textAlign: "left" } }}
                  >
                    {t("callScreen.saveLater.button")}
                  </Button>
                  <Text size="xs" c="dimmed">
                    {t("callScreen.saveLater.help")}
                  </Text>
                </Stack>
              </Paper>

              <Shortcuts />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
      <Modal opened={blocker.state === "blocked"} onClose={() => blocker.reset?.()} title={t("callScreen.leave.title")}>
        <Stack>
          <Text size="sm">{t("callScreen.leave.text")}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
              {t("callScreen.leave.stay")}
            </Button>
            <Button
              variant="light"
              color="red"
              onClick={() => {
                leaving.current = true;
                blocker.proceed?.();
              }}
            >
              {t("callScreen.leave.discard")}
            </Button>
            <Button onClick={() => void saveForLater(() => blocker.proceed?.())} loading={line.saving}>
              {t("callScreen.leave.save")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** The keys of the screen, always in sight. */
function Shortcuts() {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t("callScreen.keys.enter"), t("callScreen.keys.enterAction")],
    ["Tab / Maj+Tab", t("callScreen.keys.tabAction")],
    ["Alt+A", t("callScreen.keys.holdAction")],
    ["Alt+C", t("callScreen.keys.closingAction")],
    ["Alt+S", t("callScreen.keys.saveAction")],
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="call-keys-title" className={classes.keysPanel}>
      <Title order={2} size="h5" id="call-keys-title" mb="xs">
        {t("callScreen.keys.title")}
      </Title>
      <Table withRowBorders={false} verticalSpacing={4} fz="sm">
        <Table.Tbody>
          {rows.map(([key, action]) => (
            <Table.Tr key={key}>
              <Table.Td w={120}>
                <Kbd size="xs">{key}</Kbd>
              </Table.Td>
              <Table.Td>{action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** After the outcome: the line is closed (or left open to resume); the next call starts from here. */
function ClosedPanel({ outcome, call, onNext }: { outcome: CallOutcome; call: Call | null; onNext(): void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg">
      <StepForm title={t("callScreen.closed.title")} onSubmit={onNext}>
        <Alert color="teal" icon={<IconCircleCheck size={20} />}>
          {t("callScreen.closed.text", { outcome: t(`callScreen.closing.outcomes.${outcome}`) })}
        </Alert>
        <Group>
          <Button
            type="submit"
            size="lg"
            leftSection={<IconPhoneIncoming size={22} />}
            rightSection={<KeyHint>{t("callScreen.keys.enter")}</KeyHint>}
            data-autofocus
          >
            {t("callScreen.closed.next")}
          </Button>
          {call && (
            <Anchor component={Link} to={`/appels/${call.id}`}>
              {t("callScreen.closed.viewLine")}
            </Anchor>
          )}
        </Group>
      </StepForm>
    </Paper>
  );
}

/** A choice of a few options, full width, with its label above (step 1: the desk, the channel). */
function LabelledChoice<T extends string>({
  id,
  label,
  value,
  onChange,
  data,
}: {
  id: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  data: { value: T; label: string }[];
}) {
  return (
    <Stack gap={6}>
      <Text fw={500} size="sm" id={id}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={id}
        fullWidth
        value={value}
        onChange={(next) => onChange(next as T)}
        data={data}
        maw={520}
      />
    </Stack>
  );
}
