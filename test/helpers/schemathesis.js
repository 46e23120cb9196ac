// Schemathesis against a running `slicewise serve`, as the CI test (test/integration/
// schemathesis.test.ts) and bench/fuzz.js run it: the dataset the config points reads at, and
// the command line.
"use strict";
const { join } = require("node:path");

const root = join(__dirname, "..", "..");
const schemathesisConfig = join(root, "test", "schemathesis.toml");
const { venvPath: venv } = require("./venvPath");
const schemathesisPath = join(venv, "bin", "schemathesis");

/**
 * "pets": six datapoints, a model "m" right on four, and a standard with a stratification, an
 * explicit test case, a mean and a cell-shaped metric (Macro F1), so that evaluate answers for real.
 */
async function seedPets(url, token) {
  const put = async (path, type, body) => {
    const response = await fetch(`${url}/api/v1${path}`, { method: "PUT", headers: { Authorization: `Bearer ${token}`, "Content-Type": type }, body });
    if (!response.ok) throw new Error(`seeding ${path}: ${response.status} ${await response.text()}`);
  };
  await put("/datasets/pets", "text/csv", "id,ink,species\n1,10,a\n2,20,b\n3,30,a\n4,40,b\n5,50,a\n6,60,b\n");
  await put("/datasets/pets/models/m/results", "text/csv", "id,correct,label,pred\n1,true,a,a\n2,true,b,b\n3,true,a,a\n4,false,b,a\n5,false,a,b\n6,true,b,b\n");
  const standard = {
    stratifications: [{ field: "species" }],
    test_cases: [{ name: "light", where: { field: "ink", op: "lt", value: 35 } }],
    metric_groups: [
      {
        name: "q",
        metrics: [
          { label: "Accuracy", kind: "mean", field: "correct" },
          { label: "F1", kind: "classification", measure: "f1", gt: "label", pred: "pred" },
        ],
      },
    ],
  };
  await put("/datasets/pets/quality-standard", "application/json", JSON.stringify(standard));
}

/**
 * The arguments of `schemathesis run`: every check but positive_data_acceptance, which holds a
 * request the schema allows to a 2xx — and this API has rules no JSON Schema states (names unique
 * within a list, id fields present in the uploaded rows, a non-empty upload), answered 4xx.
 */
function schemathesisArguments(url, token, bounds) {
  return [
    "--config-file",
    schemathesisConfig,
    "run",
    `${url}/api/v1/openapi.json`,
    "--header",
    `Authorization: Bearer ${token}`,
    "--checks",
    "all",
    "--exclude-checks",
    "positive_data_acceptance",
    // One worker: the server and the tests beside it (Jupyter, Chromium) share the machine's cores.
    "--workers",
    "1",
    "--no-color",
    ...bounds,
  ];
}

module.exports = { schemathesisPath, seedPets, schemathesisArguments };
