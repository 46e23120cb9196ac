// Prints rows of cells as a left-aligned text table under a title (the benchmarks' compact reports).
"use strict";

function printTable(title, rows) {
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => String(row[column] ?? "").length)));
  console.log(`\n${title}`);
  for (const row of rows) console.log(`  ${widths.map((width, column) => String(row[column] ?? "").padEnd(width)).join("   ")}`.trimEnd());
}

module.exports = { printTable };
