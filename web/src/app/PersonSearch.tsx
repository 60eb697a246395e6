import { Combobox, Group, Loader, Stack, Text, TextInput, useCombobox } from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { IconSearch, IconUserPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { can } from "../../../shared/permissions.ts";
import { lookupPeople, queryKeys } from "../api/endpoints.ts";
import type { LookupResult } from "../api/types.ts";
import { parseDate } from "../components/datetime.ts";
import { errorMessage } from "../components/feedback.tsx";
import { identifyingDetails } from "../components/identifyingDetails.ts";
import { KindBadge } from "../components/PersonBadges.tsx";
import { personUrl } from "../components/personUrl.ts";
import { digitCount } from "../components/phone.ts";
import { useUser } from "./session.tsx";

const MIN_CHARS = 2;
const NEW_PROSPECT = "new-prospect";

/**
 * The header's lookup: a phone in any format (or 6+ of its digits), a name or a
 * birth date, answered as the user types. Arrows move through the results,
 * Enter opens the highlighted one (the first by default), Escape closes.
 */
export function PersonSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState("");
  const typed = value.trim();
  const [debounced] = useDebouncedValue(typed, 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  useHotkeys([["mod+K", () => inputRef.current?.focus()]]);

  /** Digits only but fewer than 6: not yet a number the lookup can use (nor a name). */
  const partialNumber = (text: string) => /^[\d\s+().\-/]+$/.test(text) && digitCount(text) < 6;
  const enabled = debounced.length >= MIN_CHARS && !partialNumber(debounced);
  const lookup = useQuery({
    queryKey: queryKeys.lookup(debounced),
    queryFn: ({ signal }) => lookupPeople(debounced, signal),
    enabled,
    staleTime: 10_000,
  });
  // Results are shown only for what is in the box now: Enter never opens the answer to an older query.
  const current = typed.length >= MIN_CHARS && typed === debounced;
  const results = current ? lookup.data?.results : undefined;
  const mayCreate = can(user.role, "people.write");

  useEffect(() => {
    if (results && results.length > 0) combobox.selectFirstOption();
  }, [results, combobox.selectFirstOption]);

  const close = () => {
    setValue("");
    combobox.closeDropdown();
    inputRef.current?.blur();
  };

  const submit = (optionValue: string) => {
    if (optionValue === NEW_PROSPECT) {
      const prefill: Record<string, string> = parseDate(typed)
        ? { birthDate: typed }
        : /\p{L}/u.test(typed)
          ? { name: typed }
          : { phone: typed };
      close();
      navigate(`/prospects/new?${new URLSearchParams(prefill)}`);
      return;
    }
    const person = results?.find((r) => r.id === optionValue);
    close();
    if (person) navigate(personUrl(person));
  };

  let content: ReactNode;
  if (typed.length < MIN_CHARS) content = <Combobox.Empty>{t("search.minChars", { count: MIN_CHARS })}</Combobox.Empty>;
  else if (partialNumber(typed)) content = <Combobox.Empty>{t("search.minDigits", { count: 6 })}</Combobox.Empty>;
  else if (lookup.isError && current) content = <Combobox.Empty>{errorMessage(lookup.error)}</Combobox.Empty>;
  else if (!results)
    content = (
      <Combobox.Empty>
        <Group gap="xs" justify="center">
          <Loader size="xs" />
          {t("search.searching")}
        </Group>
      </Combobox.Empty>
    );
  else
    content = (
      <>
        {results.length === 0 && <Combobox.Empty>{t("search.noResult")}</Combobox.Empty>}
        {results.map((person) => (
          <Combobox.Option value={person.id} key={person.id}>
            <ResultLine person={person} />
          </Combobox.Option>
        ))}
        {results.length === 0 && mayCreate && (
          <Combobox.Option value={NEW_PROSPECT}>
            <Group gap="xs" wrap="nowrap">
              <IconUserPlus size={16} aria-hidden />
              <Text size="sm">{t("search.createProspect", { query: typed })}</Text>
            </Group>
          </Combobox.Option>
        )}
      </>
    );

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={submit}
      position="bottom-start"
      shadow="md"
      middlewares={{ flip: false, shift: { padding: 8 } }}
      // As wide as the input on a desktop; on a phone, the screen's width.
      width="min(520px, calc(100vw - 16px))"
      classNames={{ option: "person-search-option" }}
    >
      <Combobox.Target>
        <TextInput
          ref={inputRef}
          w="100%"
          maw={520}
          type="search"
          aria-label={t("search.label")}
          placeholder={t("search.placeholder")}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={lookup.isFetching && current ? <Loader size="xs" /> : null}
          value={value}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setValue(event.currentTarget.value);
            combobox.openDropdown();
          }}
          onClick={() => combobox.openDropdown()}
          onFocus={() => {
            if (typed) combobox.openDropdown();
          }}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(event) => {
            if (event.key === "Escape") close();
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options mah={420} style={{ overflowY: "auto" }} aria-label={t("search.results")}>
          {content}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

function ResultLine({ person }: { person: LookupResult }) {
  const { t } = useTranslation();
  const details = identifyingDetails(t, person);
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <KindBadge kind={person.kind} size="sm" mt={2} miw={72} />
      <Stack gap={0}>
        <Text size="sm" fw={600}>
          {person.lastName} {person.firstName}
        </Text>
        {details.length > 0 && (
          <Text size="xs" c="dimmed">
            {details.join(" · ")}
          </Text>
        )}
      </Stack>
    </Group>
  );
}
