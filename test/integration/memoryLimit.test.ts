// `memoryMegabytes` (slicewise serve --memory-mb) reaches DuckDB as its memory limit: the bound
// under which a server that takes uploads all day keeps a flat RSS (bench/load.js).
import { Platform } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const memoryLimit = (platform: Platform) =>
  platform.database.read(async (connection) => (await connection.runAndReadAll("SELECT current_setting('memory_limit') AS limit_")).getRowObjects()[0].limit_, {
    lane: "quick",
  });

test("a limit in MB (10⁶ bytes) is DuckDB's memory_limit; without one DuckDB keeps its default", async () => {
  const directory = makeTemporaryDirectory("slicewise-memory-");
  try {
    const limited = await Platform.open({ data: `${directory}/limited`, memoryMegabytes: 300 });
    // DuckDB shows 300 × 10⁶ bytes in binary units: 300e6 / 2²⁰ = 286.1 MiB.
    expect(await memoryLimit(limited)).toBe("286.1 MiB");
    limited.close();
    const unlimited = await Platform.open({ data: `${directory}/default` });
    expect(await memoryLimit(unlimited)).not.toBe("286.1 MiB");
    unlimited.close();
  } finally {
    removeTemporaryDirectory(directory);
  }
});
