// The signed-in session: access token in memory, refresh token in an HttpOnly cookie.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, setAccessToken, setOnUnauthorized, unwrap, type Schemas } from './api/client';
import i18n from '../i18n';

type Person = Schemas['PersonDto'];
type Login = Schemas['LoginResponse'];

interface Session {
  user: Person | null;
  ready: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  adopt: (login: Login) => void;
  signOut: () => Promise<void>;
  /** Replace the signed-in person's data (after a change to their profile). */
  setUser: (p: Person) => void;
}

const Ctx = createContext<Session | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<Person | null>(null);
  const [ready, setReady] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const refreshing = useRef<Promise<boolean> | null>(null);

  const clear = useCallback(() => {
    window.clearTimeout(timer.current);
    setAccessToken(null);
    setUserState(null);
  }, []);

  const adopt = useCallback(
    (login: Login) => {
      setAccessToken(login.access_token);
      setUserState(login.user);
      if (login.user.locale && login.user.locale !== i18n.language) void i18n.changeLanguage(login.user.locale);
      window.clearTimeout(timer.current);
      // Renew a minute before the access token runs out.
      const ms = Math.max(10, login.expires_in - 60) * 1000;
      timer.current = window.setTimeout(() => void refresh(), ms);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const refresh = useCallback(async (): Promise<boolean> => {
    // One refresh at a time: a rotated refresh token must never be presented twice.
    if (!refreshing.current) {
      refreshing.current = (async () => {
        const res = await api.POST('/api/v1/auth/refresh');
        if (res.data) {
          adopt(res.data);
          return true;
        }
        clear();
        return false;
      })().finally(() => {
        refreshing.current = null;
      });
    }
    return refreshing.current;
  }, [adopt, clear]);

  useEffect(() => {
    setOnUnauthorized(() => void refresh());
    void refresh().finally(() => setReady(true));
    return () => {
      setOnUnauthorized(null);
      window.clearTimeout(timer.current);
    };
  }, [refresh]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      adopt(unwrap(await api.POST('/api/v1/auth/login', { body: { email, password } })));
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout');
    clear();
  }, [clear]);

  // An answer that arrives late (a profile saved while signing out) must not bring a
  // signed-out session back, nor replace another person's.
  const setUser = useCallback((p: Person) => setUserState((prev) => (prev && prev.id === p.id ? p : prev)), []);

  const value = useMemo<Session>(
    () => ({ user, ready, signIn, adopt, signOut, setUser }),
    [user, ready, signIn, adopt, signOut, setUser],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside AuthProvider');
  return s;
}

/** What the signed-in person may do, from their grants (the server decides; this shapes the UI). */
export function useAbilities() {
  const { user } = useSession();
  const grants = user?.grants ?? [];
  const has = (role: string) => grants.some((g) => g.role === role);
  const isAdmin = has('admin');
  const coordinatedHubs = grants.filter((g) => g.role === 'hub_coordinator').map((g) => g.hub_id!);
  const ledSchools = grants.filter((g) => g.role === 'school_leader').map((g) => g.school_id!);
  const researchedHubs = grants.filter((g) => g.role === 'researcher').map((g) => g.hub_id!);
  return {
    isAdmin,
    coordinatedHubs,
    ledSchools,
    researchedHubs,
    canSeeResearch: isAdmin || coordinatedHubs.length > 0 || researchedHubs.length > 0,
    canManagePeople: isAdmin || coordinatedHubs.length > 0 || ledSchools.length > 0,
    canReadAudit: isAdmin || coordinatedHubs.length > 0,
    canEditHub: (hubId: string) => isAdmin || coordinatedHubs.includes(hubId),
    canAddSchool: (hubId: string) => isAdmin || coordinatedHubs.includes(hubId),
    canEditSchool: (hubId: string, schoolId: string) =>
      isAdmin || coordinatedHubs.includes(hubId) || ledSchools.includes(schoolId),
    canDeleteSchool: (hubId: string) => isAdmin || coordinatedHubs.includes(hubId),
  };
}
