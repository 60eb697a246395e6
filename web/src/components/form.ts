import { type ChangeEvent, useCallback, useState } from "react";
import { ApiError, type FieldIssue } from "../api/client.ts";

export type FieldErrors = Record<string, string>;

/** Minimal form state: values, per-field errors (keyed by dotted path), and helpers to bind inputs. */
export function useFormState<T extends object>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  const clearError = useCallback((field: string) => {
    setErrors((prev) => {
      if (!(field in prev)) return prev;
      const next = { ...prev };
      delete next[field];
      return next;
    });
  }, []);

  const setField = useCallback(
    <K extends keyof T>(key: K, value: T[K]) => {
      setValues((prev) => ({ ...prev, [key]: value }));
      clearError(String(key));
    },
    [clearError],
  );

  const reset = useCallback((next: T) => {
    setValues(next);
    setErrors({});
  }, []);

  /** value / onChange / error for a text input bound to a string field. */
  const textProps = <K extends keyof T & string>(key: K) => ({
    value: values[key] as unknown as string,
    onChange: (event: ChangeEvent<HTMLInputElement>) => setField(key, event.currentTarget.value as T[K]),
    error: errors[key],
  });

  return { values, setValues, errors, setErrors, setField, clearError, reset, textProps };
}

/**
 * Spreads an API error over a form: issues whose field the form shows become field
 * errors; the rest (or a global error) is returned as a message for an Alert.
 */
export function splitApiError(
  error: unknown,
  isKnownField: (field: string) => boolean,
  mapField: (field: string) => string = (field) => field,
): { fieldErrors: FieldErrors; message: string | null } {
  if (!(error instanceof ApiError)) {
    return { fieldErrors: {}, message: error instanceof Error ? error.message : String(error) };
  }
  const fieldErrors: FieldErrors = {};
  const unmatched: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = mapField(issue.field);
    if (isKnownField(field)) {
      if (!(field in fieldErrors)) fieldErrors[field] = issue.message;
    } else {
      unmatched.push(issue);
    }
  }
  const allMatched = error.issues.length > 0 && unmatched.length === 0;
  return { fieldErrors, message: allMatched ? null : error.message };
}

/** A temporary password of 14 characters, without look-alike characters, to pass on to a user. */
export function generatePassword(length = 14): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (n) => alphabet[n % alphabet.length]).join("");
}
