// The constructs DuckDB and Spark write differently, as each engine's SQL (the parity test runs
// the statements they make up on both engines).
import { duckdbDialect, sparkDialect } from "../../../../src/platform/engines/dialect";

const parts = [
  { sql: "SELECT 0 AS part, 1 AS a", columns: ["part", "a"] },
  { sql: "SELECT 1 AS part, 2 AS b", columns: ["part", "b"] },
];

test("a union by name: DuckDB's own, Spark's with every column in every part, NULL where a part has none", () => {
  expect(duckdbDialect.unionAllByName(parts)).toBe("(SELECT 0 AS part, 1 AS a) UNION ALL BY NAME (SELECT 1 AS part, 2 AS b)");
  expect(sparkDialect.unionAllByName(parts)).toBe(
    "SELECT part, a, NULL AS b FROM (SELECT 0 AS part, 1 AS a) UNION ALL SELECT part, NULL AS a, b FROM (SELECT 1 AS part, 2 AS b)",
  );
});

test("structs, lists, sums and quantiles", () => {
  const fields = [
    { name: "n", sql: "count(*)" },
    { name: "s", sql: "sum(x)" },
  ];
  expect(duckdbDialect.struct(fields)).toBe("struct_pack(n := count(*), s := sum(x))");
  expect(sparkDialect.struct(fields)).toBe("named_struct('n', count(*), 's', sum(x))");
  expect(duckdbDialect.list(["a", "b"])).toBe("[a, b]");
  expect(sparkDialect.list(["a", "b"])).toBe("array(a, b)");
  expect(duckdbDialect.sum("x")).toBe("fsum(x)");
  expect(sparkDialect.sum("x")).toBe("sum(x)");
  expect(duckdbDialect.quantiles("x", [0.25, 0.5])).toBe("quantile_cont(x, [0.25, 0.5])");
  expect(sparkDialect.quantiles("x", [0.25, 0.5])).toBe("percentile(x, array(0.25, 0.5))");
});

test("CTE hints only where the engine takes them; columns but some; unnesting", () => {
  expect(duckdbDialect.cte("d", "SELECT 1", true)).toBe("d AS MATERIALIZED (SELECT 1)");
  expect(duckdbDialect.cte("d", "SELECT 1", false)).toBe("d AS NOT MATERIALIZED (SELECT 1)");
  expect(duckdbDialect.cte("d", "SELECT 1")).toBe("d AS (SELECT 1)");
  expect(sparkDialect.cte("d", "SELECT 1", true)).toBe("d AS (SELECT 1)");
  expect(duckdbDialect.allColumnsExcept(["a", "b"])).toBe("* EXCLUDE (a, b)");
  expect(sparkDialect.allColumnsExcept(["a", "b"])).toBe("* EXCEPT (a, b)");
  expect(duckdbDialect.unnest("l")).toBe("unnest(l)");
  expect(sparkDialect.unnest("l")).toBe("explode(l)");
});

test("string literals: a quote doubled for DuckDB, quote and backslash escaped for Spark", () => {
  expect(duckdbDialect.literal(`it's a\\b`)).toBe(`'it''s a\\b'`);
  expect(sparkDialect.literal(`it's a\\b`)).toBe(`'it\\'s a\\\\b'`);
  expect(duckdbDialect.text("x")).toBe("CAST(x AS VARCHAR)");
  expect(sparkDialect.text("x")).toBe("CAST(x AS STRING)");
});

test("a list's elements with their positions, a struct's field, and each element of a list transformed", () => {
  expect(duckdbDialect.unnestWithPosition("boxes", "b", "i")).toBe("unnest(boxes) AS b, generate_subscripts(boxes, 1) AS i");
  expect(sparkDialect.unnestWithPosition("boxes", "b", "i")).toBe("posexplode(boxes) AS (i, b)");
  expect(duckdbDialect.field("b", "ignore")).toBe("struct_extract(b, 'ignore')");
  expect(sparkDialect.field("b", "ignore")).toBe('b."ignore"');
  expect(duckdbDialect.transformEach("boxes", "b", "b.score * 2")).toBe("list_transform(boxes, b -> b.score * 2)");
  expect(sparkDialect.transformEach("boxes", "b", "b.score * 2")).toBe("transform(boxes, b -> b.score * 2)");
});

test("the set bits of an integer as a list of positions (explicit test cases folded into the main pass)", () => {
  expect(duckdbDialect.setBits("explicit_mask", 3)).toBe("[bit_position FOR bit_position IN range(3) IF (explicit_mask >> bit_position) & 1 = 1]");
  expect(sparkDialect.setBits("explicit_mask", 3)).toBe("filter(sequence(0, 2), bit_position -> shiftright(explicit_mask, bit_position) & 1 = 1)");
});

test("a text's place among distinct texts: DuckDB's enum codes, Spark's array position; NULL where it is none", () => {
  expect(duckdbDialect.placeAmong("label", ["cat", "it's"])).toBe("enum_code(TRY_CAST(label AS ENUM('cat', 'it''s')))");
  expect(sparkDialect.placeAmong("label", ["cat", "it's"])).toBe("nullif(array_position(array('cat', 'it\\'s'), label), 0) - 1");
});
