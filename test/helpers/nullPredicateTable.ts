// Ten datapoints with nulls in every field, and predicates of every operator with the rows each
// matches, counted by hand under the rule of README "Test cases and nulls": a null equals only
// null; a null never satisfies an order comparison; `not` is the complement. The browser's
// predicateMask and the platform's SQL are both held to these counts.
import { Predicate } from "../../src/core";

/** id, x (a number), region (a string), flag (a boolean); null marks a missing value. */
export const nullTable = {
  id: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  x: [1, 2, 2, 3, 5, null, null, 7, 2, null],
  region: ["east", "east", "west", null, "north", "east", null, "west", null, "north"],
  flag: [true, false, null, true, false, true, null, false, true, null],
};

/**
 * x: 1 at id 1; 2 at ids 2, 3, 9; 3 at 4; 5 at 5; 7 at 8; null at 6, 7, 10.
 * region: east at 1, 2, 6; west at 3, 8; north at 5, 10; null at 4, 7, 9.
 * flag: true at 1, 4, 6, 9; false at 2, 5, 8; null at 3, 7, 10.
 */
export const nullPredicateCases: { name: string; where: Predicate; ids: number[] }[] = [
  { name: "x eq 2", where: { field: "x", op: "eq", value: 2 }, ids: [2, 3, 9] },
  { name: "x ne 2", where: { field: "x", op: "ne", value: 2 }, ids: [1, 4, 5, 6, 7, 8, 10] },
  { name: "not x eq 2", where: { not: { field: "x", op: "eq", value: 2 } }, ids: [1, 4, 5, 6, 7, 8, 10] },
  { name: "x eq null", where: { field: "x", op: "eq", value: null }, ids: [6, 7, 10] },
  { name: "x ne null", where: { field: "x", op: "ne", value: null }, ids: [1, 2, 3, 4, 5, 8, 9] },
  { name: "not x eq null", where: { not: { field: "x", op: "eq", value: null } }, ids: [1, 2, 3, 4, 5, 8, 9] },
  { name: "x lt 3", where: { field: "x", op: "lt", value: 3 }, ids: [1, 2, 3, 9] },
  { name: "not x lt 3", where: { not: { field: "x", op: "lt", value: 3 } }, ids: [4, 5, 6, 7, 8, 10] },
  { name: "x le 3", where: { field: "x", op: "le", value: 3 }, ids: [1, 2, 3, 4, 9] },
  { name: "x gt 2", where: { field: "x", op: "gt", value: 2 }, ids: [4, 5, 8] },
  { name: "not x gt 2", where: { not: { field: "x", op: "gt", value: 2 } }, ids: [1, 2, 3, 6, 7, 9, 10] },
  { name: "x ge 5", where: { field: "x", op: "ge", value: 5 }, ids: [5, 8] },
  { name: "x between 2 and 5", where: { field: "x", op: "between", value: [2, 5] }, ids: [2, 3, 4, 5, 9] },
  { name: "not x between 2 and 5", where: { not: { field: "x", op: "between", value: [2, 5] } }, ids: [1, 6, 7, 8, 10] },
  { name: "x in 1, 7", where: { field: "x", op: "in", value: [1, 7] }, ids: [1, 8] },
  { name: "not x in 1, 7", where: { not: { field: "x", op: "in", value: [1, 7] } }, ids: [2, 3, 4, 5, 6, 7, 9, 10] },
  { name: "x in 1, null", where: { field: "x", op: "in", value: [1, null] }, ids: [1, 6, 7, 10] },
  { name: "not x in 1, null", where: { not: { field: "x", op: "in", value: [1, null] } }, ids: [2, 3, 4, 5, 8, 9] },
  { name: "x in null", where: { field: "x", op: "in", value: [null] }, ids: [6, 7, 10] },
  { name: "region eq east", where: { field: "region", op: "eq", value: "east" }, ids: [1, 2, 6] },
  { name: "region ne east", where: { field: "region", op: "ne", value: "east" }, ids: [3, 4, 5, 7, 8, 9, 10] },
  { name: "not region eq east", where: { not: { field: "region", op: "eq", value: "east" } }, ids: [3, 4, 5, 7, 8, 9, 10] },
  { name: "region lt north", where: { field: "region", op: "lt", value: "north" }, ids: [1, 2, 6] },
  { name: "not region ge north", where: { not: { field: "region", op: "ge", value: "north" } }, ids: [1, 2, 4, 6, 7, 9] },
  { name: "region in east, null", where: { field: "region", op: "in", value: ["east", null] }, ids: [1, 2, 4, 6, 7, 9] },
  { name: "not region in east, null", where: { not: { field: "region", op: "in", value: ["east", null] } }, ids: [3, 5, 8, 10] },
  { name: "not region in east, west", where: { not: { field: "region", op: "in", value: ["east", "west"] } }, ids: [4, 5, 7, 9, 10] },
  { name: "flag eq true", where: { field: "flag", op: "eq", value: true }, ids: [1, 4, 6, 9] },
  { name: "flag ne true", where: { field: "flag", op: "ne", value: true }, ids: [2, 3, 5, 7, 8, 10] },
  { name: "not flag eq false", where: { not: { field: "flag", op: "eq", value: false } }, ids: [1, 3, 4, 6, 7, 9, 10] },
  {
    name: "x lt 3 and region eq east",
    where: {
      and: [
        { field: "x", op: "lt", value: 3 },
        { field: "region", op: "eq", value: "east" },
      ],
    },
    ids: [1, 2],
  },
  {
    name: "not (x lt 3 and region eq east)",
    where: {
      not: {
        and: [
          { field: "x", op: "lt", value: 3 },
          { field: "region", op: "eq", value: "east" },
        ],
      },
    },
    ids: [3, 4, 5, 6, 7, 8, 9, 10],
  },
  {
    name: "x gt 2 or region eq null",
    where: {
      or: [
        { field: "x", op: "gt", value: 2 },
        { field: "region", op: "eq", value: null },
      ],
    },
    ids: [4, 5, 7, 8, 9],
  },
  {
    name: "not (x gt 2 or region eq null)",
    where: {
      not: {
        or: [
          { field: "x", op: "gt", value: 2 },
          { field: "region", op: "eq", value: null },
        ],
      },
    },
    ids: [1, 2, 3, 6, 10],
  },
  {
    name: "x ne 2 and region ne east",
    where: {
      and: [
        { field: "x", op: "ne", value: 2 },
        { field: "region", op: "ne", value: "east" },
      ],
    },
    ids: [4, 5, 7, 8, 10],
  },
  {
    name: "x eq null or flag eq null",
    where: {
      or: [
        { field: "x", op: "eq", value: null },
        { field: "flag", op: "eq", value: null },
      ],
    },
    ids: [3, 6, 7, 10],
  },
];
