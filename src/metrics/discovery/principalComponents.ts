// Principal component analysis: the rows projected onto the directions of largest variance.
import { symmetricEigen } from "./symmetricEigen";

export interface PrincipalComponents {
  /** rows × components, row-major: each row's coordinates along the components (after centring). */
  projected: Float64Array;
  components: number;
  /** The variance along each kept component, largest first. */
  variances: Float64Array;
  /** The total variance over all input dimensions: variances[i] / totalVariance is the share explained. */
  totalVariance: number;
}

/** The fitted axes, to project rows other than those they were fitted on. */
export interface PrincipalAxes {
  /** The fitted rows' mean, per dimension. */
  mean: Float64Array;
  /** components × dimension, row-major: the unit eigenvectors, largest eigenvalue first. */
  vectors: Float64Array;
  components: number;
  variances: Float64Array;
  totalVariance: number;
}

/**
 * PCA by the eigen-decomposition of the sample covariance (dimension × dimension, divided by
 * rows − 1) with the Jacobi method: the data are centred, and projected onto the eigenvectors of
 * the `components` largest eigenvalues (at most the dimension). The sign of a component is
 * whatever the solver gives; distances between projected rows do not depend on it.
 */
export function principalComponents(values: ArrayLike<number>, rows: number, dimension: number, components: number): PrincipalComponents {
  const axes = principalAxes(values, rows, dimension, components);
  const kept = axes.components;
  const projected = new Float64Array(rows * kept);
  const centred = new Float64Array(dimension);
  for (let row = 0; row < rows; row++) {
    const base = row * dimension;
    for (let column = 0; column < dimension; column++) centred[column] = values[base + column] - axes.mean[column];
    for (let component = 0; component < kept; component++) {
      const vectorBase = component * dimension;
      let sum = 0;
      for (let column = 0; column < dimension; column++) sum += centred[column] * axes.vectors[vectorBase + column];
      projected[row * kept + component] = sum;
    }
  }
  return { projected, components: kept, variances: axes.variances, totalVariance: axes.totalVariance };
}

/** The mean and the `components` leading eigenvectors of the rows' sample covariance (as principalComponents fits them). */
export function principalAxes(values: ArrayLike<number>, rows: number, dimension: number, components: number): PrincipalAxes {
  const kept = Math.max(1, Math.min(components, dimension));
  const mean = new Float64Array(dimension);
  for (let row = 0; row < rows; row++) {
    const base = row * dimension;
    for (let column = 0; column < dimension; column++) mean[column] += values[base + column];
  }
  for (let column = 0; column < dimension; column++) mean[column] /= Math.max(1, rows);

  // The upper triangle of Σ (x − mean)(x − mean)ᵀ, row by row, then mirrored.
  const covariance = new Float64Array(dimension * dimension);
  const centred = new Float64Array(dimension);
  for (let row = 0; row < rows; row++) {
    const base = row * dimension;
    for (let column = 0; column < dimension; column++) centred[column] = values[base + column] - mean[column];
    for (let i = 0; i < dimension; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      const offset = i * dimension;
      for (let j = i; j < dimension; j++) covariance[offset + j] += ci * centred[j];
    }
  }
  const divisor = Math.max(1, rows - 1);
  let totalVariance = 0;
  for (let i = 0; i < dimension; i++) {
    for (let j = i; j < dimension; j++) {
      const value = covariance[i * dimension + j] / divisor;
      covariance[i * dimension + j] = value;
      covariance[j * dimension + i] = value;
    }
    totalVariance += covariance[i * dimension + i];
  }

  const { values: eigenvalues, vectors } = symmetricEigen(covariance, dimension);
  const variances = eigenvalues.slice(0, kept).map((value) => Math.max(0, value));
  return { mean, vectors: vectors.slice(0, kept * dimension), components: kept, variances, totalVariance };
}
