// EmbeddingMap: a 2-D projection of the embeddings coloured by correctness, disagreement or cluster,
// with lasso, "more like this" and saving as a test case; drawn by kinds/embeddingMap.
import { SlicewiseModel, SlicewiseView, kindDefaults, kindSerializers } from "./widgetBase";

export class EmbeddingMapModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...kindDefaults("EmbeddingMap") };
  }

  static override serializers = kindSerializers("EmbeddingMap");
}

export class EmbeddingMapView extends SlicewiseView {
  protected get kind() {
    return "EmbeddingMap" as const;
  }
}
