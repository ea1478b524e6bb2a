namespace Kosmo.Features.Weights;

/// <summary>
/// Sample weights per (code, date) cell of a <see cref="Labels.LabelSet"/> (T × N, code-major; NaN where unlabelled).
/// </summary>
/// <param name="Uniqueness">Average uniqueness ū in (0, 1].</param>
/// <param name="Attribution">Return-attribution weight, normalised to mean 1 over the labelled cells.</param>
/// <param name="Decay">Time-decay factor in [0, 1] (1 = newest).</param>
/// <param name="Combined">Attribution × Decay, normalised to mean 1 (what a trainer uses by default).</param>
public sealed record LabelWeightSet(float[] Uniqueness, float[] Attribution, float[] Decay, float[] Combined)
{
    /// <summary>Mean average uniqueness over labelled cells (NaN when none).</summary>
    public double MeanUniqueness
    {
        get
        {
            double sum = 0;
            var n = 0;
            foreach (var u in Uniqueness)
            {
                if (!float.IsNaN(u))
                {
                    sum += u;
                    n++;
                }
            }

            return n == 0 ? double.NaN : sum / n;
        }
    }
}
