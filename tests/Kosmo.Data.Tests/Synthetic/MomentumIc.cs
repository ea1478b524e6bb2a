using Kosmo.Data.Synthetic;

namespace Kosmo.Data.Tests.Synthetic;

/// <summary>Independent check of the planted effect: Spearman IC of past vs next returns on non-overlapping dates.</summary>
internal static class MomentumIc
{
    public static List<double> Compute(SyntheticMarket m, int lookback, int horizon)
    {
        var dateIndex = m.Calendar.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var codes = m.Bars.Select(b => b.Code).Distinct().ToList();
        var T = m.Calendar.Count;
        var cum = codes.ToDictionary(c => c, _ => Enumerable.Repeat(double.NaN, T).ToArray());
        foreach (var g in m.Bars.GroupBy(b => b.Code))
        {
            var path = cum[g.Key];
            var acc = 0.0;
            foreach (var b in g)
            {
                acc += Math.Log(1 + b.ChangeRatio);
                path[dateIndex[b.Date]] = acc;
            }
        }

        var ics = new List<double>();
        for (var t = lookback; t + horizon < T; t += horizon)
        {
            var past = new List<double>();
            var future = new List<double>();
            foreach (var c in codes)
            {
                var p = cum[c];
                if (double.IsFinite(p[t - lookback]) && double.IsFinite(p[t]) && double.IsFinite(p[t + horizon]))
                {
                    past.Add(p[t] - p[t - lookback]);
                    future.Add(p[t + horizon] - p[t]);
                }
            }

            if (past.Count >= 30)
            {
                ics.Add(Pearson(Ranks(past), Ranks(future)));
            }
        }

        return ics;
    }

    private static double[] Ranks(List<double> xs)
    {
        var order = Enumerable.Range(0, xs.Count).OrderBy(i => xs[i]).ToArray();
        var r = new double[xs.Count];
        for (var k = 0; k < order.Length; k++)
        {
            r[order[k]] = k;
        }

        return r;
    }

    private static double Pearson(double[] a, double[] b)
    {
        var ma = a.Average();
        var mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
