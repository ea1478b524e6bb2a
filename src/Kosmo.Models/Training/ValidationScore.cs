namespace Kosmo.Models.Training;

/// <summary>Validation figures computed from a <see cref="PredictionSet"/>.</summary>
public static class ValidationScore
{
    /// <summary>
    /// Weighted cross-entropy Σ sᵢ·w[yᵢ]·(−ln max(pᵢ[yᵢ], 1e-12)) / Σ sᵢ·w[yᵢ] (the training objective, evaluated in
    /// double), with class weights w (null = 1) and the set's sample weights s. NaN for an empty set.
    /// </summary>
    public static double Loss(PredictionSet set, float[]? classWeights)
    {
        ArgumentNullException.ThrowIfNull(set);
        double num = 0, den = 0;
        for (var i = 0; i < set.Count; i++)
        {
            var y = set.Labels[i];
            var w = (double)set.Weights[i] * (classWeights?[y] ?? 1f);
            num -= w * Math.Log(Math.Max(set.Probability(i, y), 1e-12));
            den += w;
        }

        return den > 0 ? num / den : double.NaN;
    }

    /// <summary>
    /// Unweighted macro F1 over all C classes of the argmax prediction (lowest class on ties); a class's F1 is
    /// 2TP / (2TP + FP + FN), 0 when that denominator is 0. NaN for an empty set.
    /// </summary>
    public static double MacroF1(PredictionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0)
        {
            return double.NaN;
        }

        var c = set.Classes;
        var tp = new long[c];
        var fp = new long[c];
        var fn = new long[c];
        for (var i = 0; i < set.Count; i++)
        {
            var best = 0;
            for (var k = 1; k < c; k++)
            {
                if (set.Probability(i, k) > set.Probability(i, best))
                {
                    best = k;
                }
            }

            var y = set.Labels[i];
            if (best == y)
            {
                tp[y]++;
            }
            else
            {
                fp[best]++;
                fn[y]++;
            }
        }

        double sum = 0;
        for (var k = 0; k < c; k++)
        {
            var d = (2 * tp[k]) + fp[k] + fn[k];
            sum += d == 0 ? 0 : 2.0 * tp[k] / d;
        }

        return sum / c;
    }
}
