namespace Kosmo.Models.Ensemble;

/// <summary>Log loss and entropy of 3-class rows, with the same clipping as the evaluator (p ≥ 1e-15, rows renormalised).</summary>
internal static class ProbabilityMath
{
    public const double MinProbability = 1e-15;

    /// <summary>−ln max(p̃_label, 1e-15), p̃ = p / Σp. p: (3).</summary>
    public static double LogLoss(ReadOnlySpan<double> p, int label)
    {
        var sum = p[0] + p[1] + p[2];
        return -Math.Log(Math.Max(p[label] / sum, MinProbability));
    }

    /// <summary>Entropy −Σ p̃ ln p̃ in nats (0 for a one-hot row, ln 3 for the uniform row).</summary>
    public static double Entropy(ReadOnlySpan<double> p)
    {
        var sum = p[0] + p[1] + p[2];
        double h = 0;
        for (var k = 0; k < 3; k++)
        {
            var q = p[k] / sum;
            if (q > 0)
            {
                h -= q * Math.Log(q);
            }
        }

        return h;
    }
}
