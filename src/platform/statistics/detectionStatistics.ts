// Detection metrics on the platform (issue 17; docs/detection.md): the images every compared model
// has results for, numbered in id order; their boxes — the ground truth and each model's
// predictions — read column-wise into the typed arrays of src/metrics/detection; matched once per
// (boxes, model, matching rule), however many test cases and measures read the matches; then per
// test case the measure and its image bootstrap (the same weights for a model and the reference).
import { DetectionMetric, MetricDefinition, QualityStandard, SlicewiseError } from "../../core";
import {
  AreaRange,
  BoxSet,
  DetectionMatches,
  DetectionMeasureOptions,
  Labels,
  MatchingInput,
  MetricPlan,
  MetricSummary,
  TestCaseKey,
  MatchingOptions,
  cocoAreaRanges,
  createLabels,
  detectionJackknifeFrom,
  iouThresholds,
  hashSeed,
  labelIndex,
  resolveDetectionMeasure,
  resolveMatchingOptions,
} from "../../metrics";
import { summarizeTasks } from "../bootstrapPool";
import { shareBoxes } from "../sharedMatches";
import { timedPhase } from "../phaseTimes";
import { Columns, Engine } from "../engines/engine";
import { DetectionTask, MatchTask } from "../summaryTasks";
import { FieldResolver } from "../fieldResolver";
import { TestCaseGroup } from "../testCaseGroups";
import { GatheredStatistics } from "./decodeStatistics";
import { statisticsKey } from "./statisticsKey";
import { datapointsSql, keyName } from "./statisticsPlan";

export interface DetectionQuestion {
  /** The FROM clause of the compared models' datapoints (joinSql). */
  joined: string;
  /** The id fields as SQL over the dataset (alias d): the images' order. */
  idSql: string[];
  groups: TestCaseGroup[];
  plans: MetricPlan[][];
  resolver: FieldResolver;
  models: string[];
  referenceIndex: number;
  standard: QualityStandard;
  settings: { confidence: number; resamples: number; seed: number };
}

/** A detection metric of the standard, matched for every compared model. */
export interface MatchedDetectionMetric {
  /** Its metric group and place in it. */
  g: number;
  m: number;
  metric: Extract<MetricDefinition, { kind: "detection" }>;
  /** Per model (the question's order): the ground truth and predictions read, their matches and the measure's resolved options. */
  truth: BoxSet[];
  predictions: BoxSet[];
  matches: DetectionMatches[];
  measures: DetectionMeasureOptions[];
}

export interface MatchedDetection {
  metrics: MatchedDetectionMetric[];
  /** Each test case's images (indices into the images in id order), by the gathered test cases' order. */
  imagesOf: Int32Array[];
  /** The class labels of every box read. */
  labels: Labels;
}

/**
 * Reads every detection metric's boxes and matches them, once per (boxes, model, matching rule)
 * however many metrics share them; null when the standard has none or no datapoint is compared.
 * The evaluation's measures and the detection charts both read these matches.
 */
export async function matchDetectionMetrics(engine: Engine, question: DetectionQuestion, gathered: GatheredStatistics): Promise<MatchedDetection | null> {
  const found = question.plans.flatMap((groupPlans, g) => groupPlans.flatMap((plan, m) => (plan.shape === "detection" ? [{ g, m, plan }] : [])));
  if (found.length === 0 || gathered.datapoints === 0) return null;
  const imageNumber = `(row_number() OVER (ORDER BY ${question.idSql.join(", ")}) - 1)::INTEGER`;
  const imagesOf = await timedPhase("detection: test cases' images", () => testCaseImages(engine, question, gathered, imageNumber));
  const labels = createLabels();
  const metrics = found.map(({ plan }) => plan.metric as Extract<MetricDefinition, { kind: "detection" }>);
  // Every box column's labels in one statement, before any boxes are read and while no matching
  // yet takes a core: one scan of the lists each, where a statement per column ran beside the
  // matching of the model read before it (1–3 s each at 100,000 images).
  const boxesSqls = [
    ...new Set(
      metrics.flatMap((metric) => question.models.flatMap((_, model) => [question.resolver.sql(model, metric.gt), question.resolver.sql(model, metric.pred)])),
    ),
  ];
  const texts = engine.readNumberLists ? timedPhase("detection: labels", () => boxLabels(engine, question.joined, boxesSqls)) : undefined;
  const boxSets = new Map<string, Promise<BoxSet>>();
  // One read at a time, in the order asked: a streamed answer holds the connection, and labels get
  // their indices in the order the reads meet them.
  let reading: Promise<unknown> = texts ?? Promise.resolve();
  const boxesOf = (sql: string, role: BoxSet["role"]) => {
    const key = `${role}\u0000${sql}`;
    if (!boxSets.has(key)) {
      const read = reading.then(async () =>
        shareBoxes(await readBoxes(engine, question.joined, sql, imageNumber, gathered.datapoints, role, labels, await texts)),
      );
      reading = read.catch(() => undefined);
      boxSets.set(key, read);
    }
    return boxSets.get(key)!;
  };
  const rules = sharedMatchings(metrics);
  // Every (boxes, model, matching) once, on the worker pool: at 100,000 images a model's matching
  // takes seconds, which the server's thread must not be held for. Each starts as soon as its
  // boxes are read, while the next model's are read.
  const tasks: Promise<MatchTask>[] = [];
  const matching: Promise<DetectionMatches>[] = [];
  const taskOf = new Map<string, number>();
  const matchIndex: number[][] = [];
  for (const [index, metric] of metrics.entries()) {
    const rule = rules[index];
    matchIndex.push([]);
    for (let model = 0; model < question.models.length; model++) {
      const truthSql = question.resolver.sql(model, metric.gt);
      const predictionSql = question.resolver.sql(model, metric.pred);
      const key = `${truthSql}\u0000${predictionSql}\u0000${JSON.stringify(rule)}`;
      if (!taskOf.has(key)) {
        taskOf.set(key, tasks.length);
        const task = Promise.all([boxesOf(truthSql, "ground_truth"), boxesOf(predictionSql, "predictions")]).then(([truth, predictions]): MatchTask => ({
          kind: "match",
          truth,
          predictions,
          options: rule,
        }));
        tasks.push(task);
        matching.push(task.then(async (ready) => (await summarizeTasks([ready]))[0]));
      }
      matchIndex[index].push(taskOf.get(key)!);
    }
  }
  const [matched, read] = await timedPhase(`detection: read and match (${tasks.length} matchings)`, () =>
    Promise.all([Promise.all(matching), Promise.all(tasks)]),
  );
  const entries: MatchedDetectionMetric[] = found.map(({ g, m }, index) => {
    const metric = metrics[index];
    const modelTasks = matchIndex[index].map((t) => read[t]);
    const matches = matchIndex[index].map((t) => matched[t]);
    const measures = matches.map((modelMatches) =>
      resolveDetectionMeasure(
        {
          measure: metric.measure,
          iou: metric.iou ?? 0.5,
          area: areaOf(metric),
          threshold: metric.threshold,
          optimalPer: metric.optimal_per,
          average: metric.average,
          // Stored labels are text (boxColumns.ts), so a class written as a number names its text.
          classes: metric.classes?.map(String),
          maxDetections: metric.max_detections,
        },
        modelMatches,
        labels,
      ),
    );
    return { g, m, metric, truth: modelTasks.map((task) => task.truth), predictions: modelTasks.map((task) => task.predictions), matches, measures };
  });
  return { metrics: entries, imagesOf, labels };
}

/**
 * Every detection metric's summary per (test case, model), keyed as statisticsKey; an empty map
 * when the standard has none.
 */
export async function detectionSummaries(engine: Engine, question: DetectionQuestion, gathered: GatheredStatistics): Promise<Map<string, MetricSummary>> {
  const matched = await matchDetectionMetrics(engine, question, gathered);
  if (matched === null) return new Map();
  // One task per test case with every detection metric: metrics that select the same share of a
  // model's matches select it once (summaryTasks.ts).
  const tasks: DetectionTask[] = [];
  const keys: string[][][] = [];
  gathered.testCases.forEach((testCase: TestCaseKey, t) => {
    const images = matched.imagesOf[t];
    if (!images || images.length === 0) return;
    const metrics = matched.metrics.map(({ g, metric, matches, measures }) => {
      const group = question.standard.metric_groups[g];
      return question.models.map((model, index) => {
        const seed = hashSeed(question.settings.seed, testCase.stratification, testCase.test_case, model, group.name, metric.label);
        // Decided here, not on a worker: the threshold a test lowers is this thread's.
        const options = {
          confidence: question.settings.confidence,
          resamples: question.settings.resamples,
          seed,
          jackknifeFrom: detectionJackknifeFrom.images,
        };
        return { matches: matches[index], measure: measures[index], options };
      });
    });
    tasks.push({ kind: "detection", metrics, reference: question.referenceIndex, images });
    keys.push(matched.metrics.map(({ g, m }) => question.models.map((_, index) => statisticsKey(t, index, g, m))));
  });
  // On the worker pool, as the cells' bootstraps: thousands of resamples must not hold the server's thread.
  const summaries = await timedPhase(`detection: measures and intervals (${tasks.length} tasks)`, () => summarizeTasks(tasks));
  return new Map(
    keys.flatMap((metricKeys, task) =>
      metricKeys.flatMap((modelKeys, metric) => modelKeys.map((key, model) => [key, summaries[task][metric][model]] as const)),
    ),
  );
}

/** The area range a metric's measure reads: a COCO range's label, or "custom" for its own [min, max]. */
function areaOf(metric: DetectionMetric): string {
  return Array.isArray(metric.area) ? "custom" : (metric.area ?? "all");
}

/**
 * The matching each metric reads. Metrics on the same boxes with the same rule and maxDetections
 * share one: the union of their IoU thresholds and of the COCO area ranges they name (each
 * threshold and range is matched on its own, so a measure reads the same outcomes from the union
 * as from a matching of its own) — AP50 and F1 at IoU 0.5 read AP@[.50:.95]'s matching. Only the
 * ranges named are matched: at 100,000 images each costs seconds. A custom area range is a
 * matching of its own.
 */
function sharedMatchings(metrics: DetectionMetric[]): MatchingOptions[] {
  const keyOf = (metric: DetectionMetric) =>
    JSON.stringify([metric.gt, metric.pred, metric.matching ?? "coco", metric.max_detections ?? null, Array.isArray(metric.area) ? metric.area : null]);
  const shared = new Map<string, { iou: number[]; areas: Set<string> }>();
  for (const metric of metrics) {
    const key = keyOf(metric);
    const entry = shared.get(key) ?? { iou: [], areas: new Set<string>() };
    for (const threshold of iouThresholds(metric.iou ?? 0.5)) if (!entry.iou.includes(threshold)) entry.iou.push(threshold);
    entry.areas.add(areaOf(metric));
    shared.set(key, entry);
  }
  return metrics.map((metric) => {
    const { iou, areas } = shared.get(keyOf(metric))!;
    const input: MatchingInput = { matching: metric.matching, iou: [...iou].sort((a, b) => a - b), maxDetections: metric.max_detections };
    if (Array.isArray(metric.area)) {
      const [min, max] = metric.area;
      return resolveMatchingOptions({ ...input, areaRanges: [{ label: "custom", min, max } satisfies AreaRange] });
    }
    return resolveMatchingOptions({ ...input, areaRanges: cocoAreaRanges.filter((range) => areas.has(range.label)) });
  });
}

/**
 * Each test case's images (indices into the images in id order): the whole dataset all of them,
 * a stratification's value those with that key, an explicit test case those its predicate holds for.
 */
async function testCaseImages(engine: Engine, question: DetectionQuestion, gathered: GatheredStatistics, imageNumber: string): Promise<Int32Array[]> {
  const { groups } = question;
  const stratified = groups.flatMap((group, g) => (group.kind === "explicit" ? [] : [g]));
  const hasExplicit = groups.some((group) => group.kind === "explicit");
  const columns = [...stratified.map(keyName), ...(hasExplicit ? ["explicit_cases"] : [])];
  const sql = `SELECT 0 AS part, image${columns.map((column) => `, ${column}`).join("")} FROM (${datapointsSql(groups, [`${imageNumber} AS image`], question.joined, engine.dialect)}) ORDER BY image`;
  const column = await engine.readColumns(sql, () => ["image", ...columns]);
  const images = column("image").length;
  const members: number[][] = gathered.testCases.map(() => []);
  const keyColumns = stratified.map((g) => ({ g, values: column(keyName(g)) }));
  const explicit = hasExplicit ? column("explicit_cases") : [];
  for (let image = 0; image < images; image++) {
    members[0].push(image);
    for (const { g, values } of keyColumns) {
      const t = gathered.testCaseOfKey(g, values[image]);
      if (t !== undefined) members[t].push(image);
    }
    for (const e of (explicit[image] as number[] | null) ?? []) members[gathered.explicitTestCases[Number(e)]].push(image);
  }
  return members.map((list) => Int32Array.from(list));
}

/**
 * One box column's boxes for every image (in id order), as matchDetections reads them: straight
 * into typed arrays where the engine reads lists of numbers (readBoxLists), else as JS values.
 * `texts`, when given, are boxLabels' answer for a set of columns this one is in.
 */
export async function readBoxes(
  engine: Engine,
  joined: string,
  boxesSql: string,
  imageNumber: string,
  images: number,
  role: BoxSet["role"],
  labels: Labels,
  texts?: string[],
): Promise<BoxSet> {
  const dialect = engine.dialect;
  const perImage = `SELECT ${imageNumber} AS image, ${boxesSql} AS boxes FROM ${joined}`;
  if (engine.readNumberLists) {
    const known = texts ?? (await timedPhase(`detection: labels of ${role}`, () => boxLabels(engine, joined, [boxesSql])));
    return readBoxLists(engine, engine.readNumberLists, { boxesSql, perImage, texts: known }, images, role, labels);
  }
  const fields = ["x_min", "y_min", "x_max", "y_max", "label", "score", "ignore"];
  const sql = `SELECT 0 AS part, image, ${fields.map((field) => `${dialect.field("b", field)} AS ${field === "ignore" ? "ignored" : field}`).join(", ")}
    FROM (SELECT image, i, b FROM (SELECT image, ${dialect.unnestWithPosition("boxes", "b", "i")} FROM (${perImage}) WHERE boxes IS NOT NULL)) ORDER BY image, i`;
  const names = ["image", "x_min", "y_min", "x_max", "y_max", "label", "score", "ignored"];
  const column = await timedPhase(`detection: read ${role} (to JS values)`, () => engine.readColumns(sql, () => names));
  return timedPhase(`detection: ${role} to typed arrays`, () => boxSetOf(column, images, role, labels, boxesSql));
}

/**
 * The distinct labels, as text in sorted order, of the box columns `boxesSqls` over `joined`: in
 * one statement, straight from the lists (without numbering the images or unnesting whole boxes).
 */
export async function boxLabels(engine: Engine, joined: string, boxesSqls: string[]): Promise<string[]> {
  const dialect = engine.dialect;
  const label = dialect.text(dialect.field("b", "label"));
  const parts = boxesSqls.map((sql) => `SELECT ${dialect.unnest(dialect.transformEach(sql, "b", label))} AS label FROM ${joined}`);
  const rows = await engine.readRows(`SELECT DISTINCT label FROM (${parts.join(" UNION ALL ")}) WHERE label IS NOT NULL ORDER BY label`);
  return rows.map((row) => String(row.label));
}

/**
 * readBoxes on an engine that reads lists of numbers: each image's boxes as lists, one per field,
 * every field a number (a missing coordinate 0, as Number(null) is; a flag 1 or 0), and each box's
 * label as its place among `texts` (boxLabels': sorted, and holding every label of the column) —
 * one JS value per label rather than per box. Labels get their indices in the order boxes first
 * show them, as boxSetOf gives them.
 */
async function readBoxLists(
  engine: Engine,
  readNumberLists: NonNullable<Engine["readNumberLists"]>,
  { boxesSql, perImage, texts }: { boxesSql: string; perImage: string; texts: string[] },
  images: number,
  role: BoxSet["role"],
  labels: Labels,
): Promise<BoxSet> {
  const dialect = engine.dialect;
  const field = (name: string) => dialect.field("b", name);
  const each = (sql: string) => dialect.transformEach("boxes", "b", sql);
  const predictions = role === "predictions";
  const coordinates = ["x_min", "y_min", "x_max", "y_max"];
  const sql = `SELECT image, ${coordinates.map((name) => `${each(`coalesce(${field(name)}::DOUBLE, 0)`)} AS ${name}`).join(", ")},
      ${each(texts.length > 0 ? `${dialect.placeAmong(dialect.text(field("label")), texts)}::DOUBLE` : "NULL::DOUBLE")} AS label_rank,
      ${each(predictions ? `${field("score")}::DOUBLE` : `(CASE WHEN ${field("ignore")} THEN 1 ELSE 0 END)::DOUBLE`)} AS last
    FROM (${perImage}) WHERE boxes IS NOT NULL`;
  const names = [...coordinates, "label_rank", "last"];
  const { start, columns } = await timedPhase(`detection: read ${role} (to typed arrays)`, () => readNumberLists(sql, "image", images, names));
  const [xMin, yMin, xMax, yMax, labelRank, last] = columns;
  const count = start[images];
  // Each pass over millions of boxes takes a while: the event loop gets a turn between them.
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const indexOfRank = new Int32Array(texts.length).fill(-1);
  // In shared memory already, as readNumberLists' columns are: shareBoxes then copies none of them.
  const label = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
  let unlabelled = 0;
  for (let i = 0; i < count; i++) {
    const rank = labelRank[i];
    if (Number.isNaN(rank)) {
      unlabelled++;
      continue;
    }
    if (indexOfRank[rank] < 0) indexOfRank[rank] = labelIndex(labels, texts[rank]);
    label[i] = indexOfRank[rank];
  }
  if (unlabelled > 0) throw new SlicewiseError("invalid_metric", `${unlabelled} of the ${count} boxes in ${boxesSql} have no label; every box needs one`);
  await turn();
  const area = new Float64Array(new SharedArrayBuffer(count * Float64Array.BYTES_PER_ELEMENT));
  for (let i = 0; i < count; i++) area[i] = (xMax[i] - xMin[i]) * (yMax[i] - yMin[i]);
  await turn();
  if (predictions) {
    let unscored = 0;
    for (let i = 0; i < count; i++) if (Number.isNaN(last[i])) unscored++;
    if (unscored > 0) throw unscoredError(unscored, count, boxesSql);
  }
  return {
    role,
    images,
    start,
    xMin,
    yMin,
    xMax,
    yMax,
    area,
    label,
    score: predictions ? last : new Float64Array(0),
    ignore: predictions ? new Uint8Array(0) : Uint8Array.from(last),
  };
}

function unscoredError(unscored: number, count: number, boxesSql: string): SlicewiseError {
  return new SlicewiseError(
    "invalid_metric",
    `${unscored} of the ${count} predicted boxes in ${boxesSql} have no score; detection ranks each model's boxes by score, so give every predicted box one (1 when the model gives none)`,
  );
}

/** Where each image's boxes start, boxes ordered by image: start[i]..start[i + 1] are image i's. */
function imageStarts(image: ArrayLike<number>, images: number): Int32Array {
  const start = new Int32Array(images + 1);
  for (let i = 0; i < image.length; i++) start[image[i] + 1]++;
  for (let i = 0; i < images; i++) start[i + 1] += start[i];
  return start;
}

/** The columns readBoxes read as a BoxSet: typed arrays, images' boxes end to end. */
function boxSetOf(column: Columns, images: number, role: BoxSet["role"], labels: Labels, boxesSql: string): BoxSet {
  const image = column("image");
  const count = image.length;
  const numbers = (name: string) => Float64Array.from(column(name), (value) => Number(value));
  const [xMin, yMin, xMax, yMax] = ["x_min", "y_min", "x_max", "y_max"].map(numbers);
  const start = imageStarts(
    Float64Array.from(image, (value) => Number(value)),
    images,
  );
  const label = Int32Array.from(column("label"), (value) => labelIndex(labels, String(value)));
  const area = new Float64Array(count);
  for (let i = 0; i < count; i++) area[i] = (xMax[i] - xMin[i]) * (yMax[i] - yMin[i]);
  const predictions = role === "predictions";
  const scores = predictions ? column("score") : [];
  const unscored = scores.filter((score) => score === null || score === undefined).length;
  if (unscored > 0) throw unscoredError(unscored, count, boxesSql);
  return {
    role,
    images,
    start,
    xMin,
    yMin,
    xMax,
    yMax,
    area,
    label,
    score: predictions ? numbers("score") : new Float64Array(0),
    ignore: predictions ? new Uint8Array(0) : Uint8Array.from(column("ignored"), (value) => (value === true ? 1 : 0)),
  };
}
