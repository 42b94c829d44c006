package dev.leptoid.forecast;

import java.util.function.ToDoubleFunction;
import java.util.Arrays;

/**
 * A plain Nelder-Mead simplex minimiser with the standard coefficients ({@link #REFLECTION},
 * {@link #EXPANSION}, {@link #CONTRACTION}, {@link #SHRINK}, as Commons Math's
 * {@code NelderMeadSimplex}). Each iteration replaces the worst vertex by a point on the line
 * from it through the centroid of the others, or shrinks the simplex towards the best vertex.
 * Infeasible points are expressed by the objective returning {@code +Infinity}. Deterministic;
 * allocates only its simplex.
 *
 * @param relTol stop when the spread of objective values over the simplex is below
 *               {@code relTol * (|best| + relTol)} (as R's {@code optim})
 * @param maxEvaluations hard limit on objective evaluations
 * @param xTol also stop when every coordinate of the simplex spans less than this (0: never)
 */
public record NelderMead(double relTol, int maxEvaluations, double xTol) {

    /** Reflection: the worst vertex mirrored through the centroid, at this multiple of its distance. */
    static final double REFLECTION = 1;
    /** Expansion: when the reflection is the best point yet, go this far past the centroid instead. */
    static final double EXPANSION = 2;
    /** Contraction: when the reflection is no better than the second worst, try this far towards the centroid. */
    static final double CONTRACTION = 0.5;
    /** Shrink: when even the contraction fails, every vertex moves this far towards the best one. */
    static final double SHRINK = 0.5;

    public NelderMead(double relTol, int maxEvaluations) { this(relTol, maxEvaluations, 0); }

    /** The minimum found: its point, value and the number of evaluations used. */
    public record Result(double[] point, double value, int evaluations) {}

    /**
     * @param start starting point (feasible)
     * @param steps initial simplex edge per coordinate
     */
    public Result minimize(ToDoubleFunction<double[]> f, double[] start, double[] steps) {
        int d = start.length;
        double[][] x = new double[d + 1][];
        double[] fx = new double[d + 1];
        x[0] = start.clone();
        fx[0] = f.applyAsDouble(x[0]);
        int evals = 1;
        for (int i = 0; i < d; i++) {
            double[] p = start.clone();
            p[i] += steps[i];
            double v = f.applyAsDouble(p);
            evals++;
            if (!Double.isFinite(v)) { // step the other way if the first try left the feasible region
                p[i] = start[i] - steps[i];
                v = f.applyAsDouble(p);
                evals++;
            }
            x[i + 1] = p;
            fx[i + 1] = v;
        }
        double[] centroid = new double[d];
        double[] xr = new double[d];
        double[] xe = new double[d];
        while (evals < maxEvaluations) {
            sort(x, fx);
            double best = fx[0], worst = fx[d];
            if (Double.isFinite(worst) && worst - best <= relTol * (Math.abs(best) + relTol)) break;
            if (xTol > 0 && Double.isFinite(worst) && diameter(x) < xTol) break;
            Arrays.fill(centroid, 0);
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) centroid[j] += x[i][j];
            for (int j = 0; j < d; j++) centroid[j] /= d;
            // reflect: mirror the worst vertex through the centroid of the others
            for (int j = 0; j < d; j++) xr[j] = centroid[j] + REFLECTION * (centroid[j] - x[d][j]);
            double fr = f.applyAsDouble(xr);
            evals++;
            if (fr < best) {
                // expand: the reflection is the best point yet, so try further along the same line
                for (int j = 0; j < d; j++) xe[j] = centroid[j] + EXPANSION * (centroid[j] - x[d][j]);
                double fe = f.applyAsDouble(xe);
                evals++;
                if (fe < fr) accept(x, fx, d, xe, fe); else accept(x, fx, d, xr, fr);
            } else if (fr < fx[d - 1]) {
                // accept the reflection: better than the second worst, not the best
                accept(x, fx, d, xr, fr);
            } else {
                // contract: outside (between centroid and reflection) when the reflection beat the
                // worst vertex, else inside (between centroid and the worst vertex)
                boolean outside = fr < worst;
                for (int j = 0; j < d; j++)
                    xe[j] = outside ? centroid[j] + CONTRACTION * (xr[j] - centroid[j])
                            : centroid[j] + CONTRACTION * (x[d][j] - centroid[j]);
                double fc = f.applyAsDouble(xe);
                evals++;
                if (fc < (outside ? fr : worst)) {
                    accept(x, fx, d, xe, fc);
                } else {
                    // shrink: no point on the line helps; pull every vertex towards the best one
                    for (int i = 1; i <= d; i++) {
                        for (int j = 0; j < d; j++) x[i][j] = x[0][j] + SHRINK * (x[i][j] - x[0][j]);
                        fx[i] = f.applyAsDouble(x[i]);
                        evals++;
                    }
                }
            }
        }
        sort(x, fx);
        return new Result(x[0].clone(), fx[0], evals);
    }

    private static double diameter(double[][] x) {
        double d = 0;
        for (int j = 0; j < x[0].length; j++) {
            double lo = x[0][j], hi = lo;
            for (double[] p : x) { lo = Math.min(lo, p[j]); hi = Math.max(hi, p[j]); }
            d = Math.max(d, hi - lo);
        }
        return d;
    }

    private static void accept(double[][] x, double[] fx, int d, double[] p, double v) {
        System.arraycopy(p, 0, x[d], 0, p.length);
        fx[d] = v;
    }

    private static void sort(double[][] x, double[] fx) { // insertion sort, NaN/Inf last
        for (int i = 1; i < fx.length; i++) {
            double v = fx[i];
            double[] p = x[i];
            int j = i - 1;
            while (j >= 0 && greater(fx[j], v)) {
                fx[j + 1] = fx[j];
                x[j + 1] = x[j];
                j--;
            }
            fx[j + 1] = v;
            x[j + 1] = p;
        }
    }

    private static boolean greater(double a, double b) {
        if (Double.isNaN(a)) return !Double.isNaN(b);
        return a > b;
    }
}
