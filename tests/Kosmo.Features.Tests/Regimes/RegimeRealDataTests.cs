using System.Globalization;
using System.IO.Compression;
using Kosmo.Core;
using Kosmo.Features.Normalization;
using Kosmo.Features.Regimes;
using Kosmo.Testing;
using Xunit.Abstractions;

namespace Kosmo.Features.Tests.Regimes;

/// <summary>
/// Sanity check on real data: an HMM on 2000–2009 KOSDAQ index data (index_KOSDAQ.csv.gz, 0.3 MB) should put the
/// 2008 crisis months in its high-volatility state.
/// </summary>
public sealed class RegimeRealDataTests(ITestOutputHelper output)
{
    [RealDataTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_Should_PlaceThe2008CrisisInTheHighVolatilityState_When_FittedOnKosdaq2000To2009(int states)
    {
        // Given a calendar panel of KOSDAQ index closes and trading values, 2000-01-01..2009-12-31
        var panel = LoadKosdaq(new DateOnly(2000, 1, 1), new DateOnly(2009, 12, 31));
        var window = new DateWindow(panel.Dates[0], panel.Dates[^1]);

        // When an HMM is fitted on KOSDAQ daily log return, 20-day vol and trading-value change
        var model = RegimeModel.Fit(panel, window, new RegimeModelOptions(
            States: states, Restarts: 3, Seed: 11, Inputs: ["kosdaq_ret_1d", "kosdaq_vol_20d", "amount_chg"]));
        var p = model.FilteredProbabilities(panel);

        // Then the highest-volatility state holds most filtered mass in Oct–Nov 2008 (the crisis peak), the states
        // above the calmest hold nearly all of it, and the calm 2005-H2/2006-H2 stretch mostly sits elsewhere
        int[] Days(DateOnly a, DateOnly b) => Enumerable.Range(0, panel.DateCount).Where(t => panel.Dates[t] >= a && panel.Dates[t] <= b).ToArray();
        var crisis = Days(new DateOnly(2008, 10, 1), new DateOnly(2008, 11, 30));
        var calm = Days(new DateOnly(2006, 7, 1), new DateOnly(2006, 12, 31));
        var top = states - 1;
        var crisisTop = crisis.Average(t => p[t][top]);
        var crisisNotCalm = crisis.Average(t => 1 - p[t][0]);
        var calmTop = calm.Average(t => p[t][top]);
        var vol = model.Inputs.ToList().IndexOf("kosdaq_vol_20d");
        output.WriteLine($"states={states} dates={panel.DateCount} crisis P(top)={crisisTop:F3} P(not calm)={crisisNotCalm:F3} calm-2006H2 P(top)={calmTop:F3}");
        for (var k = 0; k < states; k++)
        {
            output.WriteLine($"state {k}: vol mean (ann.) {model.Hmm.Means[k][vol] * model.Std[vol] + model.Mean[vol]:F3}, stay {model.Hmm.Transition[k][k]:F3}");
        }

        crisisTop.Should().BeGreaterThan(0.7, "measured 1.000 (2 states) and 0.988 (3 states)");
        crisisNotCalm.Should().BeGreaterThan(0.95);
        calmTop.Should().BeLessThan(0.35, "measured 0.199 (2 states) and 0.004 (3 states)");
    }

    [RealDataFact]
    public void Fit_Should_PlaceThe2008CrisisInTheHighVolatilityState_When_KospiAndVixAreAdded()
    {
        // Given the KOSDAQ calendar 2000–2009 with KOSPI and VIX aligned to it (VIX enters lagged one KRX day)
        var panel = LoadKosdaq(new DateOnly(2000, 1, 1), new DateOnly(2009, 12, 31));
        foreach (var name in new[] { "KOSPI", "VIX" })
        {
            var (d, c, a) = ReadIndex(name, new DateOnly(1999, 12, 1), new DateOnly(2009, 12, 31));
            var close = Enumerable.Repeat(float.NaN, panel.DateCount).ToArray();
            var amount = Enumerable.Repeat(float.NaN, panel.DateCount).ToArray();
            for (var i = 0; i < d.Count; i++)
            {
                var t = panel.IndexOfDate(d[i]);
                if (t >= 0)
                {
                    (close[t], amount[t]) = (c[i], a[i]);
                }
            }

            panel.Indices[name] = new IndexSeries(name, close, amount, Enumerable.Repeat(float.NaN, panel.DateCount).ToArray());
        }

        // When a 3-state HMM is fitted on all six inputs
        var model = RegimeModel.Fit(panel, new DateWindow(panel.Dates[0], panel.Dates[^1]), new RegimeModelOptions(States: 3, Restarts: 3, Seed: 11));
        var p = model.FilteredProbabilities(panel);

        // Then every input is used and the crisis months sit in the top state
        var crisis = Enumerable.Range(0, panel.DateCount).Where(t => panel.Dates[t] >= new DateOnly(2008, 10, 1) && panel.Dates[t] <= new DateOnly(2008, 11, 30)).ToArray();
        var crisisTop = crisis.Average(t => p[t][2]);
        output.WriteLine($"inputs={string.Join(",", model.Inputs)} crisis P(top)={crisisTop:F3}");
        model.Inputs.Should().HaveCount(6);
        crisisTop.Should().BeGreaterThan(0.7, "measured 0.992");
    }

    private static Panel LoadKosdaq(DateOnly from, DateOnly to)
    {
        var (dates, close, amount) = ReadIndex("KOSDAQ", from, to);
        var panel = new Panel(dates, [new StockInfo("KOSDAQ", "index", Market.Kosdaq, "", null, null)]);
        panel.Indices["KOSDAQ"] = new IndexSeries("KOSDAQ", [.. close], [.. amount], Enumerable.Repeat(float.NaN, dates.Count).ToArray());
        return panel;
    }

    private static (List<DateOnly> Dates, List<float> Close, List<float> Amount) ReadIndex(string name, DateOnly from, DateOnly to)
    {
        var dates = new List<DateOnly>();
        var close = new List<float>();
        var amount = new List<float>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(TestData.Krx($"index_{name}.csv.gz")), CompressionMode.Decompress));
        var header = reader.ReadLine()!.Split(',');
        int iDate = Array.IndexOf(header, "Date"), iClose = Array.IndexOf(header, "Close"), iAmount = Array.IndexOf(header, "Amount");
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            var d = DateOnly.ParseExact(f[iDate], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (d < from || d > to)
            {
                continue;
            }

            dates.Add(d);
            close.Add(f[iClose].Length == 0 ? float.NaN : float.Parse(f[iClose], CultureInfo.InvariantCulture));
            amount.Add(iAmount < 0 || iAmount >= f.Length || f[iAmount].Length == 0 ? float.NaN : float.Parse(f[iAmount], CultureInfo.InvariantCulture));
        }

        return (dates, close, amount);
    }
}
