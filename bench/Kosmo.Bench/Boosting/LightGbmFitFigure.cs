using System.Diagnostics;
using System.Globalization;
using Kosmo.Bench.Baselines;
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

    private static TabularSet Rows(int n, int seed) => SyntheticTabular.Rows(n, Features, seed, static (x, o) =>
        0.15 * SyntheticTabular.Value(x[o]) + 0.1 * SyntheticTabular.Value(x[o + 1]) - 0.1 * SyntheticTabular.Value(x[o + 57])
        + 0.05 * SyntheticTabular.Value(x[o + 2]) * SyntheticTabular.Value(x[o + 3]));
}
