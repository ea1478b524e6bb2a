using Kosmo.Core;
using Kosmo.Data.Synthetic;
using Kosmo.Experiment;
using Kosmo.Experiment.Config;
using Kosmo.Experiment.Live;
using Kosmo.Features;
using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;

namespace Kosmo.Experiment.Tests.Live;

/// <summary>
/// A prediction window with a stock halted for a long time: the short window of the market plus that stock's own longer
/// history (<see cref="LiveWindow"/>, <see cref="SparseFeatureBuilder.LongerHistory"/>) gives the halted stock the very
/// features a window reaching back that far for every stock gives it, at the cost of the short window for the others.
/// </summary>
public sealed class LiveWindowTests
{
    [Fact]
    public void Features_Should_EqualTheWideWindows_When_AHaltedStockReachesBackOnItsOwnHistory()
    {
        // Given 40 synthetic stocks over 4 years, stock 0 halted (volume 0) from 500 to 60 dates before the end: the last
        // 450 dates hold 60 of its traded days, its 282-price fractional difference needs the history before the halt
        var wide = SyntheticPanelOf(stocks: 40, years: 4, seed: 7);
        var T = wide.DateCount;
        for (var t = T - 500; t < T - 60; t++)
        {
            wide.Set(PanelField.Volume, 0, t, 0f);
        }

        const int L = 10;
        var cut = T - 450;
        var narrow = LiveWindow.Slice(wide, cut);
        narrow.Codes.Should().Equal(wide.Codes);
        var set = PrepareStep.DefaultSet(new FeaturesConfig { Lookback = L, Wavelets = false });
        var (_, scaling) = Build(wide, set, L, null, null);
        var (wideCube, _) = Build(wide, set, L, scaling, null);

        // When the short window is built with and without the halted stock's longer history, with the wide window's
        // market scaling and no cross-sectional scaling (so every column is the stock's own)
        var (withHistory, _) = Build(narrow, set, L, scaling, new SparseFeatureBuilder.LongerHistory(wide, new HashSet<int> { 0 }));
        var (without, _) = Build(narrow, set, L, scaling, null);

        // Then the halted stock's features (and every stock's market columns) equal the wide window's bit for bit on the
        // model's L dates; without its longer history its fractional difference is missing
        var K = wideCube.FeatureCount;
        var ffd = Array.IndexOf(wideCube.Names, "ffd_0.40");
        for (var j = 0; j < L; j++)
        {
            var (tw, tn) = (T - L + j, narrow.DateCount - L + j);
            for (var k = 0; k < K; k++)
            {
                withHistory.Get(0, tn, k).Should().Be(wideCube.Get(0, tw, k), $"{wideCube.Names[k]} on {wide.Dates[tw]:yyyy-MM-dd}");
            }

            float.IsFinite(wideCube.Get(0, tw, ffd)).Should().BeTrue();
            float.IsNaN(without.Get(0, tn, ffd)).Should().BeTrue();
            for (var k = set.StockFeatures.Sum(f => f.Names.Count); k < K; k++)
            {
                withHistory.Get(5, tn, k).Should().Be(wideCube.Get(5, tw, k), wideCube.Names[k]);
            }
        }
    }

    [Fact]
    public void Build_Should_ScaleTheStoredDatesBitwiseAsOnEveryDate_When_TheMarketStatisticsAreFitted()
    {
        // Given a synthetic panel and the market statistics fitted on its first half
        var panel = SyntheticPanelOf(stocks: 30, years: 2, seed: 5);
        var (T, N) = (panel.DateCount, panel.CodeCount);
        var set = PrepareStep.DefaultSet(new FeaturesConfig { Lookback = 10, Wavelets = false });
        var window = new DateWindow(panel.Dates[0], panel.Dates[T / 2]);
        var (_, scaling) = Build(panel, set, 10, null, null);

        // When the last 10 dates of every stock are kept, once alone (only those dates are scaled) and once with one more
        // stock's every date (every date is scaled), winsorised and z-scored across stocks
        var last = new bool[N * T];
        for (var i = 0; i < N; i++)
        {
            last.AsSpan((i * T) + T - 10, 10).Fill(true);
        }

        var every = (bool[])last.Clone();
        every.AsSpan(0, T).Fill(true);
        var few = SparseFeatureBuilder.Build(panel, set, last, SparseFeatureBuilder.CrossSection.ZScore, window, new HashSet<string>(), 1, out _, scaling);
        var all = SparseFeatureBuilder.Build(panel, set, every, SparseFeatureBuilder.CrossSection.ZScore, window, new HashSet<string>(), 1, out _, scaling);

        // Then every kept value is the same bit for bit
        for (var i = 1; i < N; i++)
        {
            for (var t = T - 10; t < T; t++)
            {
                for (var k = 0; k < few.FeatureCount; k++)
                {
                    few.Get(i, t, k).Should().Be(all.Get(i, t, k), $"{few.Names[k]} of {panel.Codes[i]} on {panel.Dates[t]:yyyy-MM-dd}");
                }
            }
        }
    }

    [Fact]
    public void Slice_Should_KeepEveryFieldFlagAndIndex_When_CuttingTheFirstDates()
    {
        // Given a synthetic panel
        var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = 12, Years = 2, Seed = 3 });
        var builder = new PanelBuilder();
        foreach (var s in market.Stocks)
        {
            builder.AddStock(s);
        }

        builder.AddRange(market.Bars);
        builder.AddIndex(market.IndexBars);
        var panel = PanelSource.FillAdjustedClose(builder.Build(isSynthetic: true));

        // When its last 100 dates are sliced off
        var from = panel.DateCount - 100;
        var slice = LiveWindow.Slice(panel, from);

        // Then every value of every field, flag and index series of those dates is the panel's
        slice.Dates.Should().Equal(panel.Dates[from..]);
        slice.IsSynthetic.Should().BeTrue();
        for (var i = 0; i < slice.CodeCount; i++)
        {
            var p = panel.IndexOfCode(slice.Codes[i]);
            foreach (var field in Enum.GetValues<PanelField>())
            {
                slice.Series(field, i).ToArray().Should().Equal(panel.Series(field, p)[from..].ToArray(), $"{field} of {slice.Codes[i]}");
            }

            slice.FlagSeries(i).ToArray().Should().Equal(panel.FlagSeries(p)[from..].ToArray());
        }

        slice.Indices.Keys.Should().BeEquivalentTo(panel.Indices.Keys);
        foreach (var (name, index) in slice.Indices)
        {
            index.Close.Should().Equal(panel.Indices[name].Close[from..]);
        }
    }

    private static (FeatureCube Cube, MarketScaling Scaling) Build(Panel panel, FeatureSet set, int L, MarketScaling? fitted, SparseFeatureBuilder.LongerHistory? longer)
    {
        var T = panel.DateCount;
        var stored = new bool[panel.CodeCount * T];
        for (var i = 0; i < panel.CodeCount; i++)
        {
            for (var t = T - L; t < T; t++)
            {
                stored[(i * T) + t] = true;
            }
        }

        var cube = SparseFeatureBuilder.Build(panel, set, stored, SparseFeatureBuilder.CrossSection.None, new DateWindow(panel.Dates[0], panel.Dates[T / 2]),
            new HashSet<string>(), 1, out var scaling, fitted, longer);
        return (cube, scaling);
    }

    /// <summary>The synthetic market's whole panel with its back-adjusted close, as <c>kosmo run</c> builds it.</summary>
    private static Panel SyntheticPanelOf(int stocks, int years, int seed)
    {
        var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = stocks, Years = years, Seed = seed });
        var builder = new PanelBuilder();
        foreach (var s in market.Stocks)
        {
            builder.AddStock(s);
        }

        builder.AddRange(market.Bars);
        builder.AddIndex(market.IndexBars);
        return PanelSource.FillAdjustedClose(builder.Build(isSynthetic: true));
    }
}
