using Kosmo.Core;
using Kosmo.Features.Normalization;

namespace Kosmo.Features.Regimes;

/// <summary>
/// A market-regime model fitted on an explicit training window: the <see cref="RegimeObservations"/> columns,
/// standardised with training-window means and population stds, feed a <see cref="GaussianHmm"/> fitted by
/// Baum–Welch on the training dates only. States are ordered by the mean of their standardised
/// <c>*_vol_20d</c> columns (by trace of Σ when no vol column is used), so state 0 is the calmest.
/// <see cref="Compute(Panel)"/> runs one causal forward pass over the whole panel history with the fitted
/// parameters: the value at date t uses observations at dates &lt;= t only. Output columns (C = S + 1):
/// <c>regime_p0..regime_p{S−1}</c> (filtered P(state | data up to t)) and <c>regime_state</c> (their argmax).
/// </summary>
public sealed class RegimeModel
{
    private readonly int[] _columns;

    private RegimeModel(GaussianHmm hmm, string[] inputs, int[] columns, double[] mean, double[] std, DateWindow window, double ll, int trainRows)
    {
        Hmm = hmm;
        Inputs = inputs;
        _columns = columns;
        Mean = mean;
        Std = std;
        TrainWindow = window;
        TrainLogLikelihood = ll;
        TrainRows = trainRows;
        Names = [.. Enumerable.Range(0, hmm.StateCount).Select(k => $"regime_p{k}"), "regime_state"];
    }

    /// <summary>The fitted HMM (on standardised inputs), states ordered calm → stressed.</summary>
    public GaussianHmm Hmm { get; }

    /// <summary>The observation columns used (a subset of <see cref="RegimeObservations.AllNames"/>).</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Training-window mean per used input (D).</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Training-window population std per used input (D).</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>The window the model was fitted on.</summary>
    public DateWindow TrainWindow { get; }

    /// <summary>ln p(training observations | fitted model).</summary>
    public double TrainLogLikelihood { get; }

    /// <summary>Number of panel dates in the training window.</summary>
    public int TrainRows { get; }

    /// <summary>Output column names: regime_p0..regime_p{S−1}, regime_state.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>A fitted model from its saved parts (<see cref="RegimeModelJson"/>).</summary>
    /// <exception cref="ArgumentException">An unknown input name, or means, stds and HMM dimension disagree.</exception>
    public static RegimeModel Restore(GaussianHmm hmm, string[] inputs, double[] mean, double[] std, DateWindow window, double logLikelihood, int trainRows)
    {
        ArgumentNullException.ThrowIfNull(hmm);
        ArgumentNullException.ThrowIfNull(inputs);
        var all = RegimeObservations.AllNames.ToList();
        var columns = inputs.Select(n => all.IndexOf(n) is var c && c >= 0 ? c : throw new ArgumentException($"Unknown regime input '{n}'.", nameof(inputs))).ToArray();
        if (mean.Length != inputs.Length || std.Length != inputs.Length || hmm.Dimension != inputs.Length)
        {
            throw new ArgumentException($"{inputs.Length} inputs, {mean.Length} means, {std.Length} stds and an HMM of dimension {hmm.Dimension} disagree.", nameof(inputs));
        }

        return new RegimeModel(hmm, [.. inputs], columns, [.. mean], [.. std], window, logLikelihood, trainRows);
    }

    /// <summary>Fits on the panel dates inside <paramref name="train"/>; nothing outside the window is read.</summary>
    /// <exception cref="ArgumentException">Fewer than 50 training dates, no usable input, or an unknown input name.</exception>
    public static RegimeModel Fit(Panel panel, DateWindow train, RegimeModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return Fit(RegimeObservations.Build(panel), panel.Dates, train, options);
    }

    /// <summary>Fits on rows of a prepared observation matrix obs (T, 6) whose dates (T) lie inside <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">See <see cref="Fit(Panel, DateWindow, RegimeModelOptions?)"/>.</exception>
    public static RegimeModel Fit(IReadOnlyList<double[]> obs, IReadOnlyList<DateOnly> dates, DateWindow train, RegimeModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(dates);
        var rows = Enumerable.Range(0, dates.Count).Where(t => train.Contains(dates[t])).Select(t => obs[t]).ToList();
        if (rows.Count < 50)
        {
            throw new ArgumentException($"The training window {train.First:yyyy-MM-dd}..{train.Last:yyyy-MM-dd} holds {rows.Count} dates; at least 50 are needed.", nameof(train));
        }

        return FitRows(rows, train, options ?? new RegimeModelOptions());
    }

    /// <summary>
    /// Fits on the panel dates whose flag in <paramref name="trainDates"/> is set (a fold of purged k-fold or CPCV, whose
    /// training dates lie on both sides of its test blocks); nothing at an unflagged date is read. The flagged dates are
    /// joined into one sequence for Baum–Welch, so each gap adds one transition between its two sides (at most k per
    /// CPCV split among thousands of dates).
    /// </summary>
    /// <exception cref="ArgumentException">The mask's length differs from the panel's dates, fewer than 50 flagged dates, or no usable input.</exception>
    public static RegimeModel Fit(Panel panel, IReadOnlyList<bool> trainDates, RegimeModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(trainDates);
        if (trainDates.Count != panel.DateCount)
        {
            throw new ArgumentException($"The mask has {trainDates.Count} flags for {panel.DateCount} dates.", nameof(trainDates));
        }

        var obs = RegimeObservations.Build(panel);
        var used = Enumerable.Range(0, panel.DateCount).Where(t => trainDates[t]).ToArray();
        if (used.Length < 50)
        {
            throw new ArgumentException($"The training dates hold {used.Length} dates; at least 50 are needed.", nameof(trainDates));
        }

        return FitRows([.. used.Select(t => obs[t])], new DateWindow(panel.Dates[used[0]], panel.Dates[used[^1]]), options ?? new RegimeModelOptions());
    }

    private static RegimeModel FitRows(List<double[]> rows, DateWindow train, RegimeModelOptions options)
    {

        var wanted = options.Inputs ?? RegimeObservations.AllNames;
        foreach (var name in wanted)
        {
            if (!RegimeObservations.AllNames.Contains(name))
            {
                throw new ArgumentException($"Unknown regime input '{name}'; known: {string.Join(", ", RegimeObservations.AllNames)}.", nameof(options));
            }
        }

        var columns = new List<int>();
        var means = new List<double>();
        var stds = new List<double>();
        foreach (var name in wanted)
        {
            var c = RegimeObservations.AllNames.ToList().IndexOf(name);
            var values = rows.Select(r => r[c]).Where(double.IsFinite).ToArray();
            if (values.Length < options.MinFiniteShare * rows.Count || values.Length < 2)
            {
                continue;
            }

            var m = values.Average();
            var sd = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / values.Length);
            if (!(sd > 0))
            {
                continue;
            }

            columns.Add(c);
            means.Add(m);
            stds.Add(sd);
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException($"No regime input has a finite share >= {options.MinFiniteShare} in the training window.", nameof(rows));
        }

        var z = rows.Select(r => Standardise(r, columns, means, stds)).ToArray();
        var fit = GaussianHmmTrainer.Fit(z, new GaussianFitOptions(
            options.States, options.Covariance, options.VarianceFloor, options.Restarts, options.MaxIterations, Seed: options.Seed));
        var names = columns.Select(c => RegimeObservations.AllNames[c]).ToArray();
        var vol = Enumerable.Range(0, names.Length).Where(d => names[d].EndsWith("_vol_20d", StringComparison.Ordinal)).ToArray();
        var hmm = vol.Length == 0
            ? fit.Model
            : fit.Model.OrderBy(fit.Model.Means.Select(mu => vol.Average(d => mu[d])).ToArray());
        return new RegimeModel(hmm, names, [.. columns], [.. means], [.. stds], train, fit.LogLikelihood, rows.Count);
    }

    /// <summary>Standardised observations of the used inputs for every panel date: (T, D), NaN kept.</summary>
    public double[][] Standardised(IReadOnlyList<double[]> obs)
    {
        ArgumentNullException.ThrowIfNull(obs);
        return obs.Select(r => Standardise(r, _columns, Mean, Std)).ToArray();
    }

    /// <summary>Causal filtered probabilities for every panel date: (T, S).</summary>
    public double[][] FilteredProbabilities(Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return Hmm.FilteredProbabilities(Standardised(RegimeObservations.Build(panel)));
    }

    /// <summary>The feature columns, column-major C × T (C = S + 1): probabilities then the argmax state (as a float).</summary>
    public float[] Compute(Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var output = new float[Names.Count * panel.DateCount];
        Compute(panel, output);
        return output;
    }

    /// <summary>Writes the feature columns into <paramref name="output"/> (C × T, column-major).</summary>
    /// <exception cref="ArgumentException">output shorter than C × T.</exception>
    public void Compute(Panel panel, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var T = panel.DateCount;
        var s = Hmm.StateCount;
        if (output.Length < (s + 1) * T)
        {
            throw new ArgumentException($"Output holds {output.Length} values; {(s + 1) * T} are needed.", nameof(output));
        }

        var p = FilteredProbabilities(panel);
        for (var t = 0; t < T; t++)
        {
            var arg = 0;
            for (var k = 0; k < s; k++)
            {
                output[k * T + t] = (float)p[t][k];
                if (p[t][k] > p[t][arg])
                {
                    arg = k;
                }
            }

            output[s * T + t] = arg;
        }
    }

    private static double[] Standardise(double[] row, IReadOnlyList<int> columns, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        var z = new double[columns.Count];
        for (var d = 0; d < columns.Count; d++)
        {
            z[d] = (row[columns[d]] - mean[d]) / std[d];
        }

        return z;
    }
}
