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

            var signal = 0.15 * Value(row[0]) + 0.1 * Value(row[1]) - 0.1 * Value(row[7]) + 0.05 * Value(row[2]);
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
