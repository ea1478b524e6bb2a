using Kosmo.Core;
using Kosmo.Features;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Regimes;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// The market columns of the shared feature cube, refitted per fold for purged k-fold and CPCV. Under walk-forward one
/// fit on the first fold's training window precedes every test period and serves every fold; under cross-validation
/// a fold's test blocks precede later training data, so each fold fits on its own training dates only
/// (<see cref="FitDates"/>: every date outside its test periods and their embargo). Before a fold's cells are computed,
/// <see cref="Activate"/> rewrites the market columns of every stored row: the z-scored columns with that fold's mean and
/// population std (<see cref="FitColumn"/>, the statistic the walk-forward z-score uses), and with <c>features.regimes</c>
/// the regime probabilities of an HMM refitted on the fold's dates. Per-stock columns need no refit: they are scaled
/// across stocks within each day, which reads no other date.
/// </summary>
internal sealed class FoldFeatures
{
    private readonly Panel _panel;
    private readonly FeatureCube _cube;
    private readonly LabeledSamples _samples;
    private readonly IReadOnlyList<Split> _splits;
    private readonly int _embargoDays;
    private readonly (int Column, float[] Raw)[] _scaled;
    private readonly int[] _regimeColumns;
    private readonly RegimeModelOptions? _regime;
    private readonly Dictionary<int, FoldFit> _fits = [];
    private int _active = -1;

    private FoldFeatures(Panel panel, FeatureCube cube, LabeledSamples samples, IReadOnlyList<Split> splits, int embargoDays, (int Column, float[] Raw)[] scaled, int[] regimeColumns, RegimeModelOptions? regime)
    {
        _panel = panel;
        _cube = cube;
        _samples = samples;
        _splits = splits;
        _embargoDays = embargoDays;
        _scaled = scaled;
        _regimeColumns = regimeColumns;
        _regime = regime;
    }

    /// <summary>The fits made so far, by fold index.</summary>
    public IReadOnlyDictionary<int, FoldFit> Fits => _fits;

    /// <summary>The fold whose market columns the cube holds now (−1 before the first activation).</summary>
    public int Active => _active;

    /// <summary>Collects the raw per-date values of the cube's z-scored market columns (M × T floats).</summary>
    /// <param name="config">The run's config (split.embargo_days).</param>
    /// <param name="panel">The run's panel.</param>
    /// <param name="cube">The run's cube, just built (its market columns are rewritten by <see cref="Activate"/>).</param>
    /// <param name="samples">The run's samples.</param>
    /// <param name="splits">The run's splits.</param>
    /// <param name="set">The feature set the cube was built from.</param>
    /// <param name="rawMarket">Market columns left unscaled (the regime probabilities).</param>
    /// <param name="regime">The regime model's options (null without features.regimes).</param>
    public static FoldFeatures Create(Config.ExperimentConfig config, Panel panel, FeatureCube cube, LabeledSamples samples, IReadOnlyList<Split> splits, FeatureSet set, IReadOnlySet<string> rawMarket, RegimeModelOptions? regime)
    {
        var T = panel.DateCount;
        var scaled = new List<(int, float[])>();
        foreach (var feature in set.MarketFeatures.Where(f => !f.Names.Any(rawMarket.Contains)))
        {
            var market = new float[feature.Names.Count * T];
            Array.Fill(market, float.NaN);
            feature.Compute(panel, market);
            for (var c = 0; c < feature.Names.Count; c++)
            {
                scaled.Add((cube.IndexOf(feature.Names[c]), market[(c * T)..((c + 1) * T)]));
            }
        }

        int[] regimeColumns = [.. cube.Names.Select((n, k) => (n, k)).Where(p => rawMarket.Contains(p.n)).Select(p => p.k)];
        return new FoldFeatures(panel, cube, samples, splits, config.Split.EmbargoDays, [.. scaled], regimeColumns, regime);
    }

    /// <summary>Fits the fold's market columns and writes them into the cube (a no-op when the fold is already active).</summary>
    /// <exception cref="DataValidationException">The regime model cannot be fitted on the fold's dates.</exception>
    public void Activate(int fold, Action<string> status)
    {
        if (_active == fold)
        {
            return;
        }

        var split = _splits[fold];
        var mask = FitDates.Mask(_samples, split, _embargoDays);
        var T = mask.Length;
        var columns = new List<(int Column, float[] Values)>();
        var statistics = new List<(double Mean, double Std)>();
        foreach (var (column, raw) in _scaled)
        {
            var (mean, std) = FitColumn(raw, mask);
            statistics.Add((mean, std));
            columns.Add((column, Array.ConvertAll(raw, v => (float)((v - mean) / std))));
        }

        RegimeModel? model = null;
        if (_regime is not null)
        {
            try
            {
                model = RegimeModel.Fit(_panel, mask, _regime);
            }
            catch (ArgumentException e)
            {
                throw new DataValidationException("config", 0, "features.regimes", $"features.regimes: the regime model cannot be fitted on the training dates of fold '{split.Name}' ({e.Message}); set features.regimes: false");
            }

            var probabilities = model.Compute(_panel);
            for (var s = 0; s < _regimeColumns.Length; s++)
            {
                columns.Add((_regimeColumns[s], probabilities[(s * T)..((s + 1) * T)]));
            }
        }

        Write(_cube, columns);
        _fits[fold] = new FoldFit(mask, statistics, model);
        _active = fold;
        status($"  fold {split.Name}: market columns fitted on {mask.Count(m => m):N0} of {T:N0} dates (test periods and the {_embargoDays}-day embargo left out)");
    }

    /// <summary>
    /// Mean and population std of the finite values at the flagged dates (std 0 → 1, no value → (0, 1)), as
    /// <see cref="Kosmo.Features.Normalization.ZScoreProcessor"/> fits a column; nothing at an unflagged date is read.
    /// </summary>
    public static (double Mean, double Std) FitColumn(float[] raw, bool[] mask)
    {
        double sum = 0;
        var n = 0;
        for (var t = 0; t < raw.Length; t++)
        {
            if (mask[t] && float.IsFinite(raw[t]))
            {
                sum += raw[t];
                n++;
            }
        }

        if (n == 0)
        {
            return (0, 1);
        }

        var mean = sum / n;
        double squares = 0;
        for (var t = 0; t < raw.Length; t++)
        {
            if (mask[t] && float.IsFinite(raw[t]))
            {
                squares += (raw[t] - mean) * (raw[t] - mean);
            }
        }

        var std = Math.Sqrt(squares / n);
        return (mean, std > 0 ? std : 1);
    }

    private static void Write(FeatureCube cube, List<(int Column, float[] Values)> columns)
    {
        var T = cube.Dates.Length;
        for (var i = 0; i < cube.Codes.Length; i++)
        {
            for (var t = 0; t < T; t++)
            {
                if (!cube.Contains(i, t))
                {
                    continue;
                }

                var row = cube.Offset(i, t);
                foreach (var (column, values) in columns)
                {
                    cube.Values[row + column] = values[t];
                }
            }
        }
    }
}

/// <summary>One fold's fit of the market columns.</summary>
/// <param name="Dates">The dates the fit read (true = read), over the panel calendar.</param>
/// <param name="Statistics">(mean, std) per z-scored market column, in the cube's column order.</param>
/// <param name="Regime">The fold's regime model (null without features.regimes).</param>
internal sealed record FoldFit(bool[] Dates, IReadOnlyList<(double Mean, double Std)> Statistics, RegimeModel? Regime);
