using System.Diagnostics;
using System.Globalization;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;

namespace Kosmo.Bench.Baselines;

/// <summary>
/// Fit time of the logistic baseline per fold at the research experiment's size: 600,000 training rows × 57 last-day
/// features (the cube's K), 3 classes, sample weights, 1 % missing values, a weak signal; damped Newton with the exact
/// Hessian (<see cref="LogisticRegressionClassifier"/>). Prints <c>logistic_fit_s</c> (2 threads) and
/// <c>logistic_fit_1t_s</c> (1 thread), medians of 3 fits each, interleaved (quick: 60,000 rows, 1 fit), their CPU
/// seconds, <c>logistic_fit_threads_ratio</c> (1 thread over 2) and <c>logistic_fit_iterations</c>. The two fits give
/// bit-identical coefficients (checked here and in the tests).
/// </summary>
public sealed class LogisticFitFigure : IFigure
{
    private const int Features = 57;

    /// <inheritdoc />
    public string Name => "logistic";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = quick ? 60_000 : 600_000;
        var repeats = quick ? 1 : 3;
        var train = Rows(rows, seed: 1);
        var wall = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        var cpu = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        double[]? reference = null;
        var iterations = 0;
        for (var r = 0; r < repeats; r++)
        {
            foreach (var threads in new[] { 2, 1 })
            {
                var model = new LogisticRegressionClassifier("logistic", new LogisticRegressionOptions(Threads: threads));
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                model.Fit(train);
                wall[threads].Add(sw.Elapsed.TotalSeconds);
                cpu[threads].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
                iterations = model.Iterations;
                reference ??= model.Coefficients;
                if (!reference!.SequenceEqual(model.Coefficients!))
                {
                    throw new InvalidOperationException("logistic: the 1- and 2-thread fits differ");
                }
            }
        }

        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"logistic_fit_s={Median(wall[2]):0.00}"));
        output.WriteLine(string.Create(inv, $"logistic_fit_cpu_s={Median(cpu[2]):0.00}"));
        output.WriteLine(string.Create(inv, $"logistic_fit_1t_s={Median(wall[1]):0.00}"));
        output.WriteLine(string.Create(inv, $"logistic_fit_1t_cpu_s={Median(cpu[1]):0.00}"));
        output.WriteLine(string.Create(inv, $"logistic_fit_threads_ratio={Median(wall[1]) / Median(wall[2]):0.00}"));
        output.WriteLine($"logistic_fit_iterations={iterations}");
        output.WriteLine(string.Create(inv, $"load_avg_1m={LoadAverage()}"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "NA";

    private static TabularSet Rows(int n, int seed) => SyntheticTabular.Rows(n, Features, seed, static (x, o) =>
        0.15 * SyntheticTabular.Value(x[o]) + 0.1 * SyntheticTabular.Value(x[o + 1]) - 0.1 * SyntheticTabular.Value(x[o + 7])
        + 0.05 * SyntheticTabular.Value(x[o + 2]));
}
