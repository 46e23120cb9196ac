// Eigenvalues and eigenvectors of a small symmetric matrix (a covariance), for PCA.

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Eigenvectors as rows, in the order of `values`: vectors[i·n + j] is the j-th entry of the i-th. */
  vectors: Float64Array;
}

/**
 * The cyclic Jacobi eigenvalue algorithm (C. G. J. Jacobi 1846; Golub & Van Loan, "Matrix
 * Computations", §8.5): plane rotations zero each off-diagonal entry in turn until the matrix is
 * diagonal to rounding. It costs O(n³) a sweep and converges quadratically (a handful of sweeps),
 * fine for the ≤ a few hundred dimensions of an embedding, and it is accurate for the small
 * eigenvalues too. `matrix` (n × n, row-major, symmetric) is not changed.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number, options: { maxSweeps?: number } = {}): SymmetricEigen {
  const maxSweeps = options.maxSweeps ?? 60;
  const a = Float64Array.from(matrix as ArrayLike<number>);
  // Columns of v are the eigenvectors as they accumulate.
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i] * a[i];
  const tolerance = 1e-30 * Math.max(scale, Number.MIN_VALUE);

  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) offDiagonal += a[p * n + q] * a[p * n + q];
    if (offDiagonal <= tolerance) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q] (Golub & Van Loan's symmetric Schur decomposition).
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: n }, (_, index) => index).sort((left, right) => a[right * n + right] - a[left * n + left] || left - right);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((column, rank) => {
    values[rank] = a[column * n + column];
    for (let k = 0; k < n; k++) vectors[rank * n + k] = v[k * n + column];
  });
  return { values, vectors };
}
