"""The Python side of bench/detection.js: AP@[.50:.95] per (model, test case) by pycocotools' COCOeval
and by faster-coco-eval's COCOeval_faster, with their times.

Reads {images, categories, annotations, results: {model: [...]}, subsets: [[image ids], ...]} and
prints JSON {tool: {model: {load_s, evaluate_s, ap: [...]}}}. Each tool gets its fastest correct use:
- pycocotools matches once (evaluate() over every image, area "all", maxDets 100) and accumulates per
  test case over its images' evalImgs (the others set to None, as pycocotools leaves empty pairs),
  because accumulate(p) with a subset of imgIds indexes evalImgs by position in the subset;
- faster-coco-eval keeps its per-image matches in C++ and accumulates over all of them, so each test
  case is an evaluate() + accumulate() with params.imgIds set to its images.
Usage: python detection_coco.py data.json [pycocotools,faster]
"""

import contextlib
import json
import sys
import time

import numpy as np


def mean_ap(precision):
    defined = precision[precision > -1]
    return float(np.mean(defined)) if defined.size else -1.0


def only_all_areas(params):
    params.areaRng = [[0, 1e10]]
    params.areaRngLbl = ["all"]
    params.maxDets = [100]


def run_pycocotools(data, results, subsets):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    start = time.perf_counter()
    ground_truth = COCO()
    ground_truth.dataset = {key: data[key] for key in ("images", "categories", "annotations")}
    ground_truth.createIndex()
    detections = ground_truth.loadRes(results)
    loaded = time.perf_counter()
    evaluation = COCOeval(ground_truth, detections, "bbox")
    only_all_areas(evaluation.params)
    evaluation.evaluate()
    matched = evaluation.evalImgs
    values = []
    for subset in subsets:
        members = set(subset)
        evaluation.evalImgs = [e if e is not None and e["image_id"] in members else None for e in matched]
        evaluation.accumulate()
        values.append(mean_ap(evaluation.eval["precision"]))
    done = time.perf_counter()
    return {"load_s": loaded - start, "evaluate_s": done - loaded, "ap": values}


def run_faster(data, results, subsets):
    from faster_coco_eval import COCO, COCOeval_faster

    start = time.perf_counter()
    ground_truth = COCO({key: data[key] for key in ("images", "categories", "annotations")})
    detections = ground_truth.loadRes(results)
    loaded = time.perf_counter()
    values = []
    for subset in subsets:
        evaluation = COCOeval_faster(ground_truth, detections, "bbox", print_function=lambda *args: None)
        only_all_areas(evaluation.params)
        evaluation.params.imgIds = subset
        evaluation.evaluate()
        evaluation.accumulate()
        values.append(mean_ap(np.asarray(evaluation.eval["precision"])))
    done = time.perf_counter()
    return {"load_s": loaded - start, "evaluate_s": done - loaded, "ap": values}


def main(path, tools):
    with open(path) as file:
        data = json.load(file)
    runners = {"pycocotools": run_pycocotools, "faster": run_faster}
    report = {}
    with contextlib.redirect_stdout(sys.stderr):
        for tool in tools:
            report[tool] = {}
            for model, results in data["results"].items():
                report[tool][model] = runners[tool](data, results, data["subsets"])
                print(f"{tool} {model}: {report[tool][model]['evaluate_s']:.1f} s", file=sys.stderr)
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "pycocotools,faster").split(","))
