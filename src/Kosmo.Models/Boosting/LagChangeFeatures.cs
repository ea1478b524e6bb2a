using Kosmo.Features;

namespace Kosmo.Models.Boosting;

/// <summary>
/// The row a tree model sees for stock i on date t: the K last-day features of the cube, then for each lag ℓ the
/// change x_k(t) − x_k(t−ℓ) of every feature (ℓ in trading days of the panel), a summary of the window that the
/// sequence models see whole. Causal: reads dates t and t−ℓ only. A change is NaN (missing) when t−ℓ is before
/// the first date, the cube does not store that row, or either value is NaN.
/// </summary>
public static class LagChangeFeatures
{
    /// <summary>The default lags: the 5- and 20-day changes.</summary>
    public static readonly IReadOnlyList<int> DefaultLags = [5, 20];

    /// <summary>The K × (1 + lags) column names: the features, then <c>NAME_chg5</c>, <c>NAME_chg20</c>, ... per lag.</summary>
    public static string[] Names(IReadOnlyList<string> features, IReadOnlyList<int> lags)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(lags);
        return [.. features, .. lags.SelectMany(l => features.Select(f => $"{f}_chg{l}"))];
    }

    /// <summary>Writes the row of stock <paramref name="code"/> on date <paramref name="t"/> into <paramref name="row"/> (length K × (1 + lags)).</summary>
    /// <exception cref="ArgumentException">The row has the wrong length or a lag is not positive.</exception>
    public static void Fill(FeatureCube cube, int code, int t, IReadOnlyList<int> lags, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(lags);
        var K = cube.FeatureCount;
        if (row.Length != K * (1 + lags.Count))
        {
            throw new ArgumentException($"row has {row.Length} values; {K * (1 + lags.Count)} expected (K = {K}, {lags.Count} lags).", nameof(row));
        }

        var now = row[..K];
        for (var k = 0; k < K; k++)
        {
            now[k] = cube.Get(code, t, k);
        }

        for (var j = 0; j < lags.Count; j++)
        {
            var lag = lags[j] > 0 ? lags[j] : throw new ArgumentException($"lag {lags[j]} is not positive.", nameof(lags));
            var change = row.Slice(K * (1 + j), K);
            var before = t - lag;
            if (before < 0 || !cube.Contains(code, before))
            {
                change.Fill(float.NaN);
                continue;
            }

            for (var k = 0; k < K; k++)
            {
                change[k] = now[k] - cube.Get(code, before, k); // NaN propagates
            }
        }
    }
}
