using System.Diagnostics;
using System.Globalization;
using Kosmo.Core;
using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;
using Kosmo.Features.Splits;
using Kosmo.Features.Weights;

namespace Kosmo.Bench.Labels;

/// <summary>
/// Label, weight, split and dataset timings on a generated panel the size of the small-cap universe
/// (1,500 stocks × 1,250 days ≈ 5 years; quick: 300 × 500). Medians over repeats, in seconds; the dataset
/// figure is windows drawn per second for L = 60, K = 32, B = 256. No external reference (mlfinlab is not
/// installed and is not what the labels were written from), so no ratio is printed.
/// </summary>
public sealed class LabelsFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "labels";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        var (stocks, days, repeats) = quick ? (300, 500, 3) : (1500, 1250, 5);
        // KOSMO_LABELS_SHAPE=STOCKSxDAYS (e.g. 2000x4400, the whole shared data's size) overrides the panel size.
        if (Environment.GetEnvironmentVariable("KOSMO_LABELS_SHAPE") is { } shape && shape.Split('x') is [var a, var b]
            && int.TryParse(a, out var n) && int.TryParse(b, out var t) && n > 0 && t > 0)
        {
            (stocks, days, repeats) = (n, t, 3);
        }

        output.WriteLine($"labels_panel_shape={stocks}x{days}");
        var panel = Generate(stocks, days, seed: 1);
        LabelSet? fixedLabels = null;
        Write(output, "labels_fixed_h10_s", Median(repeats, () => fixedLabels = new FixedHorizonLabeler(new FixedHorizonOptions(10)).Compute(panel)));
        Write(output, "labels_triple_barrier_h10_s", Median(repeats, () => new TripleBarrierLabeler(new TripleBarrierOptions(10)).Compute(panel)));
        Write(output, "labels_trend_scanning_5_20_s", Median(repeats, () => new TrendScanningLabeler(new TrendScanningOptions(5, 20)).Compute(panel)));
        Write(output, "labels_weights_s", Median(repeats, () => LabelWeights.Compute(fixedLabels!, panel, 0.5)));
        var samples = LabeledSamples.FromLabels(fixedLabels!);
        Write(output, "labels_cpcv_6_2_s", Median(repeats, () => CombinatorialPurgedCV.Create(samples, 6, 2, 10)));

        const int K = 32;
        var cube = new FeatureCube(panel.Dates, panel.Codes, Enumerable.Range(0, K).Select(k => $"f{k}").ToArray());
        var rng = new Random(2);
        for (var j = 0; j < cube.Values.Length; j++)
        {
            cube.Values[j] = (float)rng.NextDouble();
        }

        var ds = new WindowDataset(cube, fixedLabels!, samples.Select(Enumerable.Range(0, samples.Count).ToArray()), null, null, new DatasetOptions(Lookback: 60, BatchSize: 256, Seed: 3));
        var batch = ds.CreateBatch();
        var order = ds.EpochOrder(0);
        var batches = Math.Min(ds.BatchesPerEpoch, quick ? 200 : 1000);
        var seconds = Median(repeats, () =>
        {
            for (var b = 0; b < batches; b++)
            {
                ds.Fill(order, b, batch);
            }
        });
        Write(output, "dataset_windows_per_s_L60_K32", batches * 256 / seconds);
    }

    private static void Write(TextWriter output, string name, double value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value:G5}"));

    private static double Median(int repeats, Action action)
    {
        action();
        var times = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[r] = sw.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    /// <summary>GBM prices with intraday ranges and 1% halted days; every 10th stock delists half-way.</summary>
    private static Kosmo.Core.Panel Generate(int stocks, int days, int seed)
    {
        var rng = new Random(seed);
        var dates = new List<DateOnly>();
        for (var d = new DateOnly(2019, 1, 2); dates.Count < days; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                dates.Add(d);
            }
        }

        var panel = new Kosmo.Core.Panel(dates, Enumerable.Range(0, stocks).Select(i => new StockInfo($"{i:D6}", "", Market.Kosdaq, "", null, null)).ToArray());
        for (var i = 0; i < stocks; i++)
        {
            var close = 5000.0;
            var last = i % 10 == 9 ? days / 2 : days - 1;
            for (var t = 0; t <= last; t++)
            {
                var move = 0.03 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2;
                var open = close * Math.Exp(move / 3);
                close *= Math.Exp(move);
                panel.Set(PanelField.Open, i, t, (float)open);
                panel.Set(PanelField.Close, i, t, (float)close);
                panel.Set(PanelField.AdjClose, i, t, (float)close);
                panel.Set(PanelField.High, i, t, (float)(Math.Max(open, close) * 1.01));
                panel.Set(PanelField.Low, i, t, (float)(Math.Min(open, close) * 0.99));
                panel.Set(PanelField.Volume, i, t, rng.NextDouble() < 0.01 ? 0f : 10000f);
            }
        }

        return panel;
    }
}
