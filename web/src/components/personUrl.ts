/** The page of a person: /prospects/:id or /patients/:id. */
export const personUrl = (person: { kind: "prospect" | "patient"; id: string }) => `/${person.kind}s/${person.id}`;
