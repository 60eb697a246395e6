import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import {
  type Call,
  type CreateCallInput,
  callKeys,
  createCall,
  fetchCall,
  resumeCall,
  type UpdateCallInput,
  updateCall,
} from "../../api/calls.ts";

/** The body of POST /api/calls/:id/resume. */
type ResumeCallInput = Parameters<typeof resumeCall>[1];

export type LineFields = Omit<UpdateCallInput, "version">;

export interface CallLine {
  /** The register line as last saved, null until the receptionist starts. */
  call: Call | null;
  /** The last save that failed (shown at the top of the screen), null once one succeeds. */
  error: unknown;
  saving: boolean;
  create(body: CreateCallInput): Promise<Call>;
  /**
   * Saves fields on the line, with its latest version; saves run one after the
   * other. A function receives the line as saved just before (to add to holdSeconds).
   */
  save(fields: LineFields | ((current: Call) => LineFields)): Promise<Call>;
  /** Ends a line that was left to resume or to call back (POST …/resume). */
  resume(fields: Omit<ResumeCallInput, "version">): Promise<Call>;
  /** After a version conflict: the line as stored now. */
  reload(): Promise<void>;
}

/**
 * The call register line behind the call screen: created once (POST) as soon as
 * the receptionist starts, then completed step by step (PATCH). Saves are chained
 * so that two of them (a step and the end of a hold) never race on the version.
 */
export function useCallLine(initial: Call | null): CallLine {
  const queryClient = useQueryClient();
  const [call, setCall] = useState<Call | null>(initial);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(0);
  const latest = useRef<Call | null>(initial);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const track = useCallback(<T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.current.then(async () => {
      setPending((n) => n + 1);
      try {
        const result = await work();
        setError(null);
        return result;
      } catch (failure) {
        setError(failure);
        throw failure;
      } finally {
        setPending((n) => n - 1);
      }
    });
    chain.current = run.catch(() => undefined);
    return run;
  }, []);

  const remember = useCallback(
    (saved: Call) => {
      latest.current = saved;
      setCall(saved);
      queryClient.setQueryData(callKeys.one(saved.id), saved);
      // The register's lists and end-of-day view show this line.
      void queryClient.invalidateQueries({ queryKey: callKeys.all, refetchType: "none" });
      return saved;
    },
    [queryClient],
  );

  const create = useCallback(
    (body: CreateCallInput) =>
      track(async () => {
        if (latest.current) return latest.current;
        return remember(await createCall(body));
      }),
    [track, remember],
  );

  const save = useCallback(
    (fields: LineFields | ((current: Call) => LineFields)) =>
      track(async () => {
        const current = latest.current;
        if (!current) throw new Error("call line not started");
        const body = typeof fields === "function" ? fields(current) : fields;
        return remember(await updateCall(current.id, { version: current.version, ...body }));
      }),
    [track, remember],
  );

  const resume = useCallback(
    (fields: Omit<ResumeCallInput, "version">) =>
      track(async () => {
        const current = latest.current;
        if (!current) throw new Error("call line not started");
        return remember(await resumeCall(current.id, { version: current.version, ...fields }));
      }),
    [track, remember],
  );

  const reload = useCallback(
    () =>
      track(async () => {
        const current = latest.current;
        if (current) remember(await fetchCall(current.id));
      }),
    [track, remember],
  );

  return { call, error, saving: pending > 0, create, save, resume, reload };
}
