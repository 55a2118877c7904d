/**
 * Φ(z), the standard normal CDF, from the complementary error function of Numerical Recipes
 * (erfcc, Chebyshev fit, relative error below 1.2e-7 everywhere): plenty for turning a value
 * score into a quantile of a bidder's value distribution. Computes the smaller tail directly, so
 * {@link normalUpperTail} keeps its precision far out where 1 − Φ(z) would round to 0.
 */
export function normalCdf(z: number): number {
  return z >= 0 ? 1 - normalUpperTail(z) : normalUpperTail(-z);
}

/** 1 − Φ(z), accurate in the far upper tail. */
export function normalUpperTail(z: number): number {
  return z >= 0 ? 0.5 * erfcPositive(z * Math.SQRT1_2) : 1 - 0.5 * erfcPositive(-z * Math.SQRT1_2);
}

function erfcPositive(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}
