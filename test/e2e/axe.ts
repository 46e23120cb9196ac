// axe-core (the engine of Lighthouse's accessibility audit) run inside a Chromium page: the WCAG 2.1
// A and AA rules, and the violations a person is most hurt by (impact serious or critical).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Page } from "puppeteer-core";
import { repositoryRoot } from "../helpers/compiledLibrary";

const axeSource = readFileSync(join(repositoryRoot, "node_modules", "axe-core", "axe.min.js"), "utf8");

export const wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe's best-practice rules for a page's structure, which WCAG's tags leave out: landmarks and headings. */
export const structureRules = ["region", "landmark-one-main", "landmark-unique", "page-has-heading-one", "heading-order", "landmark-no-duplicate-main"];

export interface AxeViolation {
  rule: string;
  impact: string;
  help: string;
  /** The CSS selector of each element in violation, with axe's summary of why. */
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe on the page (or on `include`, a selector) and returns the violations of impact serious or
 * critical. The script is injected by evaluation, so a page's Content-Security-Policy (the report's)
 * does not stop it; a page in a background tab must be brought to the front first (axe runs on timers).
 */
export async function seriousViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  return (await axeViolations(page, include)).filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** Every WCAG 2.1 A/AA violation, whatever its impact (moderate ones: landmarks, heading order). */
export async function axeViolations(page: Page, include?: string, rules?: string[]): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(
    async (tags: string[], include: string | null, rules: string[] | null) => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: RawViolation[] }> } }).axe;
      interface RawViolation {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }
      const result = await axe.run(include ? { include: [include] } : document, {
        runOnly: rules ? { type: "rule", values: rules } : { type: "tag", values: tags },
        resultTypes: ["violations"],
      });
      return result.violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? "",
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
          target: node.target.map(String).join(" "),
          summary: (node.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300),
        })),
      }));
    },
    wcag21AA,
    include ?? null,
    rules ?? null,
  );
  return violations;
}

/** "rule: count" per rule, the figures a report quotes (`color-contrast: 68`). */
export function violationCounts(violations: AxeViolation[]): Record<string, number> {
  return Object.fromEntries(violations.map((violation) => [violation.rule, violation.nodes.length]));
}

/** A readable listing, for a failing expectation's message or a measurement printed to the log. */
export function describeViolations(violations: AxeViolation[], examples = 5): string {
  return violations
    .map(
      (violation) =>
        `${violation.rule} (${violation.impact}, ${violation.nodes.length}): ${violation.help}\n` +
        violation.nodes
          .slice(0, examples)
          .map((node) => `    ${node.target} — ${node.summary}`)
          .join("\n"),
    )
    .join("\n");
}
