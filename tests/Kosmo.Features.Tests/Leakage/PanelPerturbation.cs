using Kosmo.Core;

namespace Kosmo.Features.Tests.Leakage;

/// <summary>Copies a panel and scrambles every raw input strictly after a date index.</summary>
internal static class PanelPerturbation
{
    public static Panel AfterDate(Panel source, int cutoff, int seed)
    {
        var rng = new Random(seed);
        var copy = new Panel(source.Dates, source.Stocks) { IsSynthetic = source.IsSynthetic };
        var T = source.DateCount;
        foreach (var field in Enum.GetValues<PanelField>())
        {
            var from = source.Field(field);
            var to = copy.Field(field);
            Array.Copy(from, to, from.Length);
            for (var i = 0; i < source.CodeCount; i++)
            {
                for (var t = cutoff + 1; t < T; t++)
                {
                    var k = i * T + t;
                    // Scale existing values, and also put values into cells that were missing (a "future" listing).
                    to[k] = float.IsFinite(from[k]) ? from[k] * (float)(0.3 + 1.4 * rng.NextDouble()) : (float)(1000 * rng.NextDouble() + 1);
                    if (rng.NextDouble() < 0.05)
                    {
                        to[k] = float.NaN;
                    }
                }
            }
        }

        Array.Copy(source.Flags, copy.Flags, source.Flags.Length);
        for (var i = 0; i < source.CodeCount; i++)
        {
            for (var t = cutoff + 1; t < T; t++)
            {
                copy.Flags[i * T + t] = (BarFlags)rng.Next(0, 1 << 11);
            }
        }

        foreach (var (name, series) in source.Indices)
        {
            float[] Scramble(float[] x) => [.. x.Select((v, t) => t <= cutoff ? v : (float)(rng.NextDouble() * 3000 + 1))];
            copy.Indices[name] = new IndexSeries(name, Scramble(series.Close), Scramble(series.Amount), Scramble(series.MarketCap));
        }

        return copy;
    }
}
