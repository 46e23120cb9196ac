// Hidden-subclass discovery on embeddings: PCA, k-means and silhouette within each class, and
// exact tests of each cluster's errors against the rest of its class.
export * from "./normalizeRows";
export * from "./symmetricEigen";
export * from "./principalComponents";
export * from "./kMeans";
export * from "./silhouette";
export * from "./clusterClasses";
export * from "./testClusters";
export * from "./discoverSubclasses";
