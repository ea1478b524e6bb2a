using Kosmo.Core;
using Kosmo.Features.MarketContext;

namespace Kosmo.Features.Regimes;

/// <summary>
/// The market observation vector per panel date that the regime model reads, all causal (row t uses data at
/// dates &lt;= t only). Columns, in order:
/// <list type="bullet">
/// <item><c>kosdaq_ret_1d</c>, <c>kosdaq_vol_20d</c>, <c>kospi_ret_1d</c>, <c>kospi_vol_20d</c>: exactly the
/// <see cref="IndexFeature"/> definitions (daily log return; 20-day sample std of log returns × √252).</item>
/// <item><c>vix_chg_5d</c>: the <see cref="VixFeature"/> column, i.e. ln(vix_t / vix_{t−5}) of VIX lagged one KRX day.</item>
/// <item><c>amount_chg</c>: ln A_t − the mean of the last 20 earlier valid values of ln A (NaN until 15 exist), where A is
/// the KOSDAQ index trading value (<see cref="IndexSeries.Amount"/>), or KOSPI's when the panel has no KOSDAQ series
/// (chosen by which series exist, never by their values, so the choice cannot read the future).</item>
/// </list>
/// A series missing from the panel gives an all-NaN column; <see cref="RegimeModel"/> drops a column whose finite
/// share in the training window is below its threshold, and marginalises isolated NaN days.
/// </summary>
public static class RegimeObservations
{
    /// <summary>All column names, in order.</summary>
    public static IReadOnlyList<string> AllNames { get; } =
        ["kosdaq_ret_1d", "kosdaq_vol_20d", "kospi_ret_1d", "kospi_vol_20d", "vix_chg_5d", "amount_chg"];

    /// <summary>Builds the observation matrix (T, 6), NaN where a value is unknown.</summary>
    public static double[][] Build(Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var T = panel.DateCount;
        var rows = new double[T][];
        for (var t = 0; t < T; t++)
        {
            rows[t] = new double[AllNames.Count];
        }

        var col = 0;
        foreach (var index in new[] { "KOSDAQ", "KOSPI" })
        {
            var feature = new IndexFeature(index);
            var buffer = new float[feature.Names.Count * T];
            Array.Fill(buffer, float.NaN);
            feature.Compute(panel, buffer);
            var ret = feature.Names.ToList().IndexOf($"{index.ToLowerInvariant()}_ret_1d");
            var vol = feature.Names.ToList().IndexOf($"{index.ToLowerInvariant()}_vol_20d");
            for (var t = 0; t < T; t++)
            {
                rows[t][col] = buffer[ret * T + t];
                rows[t][col + 1] = buffer[vol * T + t];
            }

            col += 2;
        }

        var vix = new VixFeature();
        var vixBuffer = new float[vix.Names.Count * T];
        Array.Fill(vixBuffer, float.NaN);
        vix.Compute(panel, vixBuffer);
        var chg = vix.Names.ToList().IndexOf("vix_chg_5d");
        for (var t = 0; t < T; t++)
        {
            rows[t][col] = vixBuffer[chg * T + t];
        }

        col++;
        var amount = AmountSeries(panel);
        var window = new Queue<double>();
        double sum = 0;
        for (var t = 0; t < T; t++)
        {
            var a = amount is null ? float.NaN : amount[t];
            var valid = float.IsFinite(a) && a > 0;
            rows[t][col] = valid && window.Count >= 15 ? Math.Log(a) - sum / window.Count : double.NaN;
            if (valid)
            {
                window.Enqueue(Math.Log(a));
                sum += Math.Log(a);
                if (window.Count > 20)
                {
                    sum -= window.Dequeue();
                }
            }
        }

        return rows;
    }

    private static float[]? AmountSeries(Panel panel)
    {
        foreach (var name in new[] { "KOSDAQ", "KOSPI" })
        {
            if (panel.Indices.TryGetValue(name, out var s))
            {
                return s.Amount;
            }
        }

        return null;
    }
}
