// The slicewise widget models alive on this page, by model id. The output renderer reads it to
// decide between the live widget and the output's static copy without asking the widget manager
// for a model it may never have heard of (which fails only after a two-second wait).
import type { WidgetModel } from "@jupyter-widgets/base";

type ArrivalListener = (model: WidgetModel) => void;

const models = new Map<string, WidgetModel>();
const waiting = new Map<string, Set<ArrivalListener>>();

/** Called by every slicewise model once constructed; forgets it when it is closed. */
export function registerLiveModel(model: WidgetModel): void {
  models.set(model.model_id, model);
  model.once("destroy", () => {
    if (models.get(model.model_id) === model) models.delete(model.model_id);
  });
  for (const listener of waiting.get(model.model_id) ?? []) listener(model);
  waiting.delete(model.model_id);
}

export function liveModel(modelId: string): WidgetModel | undefined {
  return models.get(modelId);
}

/** Calls `listener` when the model `modelId` arrives (now, if it is here); returns the function that stops waiting. */
export function whenLiveModel(modelId: string, listener: ArrivalListener): () => void {
  const present = models.get(modelId);
  if (present) {
    listener(present);
    return () => undefined;
  }
  let listeners = waiting.get(modelId);
  if (!listeners) waiting.set(modelId, (listeners = new Set()));
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) waiting.delete(modelId);
  };
}
