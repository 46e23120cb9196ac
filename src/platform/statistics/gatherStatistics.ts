// Gathers every metric's sufficient statistics for every test case and model: the plan's one
// statement, run on an engine (the seam where another engine plugs in), its answer decoded.
import { Engine } from "../engines/engine";
import { GatheredStatistics, decodeStatistics } from "./decodeStatistics";
import { StatisticsPlan } from "./statisticsPlan";

export async function gatherStatistics(engine: Engine, plan: StatisticsPlan): Promise<GatheredStatistics> {
  return decodeStatistics(plan, await engine.readColumns(plan.sql, plan.columnsOf, plan.shared));
}
