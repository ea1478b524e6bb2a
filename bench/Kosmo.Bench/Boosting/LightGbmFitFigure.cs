using System.Diagnostics;
using System.Globalization;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Boosting;

namespace Kosmo.Bench.Boosting;

/// <summary>
/// Wall time of one lightgbm baseline fit per fold at a realistic size: 200,000 training rows and 50,000 validation rows
/// × 171 features (57 cube features and their 5- and 20-day changes), 3 classes, sample weights, 1 % missing values, a
/// weak signal in a few features (so early stopping acts as on real labels), the default options
/// (<see cref="LightGbmOptions"/>: 31 leaves, learning rate 0.05, up to 500 rounds, early stopping 50) on 2 threads.
/// Prints <c>lightgbm_fit_s</c> (median of 3 fits; quick: 20,000 rows, 1 fit), including dataset construction,
/// and <c>lightgbm_fit_rounds</c> (best round / rounds run of that fit).
/// </summary>
public sealed class LightGbmFitFigure : IFigure
{
    private const int Features = 171;

    /// <inheritdoc />
    public string Name => "lightgbm";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = quick ? 20_000 : 200_000;
        var repeats = quick ? 1 : 3;
        var train = Rows(rows, seed: 1);
        var validation = Rows(rows / 4, seed: 2);
        var times = new List<double>();
        var rounds = new List<string>();
        for (var r = 0; r < repeats; r++)
        {
            var model = new LightGbmClassifier("lightgbm", new LightGbmOptions { Seed = 42, Threads = 2 });
            var sw = Stopwatch.StartNew();
            try
            {
                model.Fit(train, validation);
            }
            catch (LightGbmUnavailableException e)
            {
                Console.Error.WriteLine($"lightgbm_fit_s: {e.Message}");
                output.WriteLine("lightgbm_fit_s=NA");
                output.WriteLine("lightgbm_fit_rounds=NA");
                return;
            }

            times.Add(sw.Elapsed.TotalSeconds);
            rounds.Add($"{model.BestIteration}/{model.IterationsRun}");
        }

        var median = times.Order().ElementAt(times.Count / 2);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lightgbm_fit_s={median:0.00}"));
        output.WriteLine($"lightgbm_fit_rounds={rounds[times.IndexOf(median)]}");
    }

    private static TabularSet Rows(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[(long)n * Features];
        var y = new int[n];
        var w = new float[n];
        for (var i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * Features, Features);
            for (var k = 0; k < Features; k++)
            {
                row[k] = rng.NextDouble() < 0.01 ? float.NaN : (float)Normal(rng);
            }

            var signal = 0.15 * Value(row[0]) + 0.1 * Value(row[1]) - 0.1 * Value(row[57]) + 0.05 * Value(row[2]) * Value(row[3]);
            var z = signal + Normal(rng);
            y[i] = z < -0.45 ? 0 : z > 0.45 ? 2 : 1;
            w[i] = (float)(0.5 + rng.NextDouble());
        }

        var start = new DateOnly(2010, 1, 1);
        return new TabularSet([.. Enumerable.Range(0, Features).Select(k => $"f{k}")], x, y, w,
            [.. Enumerable.Range(0, n).Select(i => start.AddDays(i / 400))], [.. Enumerable.Range(0, n).Select(i => (i % 400).ToString("D6", CultureInfo.InvariantCulture))]);
    }

    private static double Value(float v) => float.IsNaN(v) ? 0 : v;

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
