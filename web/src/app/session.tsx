import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import {
  ApiError,
  isUnreachableError,
  setAnsweredHandler,
  setCsrfRefresher,
  setCsrfToken,
  setSessionLostHandler,
} from "../api/client.ts";
import { fetchSession, logout, queryKeys } from "../api/endpoints.ts";
import type { Session, User } from "../api/types.ts";

/** Why the last session ended: the login page explains an expiry, and forgets the page after a sign-out. */
export type SessionExit = "expired" | "signed_out" | null;

interface SessionContextValue {
  session: Session | null;
  user: User | null;
  /** True until GET /api/auth/me has answered. */
  loading: boolean;
  /** The first check failed for another reason than "not signed in" (server unreachable…). */
  error: unknown;
  exit: SessionExit;
  signedIn(session: Session): void;
  signOut(): Promise<void>;
  /** Re-reads /api/auth/me, e.g. after a password change. */
  refresh(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The offline store (IndexedDB), loaded apart: the first screens do not wait for it. */
const offlineStore = () => import("../offline/store.ts");

/**
 * A session ended (sign-out, 401, expiry, account disabled): the offline queue stops sending, and this
 * browser forgets the session kept for offline and the records it saw. The writes not yet sent stay.
 */
function forgetOffline(): void {
  void import("../offline/queue.ts").then((m) => m.stopQueue()).catch(() => undefined);
  void offlineStore()
    .then((m) => m.forgetSeen())
    .catch(() => undefined);
}

/**
 * The signed-in session, or null when nobody is signed in (401). With the server out of reach,
 * the session this browser last had (kept by the offline store), so that the call screen opens
 * offline; its CSRF token is fetched again once the server answers.
 */
async function readSession(): Promise<Session | null> {
  try {
    const session = await fetchSession();
    setCsrfToken(session.csrfToken);
    void offlineStore().then((m) => m.rememberSession(session));
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      // Nobody is signed in: the session kept for offline and the records seen go (the queue was not started).
      void offlineStore()
        .then((m) => m.forgetSeen())
        .catch(() => undefined);
      return null;
    }
    if (isUnreachableError(error)) {
      const cached = await offlineStore()
        .then((m) => m.readCachedSession())
        .catch(() => null);
      if (cached) return cached;
    }
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [exit, setExit] = useState<SessionExit>(null);
  const query = useQuery({
    queryKey: queryKeys.session,
    queryFn: readSession,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  /** Forgets the session and every cached answer of the previous user. */
  const forget = useCallback(
    (reason: SessionExit) => {
      setCsrfToken(null);
      forgetOffline();
      setExit(reason);
      queryClient.setQueryData(queryKeys.session, null);
      // Once the signed-in screens have unmounted, drop their data.
      setTimeout(() => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "auth" }), 0);
    },
    [queryClient],
  );

  useEffect(() => {
    setSessionLostHandler(() => {
      if (queryClient.getQueryData(queryKeys.session)) forget("expired");
    });
    setCsrfRefresher(async () => {
      const session = await readSession().catch(() => null);
      queryClient.setQueryData(queryKeys.session, session);
      return session?.csrfToken ?? null;
    });
    // The server slides a session's idle expiry at most once a minute: so does the copy kept for offline.
    let touched = 0;
    setAnsweredHandler(() => {
      const now = Date.now();
      if (now - touched < 60_000 || !queryClient.getQueryData(queryKeys.session)) return;
      touched = now;
      void offlineStore()
        .then((m) => m.touchCachedSession(now))
        .catch(() => undefined);
    });
    return () => {
      setSessionLostHandler(null);
      setAnsweredHandler(null);
      setCsrfRefresher(null);
    };
  }, [forget, queryClient]);

  const signedIn = useCallback(
    (session: Session) => {
      setCsrfToken(session.csrfToken);
      setExit(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "auth" });
      queryClient.setQueryData(queryKeys.session, session);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch {
      // Already signed out or server unreachable: forget the session locally anyway.
    }
    // What this browser saw goes with the session (the writes still to send stay): see forget.
    forget("signed_out");
  }, [forget]);

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.session });
  }, [queryClient]);

  const { refetch } = query;
  const session = query.data ?? null;
  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      user: session?.user ?? null,
      loading: query.isPending,
      error: query.error,
      exit,
      signedIn,
      signOut,
      refresh,
      retry: () => void refetch(),
    }),
    [session, query.isPending, query.error, exit, signedIn, signOut, refresh, refetch],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in user; only for screens behind RequireAuth. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error("useUser without a signed-in user");
  return user;
}
