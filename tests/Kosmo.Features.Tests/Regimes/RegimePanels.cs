using Kosmo.Core;

namespace Kosmo.Features.Tests.Regimes;

/// <summary>Test panels whose index series switch between calm and stressed regimes (test helper).</summary>
internal static class RegimePanels
{
    /// <summary>
    /// A T-date panel (one dummy stock) with KOSDAQ, KOSPI (Close, Amount) and VIX series. Days 200–279 and
    /// 500–559 are stressed: daily vol 3.5% instead of 0.8%, VIX higher, trading value up.
    /// </summary>
    public static Panel Switching(int dates = 700, int seed = 17)
    {
        var rng = new Random(seed);
        var calendar = Enumerable.Range(0, dates).Select(d => new DateOnly(2010, 1, 4).AddDays(d + 2 * (d / 5))).ToArray();
        var panel = new Panel(calendar, [new StockInfo("000001", "Dummy", Market.Kosdaq, "", null, null)]);
        double kq = 500, ks = 2000, vix = 15;
        var kqClose = new float[dates];
        var ksClose = new float[dates];
        var kqAmount = new float[dates];
        var ksAmount = new float[dates];
        var vixClose = new float[dates];
        for (var t = 0; t < dates; t++)
        {
            var stressed = IsStressed(t);
            var sigma = stressed ? 0.035 : 0.008;
            var common = Normal(rng);
            kq *= Math.Exp(sigma * common + 0.3 * sigma * Normal(rng) - (stressed ? 0.003 : -0.0005));
            ks *= Math.Exp(0.8 * sigma * common + 0.3 * sigma * Normal(rng));
            vix = Math.Max(9, vix + 0.1 * ((stressed ? 40 : 14) - vix) + Normal(rng));
            kqClose[t] = (float)kq;
            ksClose[t] = (float)ks;
            vixClose[t] = (float)vix;
            kqAmount[t] = (float)(3e12 * Math.Exp((stressed ? 0.4 : 0) + 0.2 * Normal(rng)));
            ksAmount[t] = (float)(6e12 * Math.Exp((stressed ? 0.3 : 0) + 0.2 * Normal(rng)));
        }

        var nan = Enumerable.Repeat(float.NaN, dates).ToArray();
        panel.Indices["KOSDAQ"] = new IndexSeries("KOSDAQ", kqClose, kqAmount, (float[])nan.Clone());
        panel.Indices["KOSPI"] = new IndexSeries("KOSPI", ksClose, ksAmount, (float[])nan.Clone());
        panel.Indices["VIX"] = new IndexSeries("VIX", vixClose, (float[])nan.Clone(), (float[])nan.Clone());
        return panel;
    }

    /// <summary>True on the stressed days of <see cref="Switching"/>.</summary>
    public static bool IsStressed(int t) => t is >= 200 and < 280 or >= 500 and < 560;

    /// <summary>A deep copy of a panel's calendar and index series, with every index value at dates in [from, to] scrambled.</summary>
    public static Panel Perturbed(Panel source, int from, int to, int seed)
    {
        var rng = new Random(seed);
        var panel = new Panel(source.Dates, source.Stocks);
        foreach (var (name, s) in source.Indices)
        {
            var close = (float[])s.Close.Clone();
            var amount = (float[])s.Amount.Clone();
            for (var t = Math.Max(0, from); t <= Math.Min(to, close.Length - 1); t++)
            {
                close[t] = (float)(close[t] * Math.Exp(0.2 * Normal(rng)));
                amount[t] = float.IsFinite(amount[t]) ? (float)(amount[t] * (1 + rng.NextDouble())) : 1e12f;
            }

            panel.Indices[name] = new IndexSeries(name, close, amount, (float[])s.MarketCap.Clone());
        }

        return panel;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
