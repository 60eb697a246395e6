import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../clock.ts";
import { systemActor } from "../../context.ts";
import { backupDatabase, restoreDatabase } from "../../db/backup.ts";
import { createTestApp, setupTestApp } from "../../test/app.ts";
import { createTestDatabase } from "../../test/database.ts";
import { DOCUMENT_MAX_BYTES } from "./document.schema.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });
const dir = mkdtempSync(path.join(tmpdir(), "relais-documents-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(2000), Buffer.from("\n%%EOF\n")]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(500)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300)]);

/** A multipart/form-data body as a browser sends it: fields, then the file. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = "----relais-test-boundary";
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

async function upload(
  client: Awaited<ReturnType<typeof t.current.signIn>>,
  fields: Record<string, string>,
  file?: { name: string; type: string; content: Buffer },
) {
  const { body, headers } = multipart(fields, file);
  return client.request("POST", "/api/documents", body, headers);
}

describe("the documentation library", () => {
  it("an admin uploads a PDF, a Word file and an image; everyone lists and downloads them", async () => {
    const { signIn } = t.current;
    const admin = await signIn("admin");
    const created = await upload(
      admin,
      { name: "Plaquette de présentation" },
      { name: "plaquette.pdf", type: "application/pdf", content: PDF },
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: "Plaquette de présentation",
      fileName: "plaquette.pdf",
      contentType: "application/pdf",
      sizeBytes: PDF.length,
      sha256: createHash("sha256").update(PDF).digest("hex"),
      active: true,
      uploadedAt: "2026-03-02T09:00:00.000Z",
      version: 1,
    });
    expect(created.json().uploadedBy).toMatch(/^Awa Diop\d+$/);
    // The type comes from the extension checked against the bytes, not from what the browser claims.
    const word = await upload(
      admin,
      { name: "Programme NEST" },
      { name: "Programme NEST é.docx", type: "application/octet-stream", content: DOCX },
    );
    expect(word.statusCode).toBe(201);
    expect(word.json().contentType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    // Without a name, the file's name without its extension.
    const image = await upload(
      admin,
      {},
      { name: "C:\\Users\\accueil\\flyer.JPEG", type: "image/jpeg", content: JPEG },
    );
    expect(image.statusCode).toBe(201);
    expect(image.json()).toMatchObject({ name: "flyer", fileName: "flyer.JPEG", contentType: "image/jpeg" });

    const viewer = await signIn("viewer");
    const list = await viewer.request("GET", "/api/documents");
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { name: string }) => d.name)).toEqual([
      "flyer",
      "Plaquette de présentation",
      "Programme NEST",
    ]);
    expect(list.json().items[0]).not.toHaveProperty("content");

    const file = await viewer.request("GET", `/api/documents/${created.json().id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toBe(
      `attachment; filename="plaquette.pdf"; filename*=UTF-8''plaquette.pdf`,
    );
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const accented = await viewer.request("GET", `/api/documents/${word.json().id}/file`);
    expect(accented.headers["content-disposition"]).toBe(
      `attachment; filename="Programme NEST e.docx"; filename*=UTF-8''Programme%20NEST%20%C3%A9.docx`,
    );
    expect((await viewer.request("GET", "/api/documents/00000000-0000-4000-8000-000000000000/file")).statusCode).toBe(
      404,
    );
    // Only an admin changes the library.
    const reception = await signIn("reception");
    expect(
      (await upload(reception, { name: "x" }, { name: "x.pdf", type: "application/pdf", content: PDF })).statusCode,
    ).toBe(403);
  });

  it("refuses other types, empty and oversized files, with a French message naming « file »", async () => {
    const admin = await t.current.signIn("admin");
    const exe = await upload(
      admin,
      { name: "Virus" },
      { name: "plaquette.exe", type: "application/octet-stream", content: Buffer.from("MZ\x90\x00") },
    );
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.code).toBe("document_type_refused");
    expect(exe.json().error.message).toMatch(/Type de fichier refusé/);
    expect(exe.json().error.details.issues[0].field).toBe("file");
    // A .pdf that is not a PDF.
    const fake = await upload(
      admin,
      { name: "Faux" },
      { name: "faux.pdf", type: "application/pdf", content: Buffer.from("<html>") },
    );
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.details.issues[0].field).toBe("file");

    const big = await upload(
      admin,
      { name: "Trop gros" },
      {
        name: "gros.pdf",
        type: "application/pdf",
        content: Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(DOCUMENT_MAX_BYTES)]),
      },
    );
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/10 Mo/);
    expect(big.json().error.details.issues[0].field).toBe("file");

    const empty = await upload(
      admin,
      { name: "Vide" },
      { name: "vide.pdf", type: "application/pdf", content: Buffer.alloc(0) },
    );
    expect(empty.statusCode).toBe(400);
    const noFile = await upload(admin, { name: "Rien" });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.details.issues[0].field).toBe("file");
    const json = await admin.request("POST", "/api/documents", { name: "JSON" });
    expect(json.statusCode).toBe(400);
    const list = (await admin.request("GET", "/api/documents")).json();
    expect(list.items.map((d: { name: string }) => d.name)).not.toContain("Virus");
  });

  it("renames and deactivates with the version; a stale version is refused", async () => {
    const admin = await t.current.signIn("admin");
    const created = (
      await upload(admin, { name: "Tarifs 2025" }, { name: "tarifs.pdf", type: "application/pdf", content: PDF })
    ).json();
    const renamed = await admin.request("PATCH", `/api/documents/${created.id}`, { version: 1, name: "Tarifs 2026" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Tarifs 2026", version: 2, active: true });
    const stale = await admin.request("PATCH", `/api/documents/${created.id}`, { version: 1, active: false });
    expect(stale.statusCode).toBe(409);
    const off = await admin.request("PATCH", `/api/documents/${created.id}`, { version: 2, active: false });
    expect(off.json()).toMatchObject({ active: false, version: 3 });
    const active = (await admin.request("GET", "/api/documents?active=true")).json();
    expect(active.items.map((d: { id: string }) => d.id)).not.toContain(created.id);
    const inactive = (await admin.request("GET", "/api/documents?active=false")).json();
    expect(inactive.items.map((d: { id: string }) => d.id)).toContain(created.id);
    const blank = await admin.request("PATCH", `/api/documents/${created.id}`, { version: 3, name: "  " });
    expect(blank.statusCode).toBe(400);
    const audit = (await admin.request("GET", "/api/audit?entityType=document")).json();
    expect(JSON.stringify(audit)).toContain("document.update");
  });
});

describe("backup and restore", () => {
  it("keep a document's bytes identical", async () => {
    const source = await createTestApp();
    const target = await createTestDatabase();
    try {
      const admin = await source.signIn("admin");
      const bytes = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(64 * 1024), Buffer.from([0, 255, 0, 10])]);
      const created = await upload(
        admin,
        { name: "Brochure" },
        { name: "brochure.pdf", type: "application/pdf", content: bytes },
      );
      expect(created.statusCode).toBe(201);
      const file = path.join(dir, "documents.relais.gz");
      await backupDatabase(source.services.database, file, source.clock.now());
      await restoreDatabase(target.database, file, {
        clock: new ManualClock("2026-03-05T08:00:00Z"),
        actor: systemActor("test"),
      });
      const [row] = await target.database.query<{ content: Uint8Array; sha256: string }>(
        "select content, sha256 from documents where id = $1",
        [created.json().id],
      );
      const restored = Buffer.from(row?.content ?? []);
      expect(restored.equals(bytes)).toBe(true);
      expect(createHash("sha256").update(restored).digest("hex")).toBe(row?.sha256);
    } finally {
      await source.close();
      await target.drop();
    }
  });
});
