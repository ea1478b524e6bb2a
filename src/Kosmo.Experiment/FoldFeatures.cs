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
    private readonly RunContext _ctx;
    private readonly (int Column, float[] Raw)[] _scaled;
    private readonly int[] _regimeColumns;
    private readonly RegimeModelOptions? _regime;
    private readonly Dictionary<int, FoldFit> _fits = [];
    private int _active = -1;

    private FoldFeatures(RunContext ctx, (int Column, float[] Raw)[] scaled, int[] regimeColumns, RegimeModelOptions? regime)
    {
        _ctx = ctx;
        _scaled = scaled;
        _regimeColumns = regimeColumns;
        _regime = regime;
    }

    /// <summary>The fits made so far, by fold index.</summary>
    public IReadOnlyDictionary<int, FoldFit> Fits => _fits;

    /// <summary>The fold whose market columns the cube holds now (−1 before the first activation).</summary>
    public int Active => _active;

    /// <summary>Collects the raw per-date values of the cube's z-scored market columns (M × T floats).</summary>
    /// <param name="ctx">The run, with its cube built.</param>
    /// <param name="set">The feature set the cube was built from.</param>
    /// <param name="rawMarket">Market columns left unscaled (the regime probabilities).</param>
    /// <param name="regime">The regime model's options (null without features.regimes).</param>
    public static FoldFeatures Create(RunContext ctx, FeatureSet set, IReadOnlySet<string> rawMarket, RegimeModelOptions? regime)
    {
        var panel = ctx.Panel;
        var T = panel.DateCount;
        var scaled = new List<(int, float[])>();
        foreach (var feature in set.MarketFeatures.Where(f => !f.Names.Any(rawMarket.Contains)))
        {
            var market = new float[feature.Names.Count * T];
            Array.Fill(market, float.NaN);
            feature.Compute(panel, market);
            for (var c = 0; c < feature.Names.Count; c++)
            {
                scaled.Add((ctx.Cube.IndexOf(feature.Names[c]), market[(c * T)..((c + 1) * T)]));
            }
        }

        int[] regimeColumns = [.. ctx.Cube.Names.Select((n, k) => (n, k)).Where(p => rawMarket.Contains(p.n)).Select(p => p.k)];
        return new FoldFeatures(ctx, [.. scaled], regimeColumns, regime);
    }

    /// <summary>Fits the fold's market columns and writes them into the cube (a no-op when the fold is already active).</summary>
    /// <exception cref="DataValidationException">The regime model cannot be fitted on the fold's dates.</exception>
    public void Activate(int fold, Action<string> status)
    {
        if (_active == fold)
        {
            return;
        }

        var ctx = _ctx;
        var split = ctx.Splits[fold];
        var mask = FitDates.Mask(ctx.Samples, split, ctx.Config.Split.EmbargoDays);
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
                model = RegimeModel.Fit(ctx.Panel, mask, _regime);
            }
            catch (ArgumentException e)
            {
                throw new DataValidationException("config", 0, "features.regimes", $"features.regimes: the regime model cannot be fitted on the training dates of fold '{split.Name}' ({e.Message}); set features.regimes: false");
            }

            var probabilities = model.Compute(ctx.Panel);
            for (var s = 0; s < _regimeColumns.Length; s++)
            {
                columns.Add((_regimeColumns[s], probabilities[(s * T)..((s + 1) * T)]));
            }
        }

        Write(ctx.Cube, columns);
        _fits[fold] = new FoldFit(mask, statistics, model);
        _active = fold;
        status($"  fold {split.Name}: market columns fitted on {mask.Count(m => m):N0} of {T:N0} dates (test periods and the {ctx.Config.Split.EmbargoDays}-day embargo left out)");
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
