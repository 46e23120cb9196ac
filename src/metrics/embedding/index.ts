// The embedding map's computations: the plane it is drawn in, the lasso, and nearest neighbours.
export * from "./projectPlane";
export * from "./pointsInPolygon";
export * from "./cosineNeighbors";
export * from "./mapProjection";
