// Parse an AsyncAPI document with the official parser (@asyncapi/parser) and print every
// diagnostic; exit 1 when any is an error (or the document does not parse at all), 0 otherwise.
// Usage: node validate.mjs PATH [--strict]   (--strict: warnings fail too)
import { readFile } from "node:fs/promises";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";

const [path, flag] = process.argv.slice(2);
if (!path) {
  console.error("usage: node validate.mjs PATH [--strict]");
  process.exit(2);
}
const text = await readFile(path, "utf8");
const parser = new Parser();
const { document, diagnostics } = await parser.parse(text, { source: path });
const names = { 0: "error", 1: "warning", 2: "information", 3: "hint" };
const failing = diagnostics.filter(
  (d) => d.severity === DiagnosticSeverity.Error || (flag === "--strict" && d.severity === DiagnosticSeverity.Warning),
);
for (const d of diagnostics) {
  const where = (d.path || []).join("/");
  console.log(`${names[d.severity] ?? d.severity}\t${d.code}\t${where}\t${d.message}`);
}
if (!document || failing.length > 0) {
  console.log(`FAILED: ${failing.length} failing diagnostic(s) of ${diagnostics.length}`);
  process.exit(1);
}
console.log(`OK: AsyncAPI ${document.version()}, ${document.channels().length} channels, ${diagnostics.length} diagnostic(s), none failing`);
