namespace Kosmo.Models.Onnx;

/// <summary>
/// The affine map baked into an exported graph as its first nodes: x'[..., k] = x[..., k]·Scale[k] + Shift[k], then
/// NaN → 0 (as Kosmo's window datasets fill missing values). A fitted z-score (x − mean)/std is Scale = 1/std,
/// Shift = −mean/std; a column the caller scales itself has Scale 1, Shift 0.
/// </summary>
/// <param name="Scale">Per-feature factor (K).</param>
/// <param name="Shift">Per-feature offset (K).</param>
public sealed record OnnxInputScaling(float[] Scale, float[] Shift)
{
    /// <summary>The identity (the graph expects model-ready values; NaN still becomes 0).</summary>
    public static OnnxInputScaling Identity(int features) => new(Enumerable.Repeat(1f, features).ToArray(), new float[features]);

    /// <summary>Z-scores the named columns with fitted (mean, std), leaves the others as given.</summary>
    /// <param name="featureNames">The K feature names in the model's order.</param>
    /// <param name="zscore">Column → (mean, population std &gt; 0).</param>
    /// <exception cref="ArgumentException">A fitted column is not among the features, or a std is not positive.</exception>
    public static OnnxInputScaling ZScore(IReadOnlyList<string> featureNames, IReadOnlyDictionary<string, (double Mean, double Std)> zscore)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(zscore);
        var s = Identity(featureNames.Count);
        foreach (var (name, (mean, std)) in zscore)
        {
            var k = featureNames.ToList().IndexOf(name);
            if (k < 0 || !(std > 0))
            {
                throw new ArgumentException($"Input scaling: column '{name}' is not a feature, or its std {std} is not positive.", nameof(zscore));
            }

            s.Scale[k] = (float)(1 / std);
            s.Shift[k] = (float)(-mean / std);
        }

        return s;
    }
}
