import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { exportMothersGroup } from "./export-list.ts";
import { inviteToGroup } from "./invite.ts";
import { countMothersGroup, listMothersGroup } from "./list.ts";
import { getMemberships, setMembership } from "./memberships.ts";
import {
  countsSchema,
  exportQuery,
  invitationResultSchema,
  inviteInput,
  listQuery,
  listSchema,
  membershipParams,
  membershipSchema,
  membershipsSchema,
  personParams,
  setMembershipInput,
} from "./mothers-group.schema.ts";

/** The « Groupe des Mamans NEST » (procedure 5): memberships, invitations, the group's list and its figures. */
export const mothersGroupRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const manage = { access: "mothersGroup.manage" } as const;
  const tags = ["mothers-group"];

  r.get(
    "/api/people/:id/mothers-group",
    {
      config: { access: "people.read" },
      schema: {
        tags,
        summary: "A patient's memberships of the mothers' group (WhatsApp, Facebook) with their history",
        params: personParams,
        response: { 200: membershipsSchema },
      },
    },
    (request) => getMemberships(ctxOf(services, request), request.params.id),
  );
  r.put(
    "/api/people/:id/mothers-group/:network",
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Record or change her status with one network's group (409 at a stale version; member needs consentToAdd)",
        params: membershipParams,
        body: setMembershipInput,
        response: { 200: membershipSchema },
      },
    },
    (request) => setMembership(ctxOf(services, request), request.params.id, request.params.network, request.body),
  );
  r.post(
    "/api/people/:id/mothers-group/:network/invite",
    {
      config: manage,
      schema: {
        tags,
        summary: "Send her the group's invitation link by SMS or e-mail; she becomes « invited »",
        params: membershipParams,
        body: inviteInput,
        response: { 200: invitationResultSchema },
      },
    },
    (request) => inviteToGroup(ctxOf(services, request), request.params.id, request.params.network, request.body),
  );
  r.get(
    "/api/mothers-group",
    {
      config: manage,
      schema: {
        tags,
        summary: "One network's mothers (phones, due date, children's birth dates), newest status first",
        querystring: listQuery,
        response: { 200: listSchema },
      },
    },
    (request) => listMothersGroup(ctxOf(services, request), request.query),
  );
  r.get(
    "/api/mothers-group/counts",
    {
      config: { access: "people.read" },
      schema: { tags, summary: "How many mothers per network and status", response: { 200: countsSchema } },
    },
    (request) => countMothersGroup(ctxOf(services, request)),
  );
  r.get(
    "/api/mothers-group.xlsx",
    {
      config: manage,
      schema: {
        tags,
        summary: "The moderator's list as XLSX: mothers who agreed to be added only",
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const { filename, buffer } = await exportMothersGroup(ctxOf(services, request), request.query.network);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .send(buffer);
    },
  );
};
