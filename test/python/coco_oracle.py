"""The reference for slicewise's COCO-style detection metrics: pycocotools' COCOeval (bbox).

Reads a JSON file {images, categories, annotations, results: {model: [bbox results]},
subsets: {name: [image ids]}} and prints {model: {subset: stats}} as JSON, stats being
COCOeval.summarize()'s twelve numbers (AP@[.50:.95], AP50, AP75, AP small/medium/large,
AR@1, AR@10, AR@100, AR small/medium/large), each subset evaluated as pycocotools evaluates
a list of imgIds. Usage: python coco_oracle.py data.json
"""

import contextlib
import copy
import json
import sys

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def load_ground_truth(data):
    coco = COCO()
    coco.dataset = {key: copy.deepcopy(data[key]) for key in ("images", "categories", "annotations")}
    coco.createIndex()
    return coco


def stats(data, results, image_ids):
    ground_truth = load_ground_truth(data)
    detections = ground_truth.loadRes(copy.deepcopy(results))
    evaluation = COCOeval(ground_truth, detections, "bbox")
    evaluation.params.imgIds = image_ids
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
    return [float(value) for value in evaluation.stats]


def main(path):
    with open(path) as file:
        data = json.load(file)
    subsets = data.get("subsets") or {"all": [image["id"] for image in data["images"]]}
    report = {}
    # pycocotools prints its progress; only the JSON goes to stdout.
    with contextlib.redirect_stdout(sys.stderr):
        for model, results in data["results"].items():
            report[model] = {name: stats(data, results, ids) for name, ids in subsets.items()}
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
